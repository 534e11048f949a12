import type { types } from 'mediasoup';
import type {
  CallMedia,
  MediaEndReason,
  OpenCallOptions,
  VoiceCodecName,
} from '../media-engine.ts';
import { startMediaWatchdog } from './media-watchdog.ts';
import { openPbxRtpRelay, type PbxRtpRelay, type PbxRtpRelayOptions } from './pbx-rtp-relay.ts';
import {
  parseBrowserAudioOffer,
  type BrowserAudioOffer,
  type OfferedCodec,
} from './sdp/browser-offer.ts';
import { chooseAudioCodec } from './sdp/choose-audio-codec.ts';
import {
  buildPbxSdp,
  parsePbxSdp,
  type MediaDirection,
  type PbxMediaDescription,
} from './sdp/pbx-sdp.ts';
import { producerRtpParameters } from './sdp/producer-rtp-parameters.ts';
import { SdpError } from './sdp/sdp-error.ts';
import { buildWebRtcAnswer } from './sdp/webrtc-answer.ts';
import { telephoneEventSender } from './telephone-event-sender.ts';
import { openWebRtcTransport, type WebRtcListenSettings } from './webrtc-transport.ts';

/**
 * Where a call's media goes on each side: the browsers' (public listen address, announced
 * address, public range or single port, inherited) and the PBX's (`pbxRtp`: the internal
 * address and a range of its own). Nothing of the browsers' side reaches the PBX.
 */
export interface CallMediaSettings extends WebRtcListenSettings {
  worker: types.Worker;
  pbxRtp: PbxRtpRelayOptions;
  /** No RTP from either side for this long ends the call. */
  rtpTimeoutMs: number;
}

/**
 * One call's media: a router of its own whose payload types are the browser's (so both legs
 * number codecs alike and nothing is rewritten), a WebRtcTransport toward the browser, and a
 * PlainTransport behind the PBX RTP relay. Closing the router closes everything in it.
 */
export async function openCallMedia(
  settings: CallMediaSettings,
  options: OpenCallOptions,
): Promise<CallMedia> {
  const offer = parseBrowserAudioOffer(options.browserOfferSdp);
  const voice = options.trunkCodecs.flatMap((name) =>
    offer.codecs.filter((codec) => isCodec(codec, name)),
  );
  if (voice.length === 0) {
    throw new SdpError(
      'sdp_no_common_codec',
      `the browser offered none of the trunk's ${options.trunkCodecs.join(', ')}`,
    );
  }
  const clockRates = new Set(voice.map((codec) => codec.clockRate));
  const events = offer.codecs.filter(
    (codec) => isCodec(codec, 'telephone-event') && clockRates.has(codec.clockRate),
  );
  // The INVITE toward the PBX needs only the address it sends its audio to: the relay's
  // port pair. The worker's part (router, PlainTransport, the browser's transport) is made
  // while the INVITE travels and the PBX rings, so its round trips add nothing to set-up time.
  const relay = await openPbxRtpRelay(settings.pbxRtp);
  const engine = openEngineSide(settings, offer, [...voice, ...events], relay);
  return new MediasoupCallMedia(settings, options, { offer, voice, events, relay, engine });
}

/**
 * The call's router, its PlainTransport (connected to the relay) and the browser's
 * WebRtcTransport. The router is closed again when a later step fails.
 */
async function openEngineSide(
  settings: CallMediaSettings,
  offer: BrowserAudioOffer,
  codecs: OfferedCodec[],
  relay: PbxRtpRelay,
): Promise<EngineSide> {
  const router = await settings.worker.createRouter({ mediaCodecs: codecs.map(toRouterCodec) });
  try {
    const [webRtc, plain] = await Promise.all([
      openWebRtcTransport(router, settings, offer),
      connectPlainToRelay(router, relay),
    ]);
    return { router, plain, webRtc };
  } catch (error) {
    router.close();
    throw error;
  }
}

/** The PlainTransport toward the relay, connected both ways. */
async function connectPlainToRelay(
  router: types.Router,
  relay: PbxRtpRelay,
): Promise<types.PlainTransport> {
  const plain = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: true,
    comedia: false,
  });
  await plain.connect({ ip: relay.engineFacing.ip, port: relay.engineFacing.port });
  relay.connectEngine({ ip: plain.tuple.localAddress ?? '127.0.0.1', port: plain.tuple.localPort });
  return plain;
}

interface EngineSide {
  router: types.Router;
  plain: types.PlainTransport;
  webRtc: { transport: types.WebRtcTransport; setup: 'active' | 'passive' };
}

interface CallParts {
  offer: BrowserAudioOffer;
  voice: OfferedCodec[];
  events: OfferedCodec[];
  relay: PbxRtpRelay;
  /** Settles while the INVITE travels; a failure ends the call (transport_failed). */
  engine: Promise<EngineSide>;
}

class MediasoupCallMedia implements CallMedia {
  readonly pbxOfferSdp: string;
  codec: VoiceCodecName | undefined;
  private browserAnswer: string | undefined;
  private dtmf: ReturnType<typeof telephoneEventSender> | undefined;
  private lastPbxSdp: string | undefined;
  private pbx: PbxMediaDescription | undefined;
  private sessionVersion = 1;
  private readonly sessionId = Date.now();
  private stopWatchdog: () => void = () => undefined;
  private closed = false;
  private readonly parts: CallParts;

  constructor(settings: CallMediaSettings, options: OpenCallOptions, parts: CallParts) {
    this.parts = parts;
    this.pbxOfferSdp = this.pbxSdp([...parts.voice, ...parts.events], 'sendrecv');
    const end = (reason: MediaEndReason) => {
      if (this.closed) return;
      this.close();
      options.onEnded(reason);
    };
    parts.engine.then(
      ({ webRtc: { transport } }) => {
        // A call ended during set-up: close() already closes the router once it exists.
        if (this.closed) return;
        this.stopWatchdog = startMediaWatchdog({
          transport,
          relay: parts.relay,
          rtpTimeoutMs: settings.rtpTimeoutMs,
          expectsPbxAudio: () => this.pbx !== undefined && sends(this.pbx.direction),
          onFailure: end,
        });
      },
      () => end('transport_failed'),
    );
  }

  async acceptPbxAnswer(sdp: string): Promise<string> {
    if (sdp === this.lastPbxSdp && this.browserAnswer) return this.browserAnswer;
    const pbx = parsePbxSdp(sdp);
    this.applyPbxMedia(pbx);
    this.lastPbxSdp = sdp;
    this.browserAnswer ??= await this.connectLegs(pbx);
    return this.browserAnswer;
  }

  get held(): boolean {
    return (
      this.pbx !== undefined &&
      (this.pbx.direction === 'sendonly' || this.pbx.direction === 'inactive')
    );
  }

  async answerPbxOffer(sdp: string): Promise<string> {
    const pbx = parsePbxSdp(sdp);
    if (this.codec && pbx.voice.name !== this.codec) {
      throw new SdpError(
        'sdp_no_common_codec',
        `the PBX asks to switch from ${this.codec} to ${pbx.voice.name}`,
      );
    }
    this.applyPbxMedia(pbx);
    this.browserAnswer ??= await this.connectLegs(pbx);
    const voice = this.parts.voice.filter((codec) => isCodec(codec, pbx.voice.name));
    const events = this.parts.events.filter(
      (codec) => codec.clockRate === pbx.telephoneEventClockRate,
    );
    return this.pbxSdp([...voice.slice(0, 1), ...events], reverse(pbx.direction));
  }

  sendDtmf(keys: string): boolean {
    return this.dtmf?.sendKeys(keys) ?? false;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopWatchdog();
    this.parts.relay.close();
    this.parts.engine.then(
      ({ router }) => router.close(),
      () => undefined,
    );
  }

  private applyPbxMedia(pbx: PbxMediaDescription): void {
    this.pbx = pbx;
    this.parts.relay.setClockRate(pbx.voice.clockRate);
    // We send only where the PBX receives: not while it holds the call (sendonly, inactive).
    this.parts.relay.setPbxTarget(
      pbx,
      pbx.direction === 'sendrecv' || pbx.direction === 'recvonly',
    );
  }

  /** Wires browser -> PBX and PBX -> browser once the codec is known; returns the browser's answer. */
  private async connectLegs(pbx: PbxMediaDescription): Promise<string> {
    const { offer, relay } = this.parts;
    const { router, plain, webRtc } = await this.parts.engine;
    // mediasoup forwards no telephone-event packets, so the browser is answered without them
    // (its keypad goes over SIP INFO) and the gateway plays the PBX's events itself.
    const chosen = chooseAudioCodec(offer.codecs, [pbx.voice.name], 0);
    if (pbx.telephoneEventPayloadType !== undefined && pbx.telephoneEventClockRate !== undefined) {
      this.dtmf = telephoneEventSender({
        payloadType: pbx.telephoneEventPayloadType,
        clockRate: pbx.telephoneEventClockRate,
        send: (build) => relay.sendToPbx(build),
        current: () => relay.outgoingStream(),
      });
    }
    this.codec = pbx.voice.name;
    const fromBrowser = await webRtc.transport.produce({
      kind: 'audio',
      rtpParameters: producerRtpParameters(offer, chosen),
    });
    await plain.consume({ producerId: fromBrowser.id, rtpCapabilities: router.rtpCapabilities });
    const pbxCodecs = [{ ...chosen.voice, payloadType: pbx.voice.payloadType }];
    const fromPbx = await plain.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: pbxCodecs.map((codec) => ({
          mimeType: codec.mimeType,
          payloadType: codec.payloadType,
          clockRate: codec.clockRate,
          ...(codec.channels ? { channels: codec.channels } : {}),
          parameters: codec.parameters,
        })),
        encodings: [{ ssrc: relay.ssrc }],
      },
    });
    const toBrowser = await webRtc.transport.consume({
      producerId: fromPbx.id,
      rtpCapabilities: router.rtpCapabilities,
    });
    const ssrc = toBrowser.rtpParameters.encodings?.[0]?.ssrc;
    if (ssrc === undefined) throw new Error('mediasoup gave the browser-bound consumer no SSRC');
    return buildWebRtcAnswer({
      offer,
      chosen,
      transport: webRtc.transport,
      setup: webRtc.setup,
      send: {
        ssrc,
        cname: toBrowser.rtpParameters.rtcp?.cname ?? 'gateway',
        streamId: `call-${this.sessionId}`,
      },
    });
  }

  private pbxSdp(codecs: OfferedCodec[], direction: MediaDirection): string {
    return buildPbxSdp({
      // The relay's own bound address: the PBX is never told the browsers' side.
      address: this.parts.relay.pbxFacing,
      codecs,
      sessionId: this.sessionId,
      sessionVersion: this.sessionVersion++,
      direction,
    });
  }
}

function isCodec(codec: OfferedCodec, name: string): boolean {
  return codec.mimeType.toLowerCase() === `audio/${name.toLowerCase()}`;
}

function toRouterCodec(codec: OfferedCodec): types.RouterRtpCodecCapability {
  return {
    kind: 'audio',
    mimeType: codec.mimeType as types.RouterRtpCodecCapability['mimeType'],
    clockRate: codec.clockRate,
    ...(codec.channels ? { channels: codec.channels } : {}),
    preferredPayloadType: codec.payloadType,
    parameters: codec.parameters,
  };
}

const sends = (direction: MediaDirection) => direction === 'sendrecv' || direction === 'sendonly';

function reverse(direction: MediaDirection): MediaDirection {
  if (direction === 'sendonly') return 'recvonly';
  if (direction === 'recvonly') return 'sendonly';
  return direction;
}
