import { createHmac } from 'node:crypto';
import { sameText } from '../supervisor-session.ts';

/** A sign-in started at the provider: what its callback must present. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

export const pendingSignInCookieName = 'ctc_sso_pending';
/** Time to sign in at the provider, a second factor included. */
export const pendingSignInS = 600;

const mac = (secret: Uint8Array, text: string) =>
  createHmac('sha256', secret).update(`sso-pending:${text}`).digest('base64url');

/** `base64url(json).mac`, with its expiry inside: the browser keeps it, cannot forge it. */
export function encodePending(secret: Uint8Array, pending: PendingSignIn, nowMs: number): string {
  const body = Buffer.from(
    JSON.stringify({ ...pending, expiresAt: Math.floor(nowMs / 1000) + pendingSignInS }),
  ).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

export function decodePending(
  secret: Uint8Array,
  cookie: string | undefined,
  nowMs: number,
): PendingSignIn | undefined {
  const [body, signature] = cookie?.split('.') ?? [];
  if (!body || !signature || !sameText(signature, mac(secret, body))) return undefined;
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString()) as PendingSignIn & {
      expiresAt: number;
    };
    if (value.expiresAt * 1000 <= nowMs) return undefined;
    return { state: value.state, nonce: value.nonce, verifier: value.verifier };
  } catch {
    return undefined;
  }
}
