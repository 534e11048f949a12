import type { KeyObject } from 'node:crypto';
import { BatchSigner } from './batch-signer.ts';

const signer = new BatchSigner();
// A handful of distinct headers (one per key id and token type): encode each once.
const encodedHeaders = new Map<string, string>();

/**
 * A compact JWS (RFC 7515) signed with Ed25519 (`alg: EdDSA`, RFC 8037) by node:crypto on
 * the signing thread (batch-signer.ts). Why not jose's SignJWT here: jose signs through
 * WebCrypto, which on this hardware costs ~185 µs of main-thread time per token (measured),
 * capping the API near 5,000 tokens/s with nothing else to do. Everything else (keys, JWKS,
 * session tokens, verification in tests) stays jose, and the tests verify these tokens with
 * jose's jwtVerify.
 */
export function signCompactEd25519(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject,
): Promise<string> {
  const headerJson = JSON.stringify({ ...header, alg: 'EdDSA' });
  let encodedHeader = encodedHeaders.get(headerJson);
  if (encodedHeader === undefined) {
    if (encodedHeaders.size > 100) encodedHeaders.clear();
    encodedHeaders.set(headerJson, (encodedHeader = Buffer.from(headerJson).toString('base64url')));
  }
  return signer.sign(key, encodedHeader, JSON.stringify(payload));
}
