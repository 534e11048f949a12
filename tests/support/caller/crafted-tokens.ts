import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT, type CryptoKey, type KeyObject } from 'jose';
import {
  callTokenAudience,
  callTokenIssuer,
  type CallTokenClaims,
} from '../../../protocol/call-token.ts';

type SigningKey = { kid: string; key: CryptoKey | KeyObject | Uint8Array };

/**
 * The API's own call-token key, read from the key file the stack's API created in its data
 * dir (api/src/tokens/key-file.ts): signing with it lets a test choose the claims (expired,
 * wrong audience) without waiting two minutes for a real token to expire.
 */
export async function readApiSigningKey(apiDataDir: string): Promise<SigningKey> {
  const file = JSON.parse(await readFile(join(apiDataDir, 'signing-keys.json'), 'utf8')) as {
    callTokenKeys: { kid: string; privateJwk: Record<string, string> }[];
  };
  const entry = file.callTokenKeys[0];
  if (!entry) throw new Error('the API key file holds no call-token key');
  return { kid: entry.kid, key: await importJWK({ ...entry.privateJwk, alg: 'EdDSA' }, 'EdDSA') };
}

/** A fresh Ed25519 key the gateway has never seen, posing under the API's key id. */
export async function forgerKey(kid: string): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return { kid, key: privateKey };
}

/**
 * Claims as the API would issue them for the demo site's support queue, overridable. The
 * queue URI is the demo sites file's; a stack moves the PBX to kamailio's port, so a token
 * meant to pass the gateway's dial-target check there names `kamailio.queueUri(...)`.
 */
export function plausibleClaims(overrides: Partial<Record<string, unknown>> = {}) {
  const iat = Math.floor(Date.now() / 1000);
  const claims: CallTokenClaims = {
    iss: callTokenIssuer,
    aud: callTokenAudience,
    sub: 'acme',
    jti: randomUUID(),
    iat,
    exp: iat + 60,
    callId: randomUUID(),
    sid: 'session-0123456789',
    queue: {
      name: 'support-en',
      uri: 'sip:queue-support-en@127.0.0.1:5060',
      displayName: 'English Technical Support',
    },
    routing: { intent: 'support', language: 'en', country: 'US' },
    headers: {},
  };
  return { ...claims, ...overrides };
}

export async function signToken(signing: SigningKey, claims: Record<string, unknown>) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: signing.kid, typ: 'JWT' })
    .sign(signing.key);
}
