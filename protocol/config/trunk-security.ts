import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

/**
 * SIP over TLS and SRTP (SDES) toward the PBX (media-config.ts spreads these fields in). Plain
 * RTP and SIP over UDP stay the default, on the trusted internal network the seeds describe;
 * a site whose internal leg must be encrypted sets MEDIA_TRUNK_TRANSPORT=tls and
 * MEDIA_TRUNK_SRTP=sdes. Certificate verification is always on: there is no switch to turn
 * it off, only a CA file to trust a private CA with.
 */

/** The CA certificates (PEM) the trunk's certificate must chain to, read once at start-up. */
export interface TrustedCaFile {
  path: string;
  pem: string;
}

const pemCertificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The path of a PEM file of one or more CA certificates, read and parsed when the config is:
 * a missing file, or one holding no certificate (a key, a DER file), fails start-up naming it.
 */
export const TrustedCaFileSchema = z
  .string()
  .min(1)
  .transform((path, ctx): TrustedCaFile => {
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      ctx.addIssue({ code: 'custom', message: `cannot read ${path} (${code})` });
      return z.NEVER;
    }
    const blocks = pem.match(pemCertificate) ?? [];
    if (blocks.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
      });
      return z.NEVER;
    }
    for (const [index, block] of blocks.entries()) {
      try {
        new X509Certificate(block);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `certificate ${index + 1} of ${path} cannot be parsed: ${(error as Error).message}`,
        });
        return z.NEVER;
      }
    }
    return { path, pem: blocks.join('\n') };
  });

/** SDES crypto suites (RFC 4568 6.2) both mediasoup and common PBXs carry. */
export const sdesCryptoSuites = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const;
export type SdesCryptoSuite = (typeof sdesCryptoSuites)[number];

export const trunkSecurityFields = {
  /**
   * CA certificates (a PEM file) the PBX's TLS certificate must chain to, with
   * MEDIA_TRUNK_TRANSPORT=tls: the contact center's own CA, typically. Unset: the public CAs
   * Node.js carries. Verification is never turned off.
   */
  trunkCaFile: TrustedCaFileSchema.optional(),
  /**
   * The name the PBX's certificate must carry (its subjectAltName, DNS or IP), and the SNI
   * sent. Unset: MEDIA_TRUNK_HOST, so a trunk reached by IP needs that IP in its certificate.
   */
  trunkTlsServerName: z
    .string()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, 'must be a host name or an IP address')
    .optional(),
  /**
   * SRTP on the PBX leg: `sdes` offers RTP/SAVP with an a=crypto key (RFC 4568) and ends a
   * call whose answer carries none (`incompatible`); `off` (default) is plain RTP/AVP.
   */
  trunkSrtp: z.enum(['off', 'sdes']).default('off'),
  /** The one crypto suite offered with `sdes`; the 32-bit tag saves 6 bytes a packet. */
  trunkSrtpCryptoSuite: z.enum(sdesCryptoSuites).default('AES_CM_128_HMAC_SHA1_80'),
  /**
   * SDES puts the SRTP keys in the SDP, so SIP must be encrypted too (RFC 4568 8.3): `sdes`
   * over UDP or TCP is refused at start-up unless this is true, for a trunk whose SIP travels
   * inside an IPsec tunnel or a VPN the gateway cannot see.
   */
  trunkSrtpKeysOverPlainSip: z.stringbool().default(false),
};

interface TrunkSecurityInput {
  trunkTransport: 'udp' | 'tcp' | 'tls';
  trunkPort?: number | undefined;
  trunkCaFile?: TrustedCaFile | undefined;
  trunkSrtp: 'off' | 'sdes';
  trunkSrtpKeysOverPlainSip: boolean;
}

/** SIP's default ports (RFC 3261 19.1.2): 5061 for TLS, 5060 otherwise. */
export function trunkPortDefault<T extends TrunkSecurityInput>(
  config: T,
): T & { trunkPort: number } {
  return {
    ...config,
    trunkPort: config.trunkPort ?? (config.trunkTransport === 'tls' ? 5061 : 5060),
  };
}

/** Settings that only make sense together, refused with the variable to fix. */
export function checkTrunkSecurity(config: TrunkSecurityInput, ctx: z.RefinementCtx): void {
  if (config.trunkCaFile && config.trunkTransport !== 'tls') {
    ctx.addIssue({
      code: 'custom',
      path: ['trunkCaFile'],
      message: `applies to MEDIA_TRUNK_TRANSPORT=tls only (it is ${config.trunkTransport})`,
    });
  }
  if (
    config.trunkSrtp === 'sdes' &&
    config.trunkTransport !== 'tls' &&
    !config.trunkSrtpKeysOverPlainSip
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['trunkSrtp'],
      message:
        `sdes sends the SRTP keys inside the SDP, readable on the wire over ${config.trunkTransport}: ` +
        'set MEDIA_TRUNK_TRANSPORT=tls, or MEDIA_TRUNK_SRTP_KEYS_OVER_PLAIN_SIP=true when SIP ' +
        'travels in a tunnel (IPsec, VPN)',
    });
  }
}
