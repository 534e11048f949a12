// In-memory stand-ins for the three parts a call bridge talks to (the browser's SIP leg, the
// media engine, the trunk client), so its races become table cases: each fake records what
// the bridge told it and lets the test decide when the other side answers.
import type { QualityFigures } from '../../../protocol/api/call-event.ts';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import type { CallUpdate } from '../../../protocol/call-update.ts';
import type { BrowserLeg } from '../../../media/src/call/browser-leg.ts';
import type { CallObserver } from '../../../media/src/call/call-observer.ts';
import type {
  CallMedia,
  MediaEngine,
  OpenCallOptions,
  VoiceCodecName,
} from '../../../media/src/media-engine.ts';
import type {
  TrunkCall,
  TrunkCallEvents,
  TrunkCallRequest,
  TrunkClient,
} from '../../../media/src/sip/trunk/trunk-client.ts';

/** A promise the test settles when it chooses. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-settled promise's reactions run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export type BrowserSaid =
  | { kind: 'trying' }
  | { kind: 'ringing'; agentName: string | undefined }
  | { kind: 'early'; sdp: string }
  | { kind: 'answer'; sdp: string; agentName: string | undefined }
  | { kind: 'refuse'; reason: CallEndReason }
  | { kind: 'bye'; reason: CallEndReason }
  | { kind: 'update'; update: CallUpdate };

export class FakeBrowserLeg implements BrowserLeg {
  readonly said: BrowserSaid[] = [];
  closed = false;
  readonly bearerToken = 'a-token-of-sixteen-chars';
  readonly offerSdp = 'browser-offer';

  kinds(): BrowserSaid['kind'][] {
    return this.said.map((s) => s.kind);
  }

  trying() {
    this.said.push({ kind: 'trying' });
  }
  ringing(agentName: string | undefined) {
    this.said.push({ kind: 'ringing', agentName });
  }
  earlyMedia(sdp: string) {
    this.said.push({ kind: 'early', sdp });
  }
  answer(sdp: string, agentName: string | undefined) {
    this.said.push({ kind: 'answer', sdp, agentName });
  }
  refuse(reason: CallEndReason) {
    this.said.push({ kind: 'refuse', reason });
  }
  bye(reason: CallEndReason) {
    this.said.push({ kind: 'bye', reason });
  }
  update(update: CallUpdate) {
    this.said.push({ kind: 'update', update });
  }
}

/** A call's media whose answers to the PBX's SDP the test releases. */
export class FakeCallMedia implements CallMedia {
  readonly pbxOfferSdp = 'pbx-offer';
  codec: VoiceCodecName | undefined;
  held = false;
  closed = 0;
  readonly digits: string[] = [];
  readonly pbxAnswers: { sdp: string; reply: Deferred<string> }[] = [];
  takesDtmf = true;
  /** What reached the PBX-facing ports so far: the test makes the PBX talk by raising it. */
  pbxBytes = 0;
  /** How often the call asked for pbxBytes. */
  pbxByteReads = 0;

  acceptPbxAnswer(sdp: string): Promise<string> {
    this.held = /a=(sendonly|inactive)/.test(sdp);
    const reply = deferred<string>();
    this.pbxAnswers.push({ sdp, reply });
    return reply.promise.then((answer) => {
      this.codec = 'PCMU';
      return answer;
    });
  }
  pbxBytesReceived(): Promise<number> {
    this.pbxByteReads += 1;
    return this.closed > 0
      ? Promise.reject(new Error('the media is closed'))
      : Promise.resolve(this.pbxBytes);
  }
  answerPbxOffer(sdp: string): Promise<string> {
    this.held = /a=(sendonly|inactive)/.test(sdp);
    return Promise.resolve(`answer to ${sdp}`);
  }
  newPbxOffer(): string {
    return `new offer for ${this.codec ?? 'any codec'}`;
  }
  sendDtmf(keys: string): boolean {
    if (!this.takesDtmf) return false;
    this.digits.push(keys);
    return true;
  }
  /** What the media measured; the test sets it. */
  measured: QualityFigures | undefined;
  quality(): Promise<QualityFigures | undefined> {
    return Promise.resolve(this.measured);
  }
  close() {
    this.closed += 1;
  }
}

/** An engine whose openCall the test resolves or rejects. */
export class FakeEngine implements MediaEngine {
  readonly opened: { options: OpenCallOptions; media: Deferred<CallMedia> }[] = [];

  openCall(options: OpenCallOptions): Promise<CallMedia> {
    const media = deferred<CallMedia>();
    this.opened.push({ options, media });
    return media.promise;
  }
}

export class FakeTrunkCall implements TrunkCall {
  hangUps = 0;
  readonly request: TrunkCallRequest;
  readonly events: TrunkCallEvents;

  constructor(request: TrunkCallRequest, events: TrunkCallEvents) {
    this.request = request;
    this.events = events;
  }

  hangUp() {
    this.hangUps += 1;
  }
}

export class FakeTrunk implements TrunkClient {
  readonly calls: FakeTrunkCall[] = [];
  readonly healthy = true;
  readonly droppedMessages = 0;

  placeCall(request: TrunkCallRequest, events: TrunkCallEvents): TrunkCall {
    const call = new FakeTrunkCall(request, events);
    this.calls.push(call);
    return call;
  }
  close() {
    return Promise.resolve();
  }
}

export type ObservedStep =
  | ['created', string]
  | ['ringing', string]
  | ['answered', string, string | undefined]
  | ['agent', string, string]
  | ['ended', string | undefined, string, string | undefined];

/** Records every step the bridge reports, in order. */
export function recordingObserver(steps: ObservedStep[]): CallObserver {
  return {
    created: (claims: CallTokenClaims) => steps.push(['created', claims.callId]),
    ringing: (callId) => steps.push(['ringing', callId]),
    answered: (callId, codec) => steps.push(['answered', callId, codec]),
    agent: (callId, name) => steps.push(['agent', callId, name]),
    ended: (callId, reason, codec) => steps.push(['ended', callId, reason.code, codec]),
  };
}

/** A logger that keeps what it was told, for assertions on what operators would read. */
export function memoryLogger() {
  const lines: { level: string; details: object; message: string | undefined }[] = [];
  const at = (level: string) => (details: object, message?: string) =>
    void lines.push({ level, details, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}
