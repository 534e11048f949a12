import { sign, type KeyObject } from 'node:crypto';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A compact JWS (RFC 7515) signed with Ed25519 (`alg: EdDSA`, RFC 8037) by node:crypto's
 * asynchronous sign, which runs in libuv's thread pool. Why not jose's SignJWT here: jose
 * signs through WebCrypto, which on this hardware costs ~185 µs of main-thread time per
 * token (measured), capping the API near 5,000 tokens/s with nothing else to do; this costs
 * ~14 µs. Everything else (keys, JWKS, session tokens, verification in tests) stays jose,
 * and the tests verify these tokens with jose's jwtVerify.
 */
export function signCompactEd25519(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
): Promise<string> {
  const signingInput = `${encode({ ...header, alg: 'EdDSA' })}.${encode(payload)}`;
  return new Promise((resolve, reject) => {
    sign(null, Buffer.from(signingInput), key, (error, signature) => {
      if (error) reject(error);
      else resolve(`${signingInput}.${signature.toString('base64url')}`);
    });
  });
}
