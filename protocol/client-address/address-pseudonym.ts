import { createHmac, randomBytes } from 'node:crypto';

/**
 * The form a client address takes in logs, which must never hold the address itself
 * (log-redaction.ts): a keyed hash. The same address gets the same label for as long as the
 * key lives, so an operator sees that 500 refused INVITEs came from one client and can tell
 * that client from the others; the label cannot be turned back into the address, because the
 * key is random, held in memory only and never logged (an unkeyed hash of an IPv4 address is
 * reversed by hashing all 2^32 of them). A new key (a restart, another node) gives new labels:
 * correlation spans one process, which is what following an attack in the logs needs.
 */
export type AddressPseudonym = (address: string) => string;

export function addressPseudonymizer(key: Buffer = randomBytes(32)): AddressPseudonym {
  // 72 bits: no two clients of one process share a label in practice; the prefix says what it is.
  return (address) =>
    `client-${createHmac('sha256', key).update(address).digest('base64url').slice(0, 12)}`;
}
