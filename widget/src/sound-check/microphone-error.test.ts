import { describe, expect, it } from 'vitest';
import { MicrophoneError, microphoneProblemOf } from './microphone-error.ts';

const rejection = (name: string) => new DOMException('getUserMedia failed', name);

describe("getUserMedia's rejections", () => {
  it('are a refusal when the visitor or the page said no', () => {
    expect(microphoneProblemOf(rejection('NotAllowedError'))).toBe('denied');
    expect(microphoneProblemOf(rejection('SecurityError'))).toBe('denied');
  });

  it('are a missing microphone when none exists or the chosen one is gone', () => {
    expect(microphoneProblemOf(rejection('NotFoundError'))).toBe('missing');
    expect(microphoneProblemOf(rejection('OverconstrainedError'))).toBe('missing');
  });

  it('are neither for a busy microphone or anything else, which may pass on retry', () => {
    expect(microphoneProblemOf(rejection('NotReadableError'))).toBeUndefined();
    expect(microphoneProblemOf(new TypeError('no mediaDevices'))).toBeUndefined();
    expect(microphoneProblemOf(undefined)).toBeUndefined();
  });

  it('carry a stable code and the original rejection', () => {
    const cause = rejection('NotAllowedError');
    const error = new MicrophoneError('denied', cause);
    expect(error).toMatchObject({ code: 'MICROPHONE_DENIED', kind: 'denied', cause });
    expect(new MicrophoneError('missing', cause).code).toBe('MICROPHONE_MISSING');
  });
});
