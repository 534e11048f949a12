import { describe, expect, it } from 'vitest';
import { VisitorApiError } from '../api/visitor-api.ts';
import { CallFailure, CallNotPlaced, callFailureCode } from './call-failure.ts';

describe('what the visitor is told when placing the call failed', () => {
  it.each([
    [
      'the API refusing more calls for now',
      new VisitorApiError(429, 'rate_limited', ''),
      'too_many_calls',
    ],
    ['an expired session', new VisitorApiError(401, 'session_invalid', ''), 'unauthorized'],
    ['any other API failure', new VisitorApiError(500, 'internal', ''), 'gateway_error'],
    ['a refused microphone', new DOMException('denied', 'NotAllowedError'), 'microphone_blocked'],
    ['no microphone', new DOMException('none', 'NotFoundError'), 'microphone_missing'],
    ['an unreachable gateway', new CallFailure('gateway_unreachable'), 'gateway_unreachable'],
    ['anything unforeseen', new TypeError('x is undefined'), 'gateway_error'],
  ])('%s', (_what, error, code) => {
    expect(callFailureCode(error)).toBe(code);
  });

  it('says nothing when the journey moved on (the team closed meanwhile)', () => {
    expect(callFailureCode(new CallNotPlaced())).toBeUndefined();
  });
});
