import * as sdpTransform from 'sdp-transform';
import { SdpError } from './sdp-error.ts';

/** One codec of the offer, as the browser numbered and parameterized it. */
export interface OfferedCodec {
  payloadType: number;
  /** e.g. `audio/opus`, as mediasoup names it. */
  mimeType: string;
  clockRate: number;
  channels?: number;
  parameters: Record<string, string | number>;
  rtcpFeedback: { type: string; parameter: string }[];
}

/** An m-line of the offer as the answer must echo it (RFC 3264: one answer line per offer line). */
export interface OfferedSection {
  type: string;
  protocol: string;
  /** The offer's first format: a rejected line still names one. */
  firstFormat: string;
  mid: string | undefined;
  /** The audio section the call uses (the first active one); every other is rejected. */
  used: boolean;
}

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

/** Parses and checks the first audio section of a browser's offer (bundled, rtcp-mux). */
export function parseBrowserAudioOffer(sdp: string): BrowserAudioOffer {
  let session: sdpTransform.SessionDescription;
  try {
    session = sdpTransform.parse(sdp);
  } catch (error) {
    throw new SdpError('sdp_unparsable', `offer is not SDP: ${String(error)}`);
  }
  const audio = session.media?.find((media) => media.type === 'audio' && media.port !== 0);
  if (!audio) throw new SdpError('sdp_no_audio', 'offer has no active audio section');

  const iceUfrag = audio.iceUfrag ?? session.iceUfrag;
  const icePwd = audio.icePwd ?? session.icePwd;
  if (!iceUfrag || !icePwd) throw new SdpError('sdp_missing_ice', 'offer has no ICE credentials');
  const fingerprint = audio.fingerprint ?? session.fingerprint;
  const setup = audio.setup ?? session.setup;
  if (!fingerprint || !setup || !['actpass', 'active', 'passive'].includes(setup)) {
    throw new SdpError('sdp_missing_dtls', 'offer has no DTLS fingerprint or setup role');
  }

  const codecs: OfferedCodec[] = audio.rtp.map((rtp) => ({
    payloadType: rtp.payload,
    mimeType: `audio/${rtp.codec}`,
    clockRate: rtp.rate ?? 8000,
    ...(rtp.encoding ? { channels: Number(rtp.encoding) } : {}),
    parameters: parseFmtp(audio.fmtp.find((fmtp) => fmtp.payload === rtp.payload)?.config),
    rtcpFeedback: (audio.rtcpFb ?? [])
      .filter((fb) => fb.payload === String(rtp.payload) || fb.payload === '*')
      .map((fb) => ({ type: fb.type, parameter: fb.subtype ?? '' })),
  }));
  // m= line order is the browser's preference; rtpmap order need not follow it.
  const order = String(audio.payloads ?? '')
    .split(' ')
    .map(Number);
  codecs.sort((a, b) => order.indexOf(a.payloadType) - order.indexOf(b.payloadType));

  const ssrcLine = audio.ssrcs?.find((line) => line.attribute === 'cname');
  return {
    mid: String(audio.mid ?? '0'),
    sections: session.media.map((media) => ({
      type: media.type,
      protocol: media.protocol,
      firstFormat: String(media.payloads ?? '').split(' ')[0] ?? '0',
      mid: media.mid === undefined ? undefined : String(media.mid),
      used: media === audio,
    })),
    iceUfrag,
    icePwd,
    fingerprint: { algorithm: fingerprint.type, value: fingerprint.hash },
    setup: setup as BrowserAudioOffer['setup'],
    codecs,
    headerExtensions: (audio.ext ?? []).map((ext) => ({ id: ext.value, uri: ext.uri })),
    ...(ssrcLine ? { ssrc: Number(ssrcLine.id), cname: String(ssrcLine.value) } : {}),
  };
}

function parseFmtp(config: string | undefined): Record<string, string | number> {
  if (!config) return {};
  return sdpTransform.parseParams(config) as Record<string, string | number>;
}
