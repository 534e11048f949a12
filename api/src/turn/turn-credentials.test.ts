import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretValue } from '../../../protocol/config/secret-file.ts';
import { turnCredentialMinter, turnRestCredential } from './turn-credentials.ts';

// A known-answer test vector, not a secret of any deployment.
const secret = 'north-secret-for-tests-0123456789abcdef';

describe('TURN REST credentials (coturn use-auth-secret)', () => {
  it('are base64(HMAC-SHA1(secret, "<expiry>:<id>")), as coturn recomputes them', () => {
    // Made with openssl, not with the code under test:
    //   printf '%s' '1798761600:session-id-1' |
    //     openssl dgst -sha1 -hmac 'north-secret-for-tests-0123456789abcdef' -binary | base64
    expect(turnRestCredential(secret, 'session-id-1', 1798761600)).toEqual({
      username: '1798761600:session-id-1',
      credential: 'R3TEuxLyfBwlPV2qdxA+WUf8bLI=',
      expiresAt: 1798761600,
    });
  });

  it('differ per secret, per id and per expiry', () => {
    const base = turnRestCredential(secret, 'a', 1798761600).credential;
    expect(turnRestCredential(`${secret}x`, 'a', 1798761600).credential).not.toBe(base);
    expect(turnRestCredential(secret, 'b', 1798761600).credential).not.toBe(base);
    expect(turnRestCredential(secret, 'a', 1798761601).credential).not.toBe(base);
  });

  it('expire the configured lifetime after minting, in whole unix seconds', () => {
    const minter = turnCredentialMinter({ secret: new SecretValue(secret), lifetimeS: 900 });
    const minted = minter.mint('sess', new Date('2027-01-01T00:00:00.750Z'));
    const issuedAt = Date.parse('2027-01-01T00:00:00Z') / 1000;
    expect(minted.expiresAt).toBe(issuedAt + 900);
    // coturn reads the expiry from the digits before the colon.
    expect(minted.username).toBe(`${issuedAt + 900}:sess`);
    expect(minted.credential).toBe(turnRestCredential(secret, 'sess', issuedAt + 900).credential);
  });

  it('keep the shared secret out of anything printed', () => {
    const wrapped = new SecretValue(secret);
    const config = { turnSecret: wrapped };
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(inspect(config)).not.toContain(secret);
    expect(`${wrapped}`).toBe('[redacted]');
    expect(wrapped.reveal()).toBe(secret);
  });
});
