import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import {
  voiceCodecNames,
  type CallMedia,
  type MediaEndReason,
  type OpenCallOptions,
  type VoiceCodecName,
} from '../media-engine.ts';
import type { QualityFigures } from '../../../protocol/api/call-event.ts';
import { sampleCallQuality, type CallStreams } from './call-quality-sampler.ts';
import { startMediaWatchdog } from './media-watchdog.ts';
import { callRoutersMadeOnDemand, type CallRouterSource } from './call-router.ts';
import type { PbxPlainTransport, PbxRtpSettings } from './pbx-plain-transport.ts';
import {
  parseBrowserAudioOffer,
  type BrowserAudioOffer,
  type OfferedCodec,
  type OfferedSection,
} from './sdp/browser-offer.ts';
import { chooseAudioCodec } from './sdp/choose-audio-codec.ts';
import {
  buildPbxSdp,
  parsePbxSdp,
  type MediaDirection,
  type PbxMediaDescription,
} from './sdp/pbx-sdp.ts';
import { producerRtpParameters, toCodecParameters } from './sdp/producer-rtp-parameters.ts';
import { SdpError } from './sdp/sdp-error.ts';
import { chooseSdesCrypto, type SdesCrypto } from './sdp/sdes-crypto.ts';
import { SdpSessionVersion } from './sdp/sdp-session-version.ts';
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
  pbxRtp: PbxRtpSettings;
  /** No RTP from the browser for this long, once it has its answer, ends the call. */
  rtpTimeoutMs: number;
  /** Where calls get their router and PBX transport; unset: made when each call comes. */
  callRouters?: CallRouterSource;
}

/**
 * One call's media, all in the mediasoup worker: a router of its own whose payload types are
 * the browser's (so both legs number codecs alike and nothing is rewritten), a WebRtcTransport
 * toward the browser and a PlainTransport toward the PBX. Closing the router closes everything
 * in it.
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
  // The INVITE toward the PBX needs our address on its network, so the router and the PBX's
  // transport come first (made ahead when a spare fits, else two round trips to the worker);
  // the browser's transport is made while the INVITE travels and the PBX rings, adding nothing
  // to set-up time.
  const routers = settings.callRouters ?? callRoutersMadeOnDemand(settings.worker, settings.pbxRtp);
  const { router, pbx } = await routers.take([...voice, ...events].map(toRouterCodec));
  try {
    const webRtc = openWebRtcTransport(router, settings, offer);
    return new MediasoupCallMedia(settings, options, { offer, voice, events, router, pbx, webRtc });
  } catch (error) {
    router.close();
    throw error;
  }
}

interface CallParts {
  offer: BrowserAudioOffer;
  voice: OfferedCodec[];
  events: OfferedCodec[];
  router: types.Router;
  pbx: PbxPlainTransport;
  /** Settles while the INVITE travels; a failure ends the call (transport_failed). */
  webRtc: Promise<{ transport: types.WebRtcTransport; setup: 'active' | 'passive' }>;
}

class MediasoupCallMedia implements CallMedia {
  readonly pbxOfferSdp: string;
  codec: VoiceCodecName | undefined;
  private browserAnswer: string | undefined;
  private dtmf: ReturnType<typeof telephoneEventSender> | undefined;
  private toPbx: types.Consumer | undefined;
  private lastPbxSdp: string | undefined;
  private pbx: PbxMediaDescription | undefined;
  private readonly sessionVersion = new SdpSessionVersion();
  private readonly sessionId = Date.now();
  private stopWatchdog: () => void = () => undefined;
  private closed = false;
  /** The connected legs' streams, for the quality figures. */
  private streams: CallStreams | undefined;
  /** The figures of the call's last moment, sampled as it closed. */
  private lastQuality: Promise<QualityFigures | undefined> | undefined;
  private readonly parts: CallParts;

  constructor(settings: CallMediaSettings, options: OpenCallOptions, parts: CallParts) {
    this.parts = parts;
    this.pbxOfferSdp = this.pbxSdp([...parts.voice, ...parts.events], 'sendrecv');
    const end = (reason: MediaEndReason) => {
      if (this.closed) return;
      this.close();
      options.onEnded(reason);
    };
    parts.webRtc.then(
      ({ transport }) => {
        // A call ended during set-up: close() already closed the router.
        if (this.closed) return;
        this.stopWatchdog = startMediaWatchdog({
          transport,
          rtpTimeoutMs: settings.rtpTimeoutMs,
          expectsBrowserAudio: () => this.browserAnswer !== undefined,
          onFailure: end,
        });
      },
      () => end('transport_failed'),
    );
  }

  async acceptPbxAnswer(sdp: string): Promise<string> {
    if (sdp === this.lastPbxSdp && this.browserAnswer) return this.browserAnswer;
    const pbx = parsePbxSdp(sdp, this.codec, this.offeredVoice(), this.profile());
    this.refuseCodecSwitch(pbx, 'answers with');
    // An answer's key is on the line echoing our offer's tag (RFC 4568 5.1.2).
    await this.applyPbxMedia(pbx, this.pbxKey(pbx, ourCryptoTag));
    this.lastPbxSdp = sdp;
    this.browserAnswer ??= await this.connectLegs(pbx);
    return this.browserAnswer;
  }

  pbxBytesReceived(): Promise<number> {
    return this.parts.pbx.bytesReceived();
  }

  get held(): boolean {
    return (
      this.pbx !== undefined &&
      (this.pbx.direction === 'sendonly' || this.pbx.direction === 'inactive')
    );
  }

  async answerPbxOffer(sdp: string): Promise<string> {
    const pbx = parsePbxSdp(sdp, this.codec, this.offeredVoice(), this.profile());
    this.refuseCodecSwitch(pbx, 'asks to switch to');
    const key = this.pbxKey(pbx);
    await this.applyPbxMedia(pbx, key);
    this.browserAnswer ??= await this.connectLegs(pbx);
    // The answer names formats of the PBX's offer, with its numbers (RFC 3264 6.1), and
    // answers each of its lines.
    const voice = this.parts.voice
      .filter((codec) => isCodec(codec, pbx.voice.name))
      .slice(0, 1)
      .map((codec) => ({ ...codec, payloadType: pbx.voice.payloadType }));
    const events = this.parts.events
      .filter((codec) => codec.clockRate === pbx.telephoneEventClockRate)
      .slice(0, 1)
      .map((codec) => ({
        ...codec,
        payloadType: pbx.telephoneEventPayloadType ?? codec.payloadType,
      }));
    return this.pbxSdp([...voice, ...events], reverse(pbx.direction), pbx.sections, key?.tag);
  }

  newPbxOffer({ keepDirection = false } = {}): string {
    const { voice, events } = this.parts;
    const codec = this.codec;
    const direction = keepDirection && this.pbx ? reverse(this.pbx.direction) : 'sendrecv';
    if (!codec) return this.pbxSdp([...voice, ...events], direction);
    // The browser's leg carries one codec, and nothing is transcoded: that codec is all the
    // call can use now, so it is all the offer names (RFC 6337 5.1: offer what you would use).
    const inUse = voice.filter((entry) => isCodec(entry, codec)).slice(0, 1);
    const clockRates = new Set([inUse[0]?.clockRate, this.pbx?.telephoneEventClockRate]);
    return this.pbxSdp(
      [...inUse, ...events.filter((entry) => clockRates.has(entry.clockRate))],
      direction,
    );
  }

  sendDtmf(keys: string): boolean {
    return this.dtmf?.sendKeys(keys) ?? false;
  }

  quality(): Promise<QualityFigures | undefined> {
    if (this.closed) return this.lastQuality ?? Promise.resolve(undefined);
    return this.streams ? sampleCallQuality(this.streams) : Promise.resolve(undefined);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopWatchdog();
    // Asked before the router closes, answered before it does (call-quality-sampler.ts); a
    // worker that died answers nothing, and the call then has no figures.
    this.lastQuality = this.streams
      ? sampleCallQuality(this.streams).catch(() => undefined)
      : undefined;
    this.parts.router.close();
  }

  /** Once the legs carry a codec, the PBX cannot move to another: nothing is transcoded. */
  private refuseCodecSwitch(pbx: PbxMediaDescription, says: string): void {
    if (this.codec && pbx.voice.name !== this.codec) {
      throw new SdpError(
        'sdp_no_common_codec',
        `the PBX ${says} ${pbx.voice.name} on a call carrying ${this.codec}`,
      );
    }
  }

  /** RTP/SAVP when this call's PBX leg is SRTP (SDES), else RTP/AVP. */
  private profile(): 'RTP/AVP' | 'RTP/SAVP' {
    return this.parts.pbx.localSrtp ? 'RTP/SAVP' : 'RTP/AVP';
  }

  /** The PBX's SRTP key on an SRTP call (`tag`: the one an answer must echo). */
  private pbxKey(pbx: PbxMediaDescription, tag?: number): SdesCrypto | undefined {
    const local = this.parts.pbx.localSrtp;
    if (!local) return undefined;
    return chooseSdesCrypto(pbx.sdes, {
      suite: local.cryptoSuite,
      ...(tag !== undefined ? { tag } : {}),
    });
  }

  /** Follows the PBX's SDP: its media address, and whether it takes our audio (not on hold). */
  private async applyPbxMedia(pbx: PbxMediaDescription, key?: SdesCrypto): Promise<void> {
    await this.parts.pbx.pointAt({
      ...pbx,
      ...(key ? { srtp: { cryptoSuite: key.cryptoSuite, keyBase64: key.keyBase64 } } : {}),
    });
    this.pbx = pbx;
    await this.sendToPbxWhileItListens();
  }

  /** We send only where the PBX receives: not while it holds the call (sendonly, inactive). */
  private async sendToPbxWhileItListens(): Promise<void> {
    const consumer = this.toPbx;
    if (!consumer || !this.pbx || consumer.closed) return;
    const listens = this.pbx.direction === 'sendrecv' || this.pbx.direction === 'recvonly';
    if (listens && consumer.paused) await consumer.resume();
    else if (!listens && !consumer.paused) await consumer.pause();
  }

  /** Wires browser -> PBX and PBX -> browser once the codec is known; returns the browser's answer. */
  private async connectLegs(pbx: PbxMediaDescription): Promise<string> {
    const { offer, router, pbx: toPbxTransport } = this.parts;
    const webRtc = await this.parts.webRtc;
    // When the PBX takes telephone-event at the voice codec's clock, the browser is answered
    // with it too: its own RFC 4733 packets (RTCDTMFSender) travel in its audio stream, which
    // the worker forwards as it is. A browser sends events only at its send codec's clock, so
    // a PBX taking 8000 Hz events on an Opus call gets the keys the browser sends as SIP INFO.
    const voiceClockRate = offer.codecs.find((codec) => isCodec(codec, pbx.voice.name))?.clockRate;
    const chosen = chooseAudioCodec(
      offer.codecs,
      [pbx.voice.name],
      pbx.telephoneEventClockRate === voiceClockRate ? pbx.telephoneEventClockRate : 0,
    );
    // The PBX may send any voice codec it answered (RFC 3264 5.1): the producer of its audio
    // takes each, under the PBX's numbers, and the browser is answered with each to decode.
    // Nothing is transcoded: the worker forwards each packet in the codec it came in.
    const otherVoices = pbx.otherVoices.flatMap((answered) => {
      const codec = offer.codecs.find((entry) => isCodec(entry, answered.name));
      return codec ? [{ codec, payloadType: answered.payloadType }] : [];
    });
    chosen.otherVoices = otherVoices.map((other) => other.codec);
    this.codec = pbx.voice.name;
    const fromBrowser = await webRtc.transport.produce({
      kind: 'audio',
      rtpParameters: producerRtpParameters(offer, chosen),
    });
    this.toPbx = await toPbxTransport.transport.consume({
      producerId: fromBrowser.id,
      rtpCapabilities: router.rtpCapabilities,
    });
    await this.sendToPbxWhileItListens();
    const routerEvent = this.parts.events.find(
      (codec) => codec.clockRate === pbx.telephoneEventClockRate,
    );
    if (routerEvent && pbx.telephoneEventPayloadType !== undefined) {
      this.dtmf = telephoneEventSender(router, toPbxTransport.transport, {
        voice: toCodecParameters(chosen.voice),
        telephoneEvent: toCodecParameters(routerEvent),
      });
    }
    const pbxCodecs = [
      { ...chosen.voice, payloadType: pbx.voice.payloadType },
      ...otherVoices.map(({ codec, payloadType }) => ({ ...codec, payloadType })),
    ];
    const fromPbx = await toPbxTransport.transport.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: pbxCodecs.map(toCodecParameters),
        // Any SSRC the PBX sends becomes this one (acceptAnySsrc, our worker patch).
        encodings: [{ ssrc: randomInt(1, 2 ** 32 - 1) }],
      },
    });
    const toBrowser = await webRtc.transport.consume({
      producerId: fromPbx.id,
      rtpCapabilities: router.rtpCapabilities,
    });
    this.streams = {
      clockRate: chosen.voice.clockRate,
      connectedAt: Date.now(),
      fromBrowser,
      fromPbx,
      toBrowser,
      toPbx: this.toPbx,
    };
    const ssrc = toBrowser.rtpParameters.encodings?.[0]?.ssrc;
    if (ssrc === undefined) throw new Error('mediasoup gave the browser-bound consumer no SSRC');
    return buildWebRtcAnswer({
      offer,
      chosen,
      transport: webRtc.transport,
      setup: webRtc.setup,
      // The PBX's packetization, for the browser to send at (RFC 3264 7: the offerer SHOULD
      // follow the answer's ptime); the worker forwards packets as they come.
      ...(pbx.ptime ? { ptime: pbx.ptime } : {}),
      send: {
        ssrc,
        cname: toBrowser.rtpParameters.rtcp?.cname ?? 'gateway',
        streamId: `call-${this.sessionId}`,
      },
    });
  }

  private pbxSdp(
    codecs: OfferedCodec[],
    direction: MediaDirection,
    answering?: OfferedSection[],
    cryptoTag = ourCryptoTag,
  ): string {
    const srtp = this.parts.pbx.localSrtp;
    return this.sessionVersion.stamp((sessionVersion) =>
      buildPbxSdp({
        // SRTP: our one key, on the tag of our offer or of the PBX's line we answer.
        ...(srtp ? { crypto: { ...srtp, tag: cryptoTag } } : {}),
        // The PBX transport's own address: the PBX is never told the browsers' side.
        address: this.parts.pbx.address,
        codecs,
        sessionId: this.sessionId,
        sessionVersion,
        direction,
        ...(answering ? { answering } : {}),
      }),
    );
  }

  /** The voice codecs our offer to the PBX named: what its answer may choose from. */
  private offeredVoice(): VoiceCodecName[] {
    return voiceCodecNames.filter((name) => this.parts.voice.some((codec) => isCodec(codec, name)));
  }
}

/** The tag of the one a=crypto line our offers carry. */
const ourCryptoTag = 1;

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

function reverse(direction: MediaDirection): MediaDirection {
  if (direction === 'sendonly') return 'recvonly';
  if (direction === 'recvonly') return 'sendonly';
  return direction;
}
