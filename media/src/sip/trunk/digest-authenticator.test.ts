import { describe, expect, it } from 'vitest';
import { Grammar, LoggerFactory, OutgoingRequestMessage } from 'sip.js/lib/core/index.js';
import type { URI } from 'sip.js/lib/core/index.js';
import { SecretValue } from '../../../../protocol/config/secret-file.ts';
import type { TrunkCredential } from '../../../../protocol/config/trunk-credentials.ts';
import { NonceCounts, TrunkDigestAuthenticator } from './digest-authenticator.ts';
import type { ParsedChallenge } from './digest-authenticator.ts';
import { digestResponse } from './digest-response.ts';

const uri = (text: string) => Grammar.URIParse(text) as URI;
const invite = () =>
  new OutgoingRequestMessage(
    'INVITE',
    uri('sip:queue-sales@pbx.example.com'),
    uri('sip:gateway@10.0.0.2'),
    uri('sip:queue-sales@pbx.example.com'),
    { callId: 'call-1', cseq: 1 },
  );
const credential: TrunkCredential = { username: 'gw', password: new SecretValue('s3cret') };

/** Answers `challenge` and returns the Authorization header's parameters. */
const answer = (
  challenge: ParsedChallenge,
  options: { credential?: TrunkCredential; counts?: NonceCounts } = {},
) => {
  const authenticator = new TrunkDigestAuthenticator(new LoggerFactory(), {
    credentialsFor: () => ('credential' in options ? options.credential : credential),
    nonceCounts: options.counts ?? new NonceCounts(),
  });
  if (!authenticator.authenticate(invite(), challenge)) return undefined;
  const header = authenticator.toString();
  expect(header).toMatch(/^Digest /);
  return Object.fromEntries(
    [...header.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)].map((m) => [m[1], m[2] ?? m[3]]),
  );
};

describe('TrunkDigestAuthenticator', () => {
  it('answers a SHA-256 qop=auth challenge with the RFC 7616 fields and a response that checks', () => {
    const fields = answer({
      realm: 'pbx',
      nonce: 'n1',
      opaque: 'op',
      algorithm: 'SHA-256',
      qop: ['auth-int', 'auth'],
    })!;
    expect(fields).toMatchObject({
      username: 'gw',
      realm: 'pbx',
      nonce: 'n1',
      uri: 'sip:queue-sales@pbx.example.com',
      algorithm: 'SHA-256',
      qop: 'auth',
      nc: '00000001',
      opaque: 'op',
    });
    expect(fields.cnonce).toMatch(/^[0-9a-f]{32}$/);
    const expected = digestResponse({
      algorithm: 'SHA-256',
      username: 'gw',
      password: 's3cret',
      realm: 'pbx',
      nonce: 'n1',
      method: 'INVITE',
      uri: 'sip:queue-sales@pbx.example.com',
      qop: 'auth',
      nc: '00000001',
      cnonce: fields.cnonce!,
    });
    expect(fields.response).toBe(expected);
  });

  it('answers without qop, nc or cnonce when the challenge has no qop (RFC 2069)', () => {
    const fields = answer({ realm: 'pbx', nonce: 'n1' })!;
    expect(fields).toMatchObject({ algorithm: 'MD5' });
    expect(fields).not.toHaveProperty('qop');
    expect(fields).not.toHaveProperty('nc');
    expect(fields).not.toHaveProperty('cnonce');
  });

  it('counts the requests made with one nonce, apart from other nonces', () => {
    const counts = new NonceCounts();
    const challenge = { realm: 'pbx', nonce: 'n1', qop: ['auth'] };
    expect(answer(challenge, { counts })?.nc).toBe('00000001');
    expect(answer(challenge, { counts })?.nc).toBe('00000002');
    expect(answer({ ...challenge, nonce: 'n2' }, { counts })?.nc).toBe('00000001');
  });

  it('does not answer without credentials, for another realm than theirs, or an unknown algorithm', () => {
    expect(answer({ realm: 'pbx', nonce: 'n1' }, { credential: undefined })).toBeUndefined();
    const pinned = { ...credential, realm: 'pbx.acme' };
    expect(answer({ realm: 'evil', nonce: 'n1' }, { credential: pinned })).toBeUndefined();
    expect(answer({ realm: 'pbx.acme', nonce: 'n1' }, { credential: pinned })).toBeDefined();
    expect(answer({ realm: 'pbx', nonce: 'n1', algorithm: 'AKAV1-MD5' })).toBeUndefined();
    expect(answer({ realm: 'pbx', nonce: 'n1', qop: ['auth-conf'] })).toBeUndefined();
  });
});
