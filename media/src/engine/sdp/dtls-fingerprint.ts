import { SdpError } from './sdp-error.ts';

/** The hash functions mediasoup checks a browser's DTLS certificate with. */
const algorithms = ['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512'] as const;
export type FingerprintAlgorithm = (typeof algorithms)[number];

// RFC 8122 5: the fingerprint is uppercase hex bytes separated by colons; the hash function's
// name is case-insensitive ("SHA-256" is as valid as "sha-256").
const hexBytes = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})+$/;

/**
 * The offer's `a=fingerprint`, checked as mediasoup takes it: a hash function it knows (named
 * in lower case) and hex bytes; otherwise the offer is refused, not the transport later.
 */
export function offeredFingerprint(fingerprint: { type: string; hash: string }): {
  algorithm: FingerprintAlgorithm;
  value: string;
} {
  const algorithm = String(fingerprint.type).toLowerCase();
  const value = String(fingerprint.hash);
  if (!algorithms.includes(algorithm as FingerprintAlgorithm) || !hexBytes.test(value)) {
    throw new SdpError('sdp_missing_dtls', 'offer has a malformed DTLS fingerprint');
  }
  return { algorithm: algorithm as FingerprintAlgorithm, value };
}
