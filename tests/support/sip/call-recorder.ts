import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import { SdpError } from '../../../media/src/engine/sdp/sdp-error.ts';
import type { TrunkCallEvents } from '../../../media/src/sip/trunk/trunk-client.ts';
import type { ServiceLogger } from '../../../media/src/sip/core/sip-logger.ts';
import type { PlainRtpPeer } from './plain-rtp-peer.ts';

/** Records a trunk call's events for assertions; wires media to a plain RTP peer if given. */
export interface CallRecorder extends TrunkCallEvents {
  readonly log: string[];
  readonly agentNames: string[];
  readonly reOffers: string[];
  /** Answers the PBX gave in ACKs to the offers we made in 2xx responses. */
  readonly reAnswers: string[];
  readonly ringing: Promise<void>;
  readonly answered: Promise<string>;
  readonly ended: Promise<CallEndReason>;
  endedAt: number | undefined;
}

/** What a recorder without a peer offers when the PBX asks for an offer, or for a refresh. */
export const offerWanted = [
  'v=0',
  'o=- 7 8 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 10 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');

export function recordCall(peer?: PlainRtpPeer): CallRecorder {
  let ring: () => void = () => undefined;
  let answer: (sdp: string) => void = () => undefined;
  let end: (reason: CallEndReason) => void = () => undefined;
  const recorder: CallRecorder = {
    log: [],
    agentNames: [],
    reOffers: [],
    reAnswers: [],
    ringing: new Promise<void>((resolve) => (ring = resolve)),
    answered: new Promise<string>((resolve) => (answer = resolve)),
    ended: new Promise<CallEndReason>((resolve) => (end = resolve)),
    endedAt: undefined,
    onRinging() {
      recorder.log.push('ringing');
      ring();
    },
    onEarlyMedia(sdp) {
      recorder.log.push('early-media');
      peer?.sendTo(sdp);
      ring();
    },
    onAnswered(sdp) {
      recorder.log.push('answered');
      peer?.sendTo(sdp);
      answer(sdp);
    },
    onAgentName(name) {
      recorder.log.push(`agent:${name}`);
      recorder.agentNames.push(name);
    },
    onReOffer(sdp) {
      recorder.log.push('re-offer');
      recorder.reOffers.push(sdp);
      peer?.sendTo(sdp);
      return Promise.resolve(peer ? peer.offer() : sdp);
    },
    onTransfer(request) {
      // A bridge without an allow-list: every transfer refused.
      recorder.log.push('transfer');
      request.refuse();
    },
    onOfferWanted(why) {
      recorder.log.push(why === 'session refresh' ? 'refresh-offer' : 'offer-wanted');
      return Promise.resolve(peer ? peer.offer() : offerWanted);
    },
    onReAnswer(sdp) {
      recorder.log.push('re-answer');
      recorder.reAnswers.push(sdp);
      peer?.sendTo(sdp);
      // As the media engine does with an answer that rejects the audio (sdp_no_audio).
      return /m=audio 0 /.test(sdp)
        ? Promise.reject(new SdpError('sdp_no_audio', 'the PBX sent no active audio section'))
        : Promise.resolve();
    },
    onEnded(reason) {
      recorder.log.push(`ended:${reason.code}`);
      recorder.endedAt = Date.now();
      end(reason);
    },
  };
  return recorder;
}

/** A logger for tests: quiet, but keeps what was logged so a test can look. */
export function testLogger(): ServiceLogger & { lines: { level: string; msg?: string }[] } {
  const lines: { level: string; msg?: string }[] = [];
  const at = (level: string) => (_obj: object, msg?: string) => void lines.push({ level, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}
