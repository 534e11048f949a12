import { describe, expect, it } from 'vitest';
import { bearerToken, browserStatusFor, reasonHeader } from './browser-responses.ts';

describe('browser responses', () => {
  it("keeps the PBX's failure status and names our reason", () => {
    expect(browserStatusFor({ code: 'busy', sipStatus: 600 })).toBe(600);
    expect(reasonHeader({ code: 'no_agent', sipStatus: 404 })).toBe(
      'Reason: SIP;cause=404;text="no_agent"',
    );
    expect(reasonHeader({ code: 'unauthorized' })).toBe(
      'Reason: SIP;cause=403;text="unauthorized"',
    );
  });

  it('reads a bearer token and nothing else', () => {
    expect(bearerToken('Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2ln')).toBe(
      'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2ln',
    );
    expect(bearerToken('Digest username="x"')).toBeUndefined();
    expect(bearerToken('Bearer short')).toBeUndefined();
    expect(bearerToken('Bearer abc\r\nX-Evil: 1 and more text to pass the length')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
