import { describe, expect, it } from 'vitest';
import { bearerToken } from './sip-browser-leg.ts';

describe("the browser's INVITE", () => {
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
