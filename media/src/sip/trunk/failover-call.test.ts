import { describe, expect, it } from 'vitest';
import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';
import type { TrunkCallEvents } from './call-events.ts';
import { FailoverCall } from './failover-call.ts';
import type { PbxRoute } from './failover-call.ts';

/** How a fake PBX address treats an INVITE. */
type Behaviour = 'answers' | 'unanswered' | 'busy' | 'rings then drops' | 'rings';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const request = {
  callId: 'c1',
  target: 'sip:q@pbx',
  callerDisplayName: 'V',
  headers: {},
  sdpOffer: '',
};

function fakeRoute(label: string, healthy: boolean, behaviour: Behaviour, invited: string[]) {
  const route: PbxRoute & { healthy: boolean } = {
    label,
    healthy,
    placeCall(_request, events) {
      invited.push(label);
      let ended = false;
      const end = (reason: CallEndReason) => {
        if (ended) return;
        ended = true;
        events.onEnded(reason);
      };
      queueMicrotask(() => {
        if (behaviour === 'answers') events.onAnswered('sdp');
        if (behaviour === 'unanswered') end({ code: 'trunk_unreachable', cause: 'invite_timeout' });
        if (behaviour === 'busy') end({ code: 'busy', sipStatus: 486, cause: 'sip_486' });
        if (behaviour.startsWith('rings')) events.onRinging();
        if (behaviour === 'rings then drops')
          end({ code: 'trunk_unreachable', cause: 'transport_error' });
      });
      return { hangUp: () => end({ code: 'visitor_hung_up', cause: 'hang_up' }) };
    },
  };
  return route;
}

function recorder() {
  const seen: string[] = [];
  let endedWith: (reason: CallEndReason) => void = () => {};
  const ended = new Promise<CallEndReason>((resolve) => (endedWith = resolve));
  const events: TrunkCallEvents = {
    onRinging: () => seen.push('ringing'),
    onEarlyMedia: () => seen.push('early media'),
    onAnswered: () => seen.push('answered'),
    onAgentName: () => seen.push('agent name'),
    onReOffer: () => Promise.resolve(''),
    onOfferWanted: () => Promise.resolve(''),
    onReAnswer: () => Promise.resolve(),
    onTransfer: () => seen.push('transfer'),
    onEnded: (reason) => {
      seen.push(`ended ${reason.code}`);
      endedWith(reason);
    },
  };
  return { seen, events, ended };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('one call over two PBX addresses', () => {
  it('the first never answers: the call goes on to the second, the visitor sees one call', async () => {
    const invited: string[] = [];
    const { seen, events } = recorder();
    const routes = [
      fakeRoute('a', true, 'unanswered', invited),
      fakeRoute('b', true, 'answers', invited),
    ];
    new FailoverCall(routes, request, events, quiet).start();
    await settle();
    expect(invited).toEqual(['a', 'b']);
    expect(seen).toEqual(['answered']);
  });

  it('the first answers 486: the visitor hears busy, the second is never dialled', async () => {
    const invited: string[] = [];
    const { events, ended } = recorder();
    const routes = [
      fakeRoute('a', true, 'busy', invited),
      fakeRoute('b', true, 'answers', invited),
    ];
    new FailoverCall(routes, request, events, quiet).start();
    expect((await ended).code).toBe('busy');
    expect(invited).toEqual(['a']);
  });

  it('the first rang, then its transport failed: the call ends, no second agent rings', async () => {
    const invited: string[] = [];
    const r = recorder();
    const routes = [
      fakeRoute('a', true, 'rings then drops', invited),
      fakeRoute('b', true, 'answers', invited),
    ];
    new FailoverCall(routes, request, r.events, quiet).start();
    expect((await r.ended).cause).toBe('transport_error');
    expect(r.seen).toEqual(['ringing', 'ended trunk_unreachable']);
    expect(invited).toEqual(['a']);
  });

  it('the first known down: the call goes straight to the second', async () => {
    const invited: string[] = [];
    const { seen, events } = recorder();
    const routes = [
      fakeRoute('a', false, 'answers', invited),
      fakeRoute('b', true, 'answers', invited),
    ];
    expect(new FailoverCall(routes, request, events, quiet).start()).toBe(1);
    await settle();
    expect(invited).toEqual(['b']);
    expect(seen).toEqual(['answered']);
  });

  it('the second never answers either: one end, unreachable, after both were tried', async () => {
    const invited: string[] = [];
    const { seen, events, ended } = recorder();
    const routes = [
      fakeRoute('a', true, 'unanswered', invited),
      fakeRoute('b', true, 'unanswered', invited),
    ];
    new FailoverCall(routes, request, events, quiet).start();
    expect((await ended).code).toBe('trunk_unreachable');
    expect(invited).toEqual(['a', 'b']);
    expect(seen).toEqual(['ended trunk_unreachable']);
  });

  it('the visitor hangs up while the first rings: nothing else is dialled', async () => {
    const invited: string[] = [];
    const { seen, events, ended } = recorder();
    const routes = [
      fakeRoute('a', true, 'rings', invited),
      fakeRoute('b', true, 'answers', invited),
    ];
    const call = new FailoverCall(routes, request, events, quiet);
    call.start();
    await settle();
    call.hangUp();
    expect((await ended).code).toBe('visitor_hung_up');
    expect(invited).toEqual(['a']);
    expect(seen).toEqual(['ringing', 'ended visitor_hung_up']);
  });
});
