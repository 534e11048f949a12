import type { BrowserAudioOffer } from './browser-offer.ts';

const mid = 'urn:ietf:params:rtp-hdrext:sdes:mid';

/**
 * The RTP header extensions the browser leg's answer accepts: MID alone, so that mediasoup can
 * match the browser's audio before its SSRC is known. Audio level, abs-send-time and
 * transport-wide congestion control serve active-speaker detection and bandwidth estimation,
 * which one voice toward a PBX has no use for. The answer and the producer share this list:
 * declaring transport-cc on the producer would have mediasoup run a feedback timer per call
 * for packets the browser, never asked to, does not stamp.
 */
export function answeredExtensions(
  offer: BrowserAudioOffer,
): BrowserAudioOffer['headerExtensions'] {
  return offer.headerExtensions.filter((ext) => ext.uri === mid);
}
