import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';
import type { ServiceLogger } from '../core/sip-logger.ts';
import type { TrunkCallEvents } from './call-events.ts';
import { nextPbxIndex, triesNextPbx } from './pbx-choice.ts';
import type { TrunkCall, TrunkCallRequest } from './trunk-call-types.ts';

/** One PBX address as a call sees it: whether it answers OPTIONS, and how to call through it. */
export interface PbxRoute {
  readonly label: string;
  readonly healthy: boolean;
  placeCall(request: TrunkCallRequest, events: TrunkCallEvents): TrunkCall;
}

/**
 * One visitor's call over a list of PBX addresses: an INVITE to the first healthy address,
 * and, when that attempt ends before the PBX said anything (pbx-choice.ts), the same call on
 * the next healthy one. The caller sees one call: the events of the attempt that got through,
 * and one onEnded.
 *
 *   attempt(i) --ringing, early media, answer, agent name--> heard (no more attempts)
 *      |--ended unheard, unreachable, another address healthy--> attempt(next)
 *      |--ended otherwise, or hangUp()--> ended
 */
export class FailoverCall implements TrunkCall {
  readonly #routes: readonly PbxRoute[];
  readonly #request: TrunkCallRequest;
  readonly #events: TrunkCallEvents;
  readonly #logger: ServiceLogger;
  #current: TrunkCall | undefined;
  #heardFromPbx = false;
  #hungUp = false;

  constructor(
    routes: readonly PbxRoute[],
    request: TrunkCallRequest,
    events: TrunkCallEvents,
    logger: ServiceLogger,
  ) {
    this.#routes = routes;
    this.#request = request;
    this.#events = events;
    this.#logger = logger;
  }

  /** Places the first attempt; returns the index of the address it went to. */
  start(): number {
    const index = nextPbxIndex(this.#healthFlags(), -1) ?? 0;
    this.#attempt(index);
    return index;
  }

  hangUp(): void {
    this.#hungUp = true;
    this.#current?.hangUp();
  }

  #attempt(index: number): void {
    const route = this.#routes[index];
    if (!route) throw new Error(`no PBX address ${index}`);
    // Anything the PBX made the call report means it has the call: no other address is tried.
    const heard =
      <A extends unknown[], R>(listener: (...args: A) => R) =>
      (...args: A): R => {
        this.#heardFromPbx = true;
        return listener(...args);
      };
    const events = this.#events;
    this.#current = route.placeCall(this.#request, {
      ...events,
      onRinging: heard(() => events.onRinging()),
      onEarlyMedia: heard((sdp: string) => events.onEarlyMedia(sdp)),
      onAnswered: heard((sdp: string) => events.onAnswered(sdp)),
      onAgentName: heard((name: string) => events.onAgentName(name)),
      onEnded: (reason) => this.#attemptEnded(index, reason),
    });
  }

  #attemptEnded(index: number, reason: CallEndReason): void {
    const attempt = { heardFromPbx: this.#heardFromPbx, hungUp: this.#hungUp };
    const next = triesNextPbx(reason, attempt)
      ? nextPbxIndex(this.#healthFlags(), index)
      : undefined;
    if (next === undefined) return this.#events.onEnded(reason);
    this.#logger.warn(
      {
        callId: this.#request.callId,
        pbx: this.#routes[index]?.label,
        next: this.#routes[next]?.label,
        cause: reason.cause,
      },
      'PBX address did not answer the INVITE: trying the next',
    );
    this.#attempt(next);
  }

  #healthFlags(): boolean[] {
    return this.#routes.map((route) => route.healthy);
  }
}
