import { createHash } from 'node:crypto';

// The digest computation of RFC 7616 section 3.4 (RFC 2617's, with SHA-256 and SHA-512/256
// added; RFC 8760 brings them to SIP), plus RFC 2069's form when the challenge has no qop.
// node:crypto, not an npm package: the packages that exist wrap an HTTP client (digest-fetch,
// axios-digest-auth) or stop at MD5 (digest-header, @mreal/digest-auth), and the arithmetic
// is a dozen lines of hashing.

/** The algorithms we answer, weakest first: a challenge's place here is its strength. */
export const digestAlgorithms = ['MD5', 'SHA-256', 'SHA-512-256'] as const;
export type DigestAlgorithm = (typeof digestAlgorithms)[number];

const hashNames: Record<DigestAlgorithm, string> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
};

/** An algorithm token as a challenge writes it: the base algorithm and whether it is `-sess`. */
export function parseDigestAlgorithm(
  token: string | undefined,
): { algorithm: DigestAlgorithm; session: boolean } | undefined {
  // RFC 7616 3.3: a challenge without algorithm means MD5.
  const upper = (token ?? 'MD5').toUpperCase();
  const session = upper.endsWith('-SESS');
  const base = session ? upper.slice(0, -'-SESS'.length) : upper;
  const algorithm = digestAlgorithms.find((name) => name === base);
  return algorithm ? { algorithm, session } : undefined;
}

export interface DigestInput {
  algorithm: DigestAlgorithm;
  /** `-sess` variant: HA1 also covers the nonce and cnonce. */
  session?: boolean;
  username: string;
  password: string;
  realm: string;
  nonce: string;
  method: string;
  /** The digest-uri: in SIP, the Request-URI. */
  uri: string;
  /** `auth`, `auth-int`, or none for RFC 2069's form. */
  qop?: 'auth' | 'auth-int';
  /** Eight hex digits, counting the requests made with this nonce. */
  nc?: string;
  cnonce?: string;
  /** The message body, for qop=auth-int. */
  body?: string;
}

/** The `response` value: H(HA1 ":" nonce [":" nc ":" cnonce ":" qop] ":" HA2). */
export function digestResponse(input: DigestInput): string {
  const h = (text: string) => createHash(hashNames[input.algorithm]).update(text).digest('hex');
  const { username, realm, password, nonce, cnonce = '', qop } = input;
  const secret = h(`${username}:${realm}:${password}`);
  const ha1 = input.session ? h(`${secret}:${nonce}:${cnonce}`) : secret;
  const ha2 =
    qop === 'auth-int'
      ? h(`${input.method}:${input.uri}:${h(input.body ?? '')}`)
      : h(`${input.method}:${input.uri}`);
  if (!qop) return h(`${ha1}:${nonce}:${ha2}`);
  return h(`${ha1}:${nonce}:${input.nc ?? ''}:${cnonce}:${qop}:${ha2}`);
}
