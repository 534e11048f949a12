import type { MediaDescription } from 'sdp-transform';
import {
  sdesCryptoSuites,
  type SdesCryptoSuite,
} from '../../../../protocol/config/trunk-security.ts';
import { SdpError } from './sdp-error.ts';

/**
 * SDES (RFC 4568): SRTP master keys exchanged in the SDP's `a=crypto` lines. Only what the
 * mediasoup worker can carry is taken: the AES-CM suites with an 80- or 32-bit tag, one key
 * without MKI and no session parameters (UNENCRYPTED_SRTP, KDR, FEC_ORDER... would each
 * change how packets are protected, which the worker cannot follow).
 */

export type { SdesCryptoSuite } from '../../../../protocol/config/trunk-security.ts';
// The suites offered and taken (RFC 4568 6.2.1, 6.2.2).
const suites: readonly string[] = sdesCryptoSuites;

/** One side's key for one suite, as mediasoup's `srtpParameters` name them. */
export interface SdesKey {
  cryptoSuite: SdesCryptoSuite;
  /** base64 of the 16-byte master key followed by the 14-byte master salt. */
  keyBase64: string;
}

/** An `a=crypto` line: its tag (which the answer echoes) and key. */
export interface SdesCrypto extends SdesKey {
  tag: number;
}

/** AES-CM 128: a 128-bit key and a 112-bit salt (RFC 4568 6.2.1), 30 bytes. */
const masterKeyBytes = 30;

/** The `a=crypto` attribute for our key (sdp-transform's shape). */
export function cryptoAttribute({ tag, cryptoSuite, keyBase64 }: SdesCrypto) {
  return { id: tag, suite: cryptoSuite, config: `inline:${keyBase64}` };
}

/** Why a line cannot be used, or its key. */
function readLine(line: NonNullable<MediaDescription['crypto']>[number]): SdesCrypto | string {
  if (!suites.includes(line.suite)) return `suite ${line.suite}`;
  if (line.sessionConfig) return `session parameter ${line.sessionConfig}`;
  // One key (RFC 4568 allows several, each with an MKI, joined by ';').
  const match = /^inline:([A-Za-z0-9+/]+={0,2})(?:\|(2\^\d{1,2}|\d{1,20}))?(\|[^;]*)?$/.exec(
    line.config,
  );
  if (!match) return `key parameters ${line.config.slice(0, 12)}...`;
  if (match[3]) return 'a master key identifier (MKI)';
  const keyBase64 = match[1] ?? '';
  if (Buffer.from(keyBase64, 'base64').length !== masterKeyBytes)
    return `a key of ${Buffer.from(keyBase64, 'base64').length} bytes, not ${masterKeyBytes}`;
  // Tags are 1 to 9 digits (RFC 4568 9.1).
  if (!Number.isInteger(line.id) || line.id < 0 || line.id > 999_999_999) return 'its tag';
  return { tag: line.id, cryptoSuite: line.suite as SdesCryptoSuite, keyBase64 };
}

/**
 * The key the PBX's audio line gives for `suite`: in an answer, the line echoing our offer's
 * `tag` (RFC 4568 5.1.2); in an offer, its first line we can carry (its preferred one).
 * Throws `sdp_no_crypto` when there is none: SRTP is required on this trunk, so the call
 * cannot go on with plain RTP.
 */
export function chooseSdesCrypto(
  audio: Pick<MediaDescription, 'crypto' | 'protocol'>,
  wanted: { suite: SdesCryptoSuite; tag?: number },
): SdesCrypto {
  const lines = audio.crypto ?? [];
  if (lines.length === 0)
    throw new SdpError(
      'sdp_no_crypto',
      `the PBX's ${audio.protocol} audio carries no a=crypto key, and this trunk requires SRTP (MEDIA_TRUNK_SRTP=sdes)`,
    );
  const refused: string[] = [];
  for (const line of lines) {
    if (wanted.tag !== undefined && line.id !== wanted.tag) continue;
    const read = readLine(line);
    if (typeof read === 'string') refused.push(`tag ${line.id}: ${read}`);
    else if (read.cryptoSuite === wanted.suite) return read;
    else refused.push(`tag ${line.id}: suite ${read.cryptoSuite}, not ${wanted.suite}`);
  }
  throw new SdpError(
    'sdp_no_crypto',
    `no a=crypto line of the PBX is usable (${refused.join('; ') || `none with tag ${wanted.tag}`})`,
  );
}
