import * as sdpTransform from 'sdp-transform';
import { offeredSections, type OfferedSection } from './offered-sections.ts';
import { offeredFingerprint } from './dtls-fingerprint.ts';
import { SdpError } from './sdp-error.ts';

/** What the gateway needs from a browser's offer of an SCTP data-channel association. */
export interface BrowserDataChannelOffer {
  mid: string;
  /** Every m-line of the offer, in order (the answer rejects all but the data channel's). */
  sections: OfferedSection[];
  fingerprint: { algorithm: string; value: string };
  /** The browser's DTLS role offer (`actpass` from every current browser). */
  setup: 'actpass' | 'active' | 'passive';
  /** The browser's SCTP port (RFC 8841 `a=sctp-port`), 5000 from every browser. */
  sctpPort: number;
}

/** Parses and checks the data-channel section of a browser's offer (RFC 8841). */
export function parseBrowserDataChannelOffer(sdp: string): BrowserDataChannelOffer {
  let session: sdpTransform.SessionDescription;
  try {
    session = sdpTransform.parse(sdp);
  } catch (error) {
    throw new SdpError('sdp_unparsable', `offer is not SDP: ${String(error)}`);
  }
  const application = session.media?.find(
    (media) =>
      media.type === 'application' &&
      media.port !== 0 &&
      media.protocol === 'UDP/DTLS/SCTP' &&
      String(media.payloads) === 'webrtc-datachannel',
  );
  if (!application) {
    throw new SdpError('sdp_no_datachannel', 'offer has no WebRTC data-channel section');
  }
  const sections = offeredSections(session, application);
  const iceUfrag = application.iceUfrag ?? session.iceUfrag;
  const icePwd = application.icePwd ?? session.icePwd;
  if (!iceUfrag || !icePwd) throw new SdpError('sdp_missing_ice', 'offer has no ICE credentials');
  const fingerprint = application.fingerprint ?? session.fingerprint;
  const setup = application.setup ?? session.setup;
  if (!fingerprint || !setup || !['actpass', 'active', 'passive'].includes(setup)) {
    throw new SdpError('sdp_missing_dtls', 'offer has no DTLS fingerprint or setup role');
  }
  return {
    // offeredSections made sure the section taken has one.
    mid: String(application.mid),
    sections,
    fingerprint: offeredFingerprint(fingerprint),
    setup: setup as BrowserDataChannelOffer['setup'],
    sctpPort: application.sctpPort ?? 5000,
  };
}
