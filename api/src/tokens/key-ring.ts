import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import type { KeyFile } from './key-file.ts';

export interface SigningKey {
  kid: string;
  /** Ed25519 private key (a KeyObject: see ed25519-jws.ts for why not a CryptoKey). */
  key: KeyObject;
}

/** The keys in use: which one signs now, which are published, and the session secret. */
export interface KeyRing {
  /** The newest key whose notBefore has passed. */
  signingKey(now: Date): SigningKey;
  /** Every call-token public key, including those not signing yet (published early). */
  jwks(): { keys: JWK[] };
  sessionKey: CryptoKey;
  /** Raw session secret, for HMACs outside JOSE (supervisor cookies, CSRF). */
  sessionSecret: Uint8Array;
}

export async function keyRingFrom(file: KeyFile): Promise<KeyRing> {
  const entries = await Promise.all(
    file.callTokenKeys.map(async (entry) => ({
      kid: entry.kid,
      notBefore: Date.parse(entry.notBefore),
      key: createPrivateKey({ key: { ...entry.privateJwk }, format: 'jwk' }),
      publicJwk: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: entry.privateJwk.x,
        kid: entry.kid,
        alg: 'EdDSA',
        use: 'sig',
      } satisfies JWK,
    })),
  );
  const newestFirst = [...entries].sort((a, b) => b.notBefore - a.notBefore);
  const oldest = newestFirst.at(-1);
  if (!oldest) throw new Error('the key file has no call token key');
  const sessionSecret = Buffer.from(file.sessionSecret, 'base64url');
  const sessionKey = await crypto.subtle.importKey(
    'raw',
    sessionSecret,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const jwks = { keys: entries.map((entry) => entry.publicJwk) };
  return {
    signingKey(now) {
      const entry = newestFirst.find((e) => e.notBefore <= now.getTime()) ?? oldest;
      return { kid: entry.kid, key: entry.key };
    },
    jwks: () => jwks,
    sessionKey,
    sessionSecret,
  };
}

/** A key ring that can be swapped whole when the key file changes. */
export interface KeyRingHolder {
  current(): KeyRing;
  replace(ring: KeyRing): void;
}

export function keyRingHolder(initial: KeyRing): KeyRingHolder {
  let ring = initial;
  return { current: () => ring, replace: (next) => void (ring = next) };
}
