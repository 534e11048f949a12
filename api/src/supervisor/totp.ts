import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
const totpOf = (secret: string, username: string) =>
  new TOTP({
    issuer: 'click-to-call',
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });

/** A new 160-bit secret (RFC 4226's recommendation) and the otpauth:// URI to enrol it. */
export function newTotpEnrolment(username: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpOf(secret, username).toString() };
}

/**
 * The time step `code` is the user's code for: the one of `now`, or either side of it (a
 * phone's clock a little off, a code typed as it rolled over); undefined when none.
 */
export function totpStepOf(
  secret: string,
  username: string,
  code: string,
  now: Date,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const totp = totpOf(secret, username);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? undefined : totp.counter({ timestamp: now.getTime() }) + delta;
}
