import * as sdpTransform from 'sdp-transform';
import { offeredCodecs, type OfferedCodec } from './offered-codecs.ts';
import { offeredSections, type OfferedSection } from './offered-sections.ts';
import { offeredFingerprint } from './dtls-fingerprint.ts';
import { SdpError } from './sdp-error.ts';

export type { OfferedCodec } from './offered-codecs.ts';
export type { OfferedSection } from './offered-sections.ts';

/** What the gateway needs from a browser's WebRTC audio offer. */
export interface BrowserAudioOffer {
  mid: string;
  /** Every m-line of the offer, in order. */
  sections: OfferedSection[];
  iceUfrag: string;
  icePwd: string;
  fingerprint: { algorithm: string; value: string };
  /** The browser's DTLS role offer (`actpass` from every current browser). */
  setup: 'actpass' | 'active' | 'passive';
  /** In the browser's order of preference. */
  codecs: OfferedCodec[];
  headerExtensions: { id: number; uri: string }[];
  /** The SSRC the browser will send from, when it says so. */
  ssrc?: number;
  cname?: string;
}

const webRtcAudio = 'UDP/TLS/RTP/SAVPF';

/** Parses and checks the first audio section of a browser's offer (bundled, rtcp-mux). */
export function parseBrowserAudioOffer(sdp: string): BrowserAudioOffer {
  let session: sdpTransform.SessionDescription;
  try {
    session = sdpTransform.parse(sdp);
  } catch (error) {
    throw new SdpError('sdp_unparsable', `offer is not SDP: ${String(error)}`);
  }
  // WebRTC audio is DTLS-SRTP (RFC 5764); the answer must name the offer's transport.
  const audio = session.media?.find(
    (media) => media.type === 'audio' && media.port !== 0 && media.protocol === webRtcAudio,
  );
  if (!audio) throw new SdpError('sdp_no_audio', 'offer has no active WebRTC audio section');
  const sections = offeredSections(session, audio);

  const iceUfrag = audio.iceUfrag ?? session.iceUfrag;
  const icePwd = audio.icePwd ?? session.icePwd;
  if (!iceUfrag || !icePwd) throw new SdpError('sdp_missing_ice', 'offer has no ICE credentials');
  const fingerprint = audio.fingerprint ?? session.fingerprint;
  const setup = audio.setup ?? session.setup;
  if (!fingerprint || !setup || !['actpass', 'active', 'passive'].includes(setup)) {
    throw new SdpError('sdp_missing_dtls', 'offer has no DTLS fingerprint or setup role');
  }

  const codecs = offeredCodecs(audio);
  const ssrcLine = audio.ssrcs?.find((line) => line.attribute === 'cname');
  return {
    // offeredSections made sure the section taken has one.
    mid: String(audio.mid),
    sections,
    iceUfrag,
    icePwd,
    fingerprint: offeredFingerprint(fingerprint),
    setup: setup as BrowserAudioOffer['setup'],
    codecs,
    // RFC 8285 ids run 1-255; mediasoup refuses any other.
    headerExtensions: (audio.ext ?? [])
      .filter((ext) => Number.isInteger(ext.value) && ext.value >= 1 && ext.value <= 255)
      .map((ext) => ({ id: ext.value, uri: String(ext.uri) })),
    ...(ssrcLine && isSsrc(ssrcLine.id)
      ? { ssrc: Number(ssrcLine.id), cname: String(ssrcLine.value) }
      : {}),
  };
}

/** An RTP SSRC: 32 bits; without a valid one, mediasoup matches the stream by its MID. */
const isSsrc = (id: unknown) => Number.isInteger(id) && Number(id) >= 0 && Number(id) < 2 ** 32;
