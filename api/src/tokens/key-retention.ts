import { callTokenMaxLifetimeS } from '../../../protocol/call-token.ts';
import type { KeyFile } from './key-file.ts';

/**
 * The keys a key file still needs at `now`: the signing key, any key waiting to sign, and an
 * older key while a token it signed may still be presented (a call token's lifetime after the
 * next key took over). The rest can go: the JWKS stops publishing them.
 */
export function keysStillNeeded(file: KeyFile, now: Date): KeyFile {
  const byStart = [...file.callTokenKeys].sort(
    (a, b) => Date.parse(a.notBefore) - Date.parse(b.notBefore),
  );
  const lastTokenLifetimeMs = callTokenMaxLifetimeS * 1000;
  const kept = byStart.filter((_, index) => {
    const successor = byStart[index + 1];
    return !successor || Date.parse(successor.notBefore) > now.getTime() - lastTokenLifetimeMs;
  });
  return { ...file, callTokenKeys: kept };
}
