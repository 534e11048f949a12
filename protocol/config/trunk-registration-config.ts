import { z } from 'zod';

/**
 * The gateway's optional registration with the PBX as a trunk user (Asterisk/FreePBX, 3CX and
 * some SBCs want one; docs/pbx-profiles.md). Spread into the media config; the credentials
 * are the `default` entry of MEDIA_TRUNK_CREDENTIALS_FILE, as for the OPTIONS pings.
 */
export const trunkRegistrationFields = {
  /**
   * REGISTER with every PBX address, refresh before expiry, unregister on shutdown. An
   * address the gateway is not registered with takes no new calls while another is up.
   */
  trunkRegister: z.stringbool().default(false),
  /** User part of the address of record the gateway registers (the PBX's trunk user). Unset: `gateway`. */
  trunkRegisterUser: z
    .string()
    .regex(
      /^[A-Za-z0-9\-_.!~*'()&=+$,;?/]{1,64}$/,
      'must be a SIP user part (no @, spaces or quotes)',
    )
    .optional(),
  /** Domain of the address of record (the PBX's SIP domain). Unset: each PBX address's host. */
  trunkRegisterDomain: z
    .string()
    .regex(/^[A-Za-z0-9.-]{1,253}$/, 'must be a host name or IPv4 address')
    .optional(),
  /**
   * The expiry asked for, in seconds; the registrar's answer rules (its Contact expires, a
   * 423's Min-Expires). Refreshed at half the time granted.
   */
  trunkRegisterExpiresS: z.coerce.number().int().min(10).max(86_400).default(600),
};
