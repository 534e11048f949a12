import { createHmac } from 'node:crypto';
import type { SecretValue } from '../../../protocol/config/secret-file.ts';

/** A TURN REST API credential: what the browser puts in RTCIceServer.username/credential. */
export interface TurnCredential {
  /** `<expiry, unix seconds>:<id>`: coturn reads the expiry from it. */
  username: string;
  /** base64(HMAC-SHA1(shared secret, username)). */
  credential: string;
  /** The expiry, unix seconds. */
  expiresAt: number;
}

/**
 * The credential coturn's `use-auth-secret` accepts (its README, "TURN REST API"): the
 * username is the expiry time and an id joined by `:`, the password the base64 HMAC-SHA1 of
 * the username keyed with the shared secret. coturn recomputes it from its own copy of the
 * secret and, once the expiry has passed, refuses it for new allocations (401); a relay
 * allocated before keeps working, so a call may outlast its credential.
 */
export function turnRestCredential(secret: string, id: string, expiresAt: number): TurnCredential {
  const username = `${expiresAt}:${id}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}

export interface TurnCredentialMinter {
  /** A credential for `id` (the visitor's session) valid from `now` for the configured time. */
  mint(id: string, now: Date): TurnCredential;
}

/** Mints credentials from the API's copy of the shared secret (API_TURN_SECRET_FILE). */
export function turnCredentialMinter(options: {
  secret: SecretValue;
  lifetimeS: number;
}): TurnCredentialMinter {
  return {
    mint: (id, now) =>
      turnRestCredential(
        options.secret.reveal(),
        id,
        Math.floor(now.getTime() / 1000) + options.lifetimeS,
      ),
  };
}
