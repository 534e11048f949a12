import type * as sdpTransform from 'sdp-transform';
import { SdpError } from './sdp-error.ts';

/** An m-line of an offer as the answer must echo it (RFC 3264: one answer line per offer line). */
export interface OfferedSection {
  type: string;
  protocol: string;
  /** The offer's first format: a rejected line still names one. */
  firstFormat: string;
  mid: string | undefined;
  /** The section the gateway takes (the first usable one); every other is answered rejected. */
  used: boolean;
}

// RFC 8866 fmt: a token of visible ASCII, echoed into a rejected line's answer.
const formatToken = /^[!-~]+$/;
// RFC 5888 identification-tag (a token): it is echoed into the answer and its BUNDLE group.
const midToken = /^[A-Za-z0-9!%*_+.'`~-]+$/;

/**
 * Every m-line of an offer, checked enough to be answered: each one readable (a type, a
 * port, a transport, at least one format), each mid a token and unique, and a mid on the one
 * taken when bundled (the browser's media is matched by it). Otherwise the offer is refused: an answer
 * echoing a line we could not read would be refused by the browser anyway.
 */
export function offeredSections(
  session: sdpTransform.SessionDescription,
  used: sdpTransform.MediaDescription,
  /** A WebRTC offer bundles by mid; a PBX's plain RTP has none. */
  { bundled = true }: { bundled?: boolean } = {},
): OfferedSection[] {
  const mids = new Set<string>();
  return session.media.map((media, index) => {
    const formats = String(media.payloads ?? '').split(' ');
    const firstFormat = formats[0] ?? '';
    if (
      !media.type ||
      !media.protocol ||
      !Number.isInteger(media.port) ||
      media.port < 0 ||
      media.port > 65535 ||
      !formats.every((format) => formatToken.test(format))
    ) {
      throw new SdpError('sdp_unparsable', `m-line ${index} of the SDP is not an m-line`);
    }
    const mid = media.mid === undefined ? undefined : String(media.mid);
    if (mid !== undefined && (!midToken.test(mid) || mids.has(mid))) {
      throw new SdpError(
        'sdp_unparsable',
        `m-line ${index} of the SDP has a malformed or repeated mid`,
      );
    }
    if (mid !== undefined) mids.add(mid);
    if (bundled && media === used && mid === undefined) {
      throw new SdpError(
        'sdp_unparsable',
        `m-line ${index} of the offer has no mid to bundle it by`,
      );
    }
    return {
      type: media.type,
      protocol: media.protocol,
      firstFormat,
      mid,
      used: media === used,
    };
  });
}

/** RFC 3264 6: port 0, one of the offer's formats; outside the BUNDLE group (RFC 8843 7.3.3). */
export function rejectedSection(section: OfferedSection): sdpTransform.MediaDescription {
  return {
    type: section.type,
    port: 0,
    protocol: section.protocol,
    payloads: section.firstFormat,
    connection: { version: 4, ip: '0.0.0.0' },
    ...(section.mid !== undefined ? { mid: section.mid } : {}),
    direction: 'inactive',
    rtp: [],
    fmtp: [],
  };
}
