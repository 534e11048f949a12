import { describe, expect, it } from 'vitest';
import { MediaTokenError } from '../../../protocol/media-token-verification.ts';
import {
  memoryLogger,
  recordingObserver,
  settle,
} from '../../../tests/support/media/call-bridge-fakes.ts';
import { bridgeOnFakes } from '../../../tests/support/media/bridge-on-fakes.ts';
import { SdpError } from '../engine/sdp/sdp-error.ts';
import type { CallObserver } from './call-observer.ts';
import { fanOutObserver } from './fan-out-observer.ts';

describe('CallBridge', () => {
  it('bridges an answered call and ends it once when the agent hangs up', async () => {
    const t = bridgeOnFakes();
    const call = await t.dialled();
    expect(t.bridge.phase).toBe('dialing');
    expect(call.request).toMatchObject({
      callId: t.claims.callId,
      target: t.claims.queue.uri,
      sdpOffer: 'pbx-offer',
      headers: {
        'X-Intent': t.claims.routing.intent,
        'X-Language': t.claims.routing.language,
        'X-Country': t.claims.routing.country,
        'X-Call-Id': t.claims.callId,
      },
    });
    call.events.onRinging();
    call.events.onAnswered('pbx-200-sdp');
    t.media.pbxAnswers[0]!.reply.resolve('browser-200-sdp');
    await settle();
    expect(t.bridge.phase).toBe('answered');
    call.events.onEnded({ code: 'agent_hung_up', cause: 'pbx_bye' });

    expect(t.browser.said).toEqual([
      { kind: 'trying' },
      { kind: 'ringing', agentName: undefined },
      { kind: 'answer', sdp: 'browser-200-sdp', agentName: undefined },
      { kind: 'bye', reason: { code: 'agent_hung_up', cause: 'pbx_bye' } },
    ]);
    expect(t.steps).toEqual([
      ['created', t.claims.callId],
      ['ringing', t.claims.callId],
      ['answered', t.claims.callId, 'PCMU'],
      ['ended', t.claims.callId, 'agent_hung_up', 'PCMU'],
    ]);
    expect(t.media.closed).toBe(1);
    expect(call.hangUps).toBe(0); // the PBX ended it: no BYE back
  });

  it('refuses a bad token with 403 unauthorized, naming why, and opens nothing', async () => {
    const t = bridgeOnFakes();
    t.token.reject(new MediaTokenError('token_expired', 'expired'));
    await settle();
    expect(t.browser.said.at(-1)).toEqual({
      kind: 'refuse',
      reason: { code: 'unauthorized', sipStatus: 403, cause: 'token_expired' },
    });
    expect(t.engine.opened).toHaveLength(0);
    expect(t.steps).toEqual([['ended', undefined, 'unauthorized', undefined]]);
  });

  it('refuses an offer it cannot use with 488 incompatible', async () => {
    const t = bridgeOnFakes();
    t.token.resolve(t.claims);
    await settle();
    t.engine.opened[0]!.media.reject(new SdpError('sdp_no_audio', 'no audio section'));
    await settle();
    expect(t.browser.said.at(-1)).toMatchObject({
      kind: 'refuse',
      reason: { code: 'incompatible', sipStatus: 488, cause: 'sdp_no_audio' },
    });
    expect(t.trunk.calls).toHaveLength(0);
  });

  it('takes a CANCEL during the token check: nothing opened, nothing dialled', async () => {
    const t = bridgeOnFakes();
    t.bridge.browserCancelled();
    t.token.resolve(t.claims);
    await settle();
    expect(t.engine.opened).toHaveLength(0);
    expect(t.trunk.calls).toHaveLength(0);
    // sip.js answers the CANCELled INVITE with 487 itself: the bridge says nothing more.
    expect(t.browser.kinds()).toEqual(['trying']);
    expect(t.steps).toEqual([['ended', undefined, 'visitor_hung_up', undefined]]);
  });

  it('takes a CANCEL while the media opens: the media is closed once it comes, nothing dialled', async () => {
    const t = bridgeOnFakes();
    t.token.resolve(t.claims);
    await settle();
    t.bridge.browserCancelled();
    t.engine.opened[0]!.media.resolve(t.media);
    await settle();
    expect(t.media.closed).toBe(1);
    expect(t.trunk.calls).toHaveLength(0);
    expect(t.steps).toEqual([
      ['created', t.claims.callId],
      ['ended', t.claims.callId, 'visitor_hung_up', undefined],
    ]);
  });

  it('180 then 183: ringing, then the early media, and ringing reported once', async () => {
    const t = bridgeOnFakes();
    const call = await t.dialled();
    call.events.onRinging();
    call.events.onEarlyMedia('pbx-183-sdp');
    t.media.pbxAnswers[0]!.reply.resolve('browser-183-sdp');
    await settle();
    expect(t.browser.said.slice(1)).toEqual([
      { kind: 'ringing', agentName: undefined },
      { kind: 'early', sdp: 'browser-183-sdp' },
    ]);
    expect(t.steps.filter(([step]) => step === 'ringing')).toHaveLength(1);
  });

  it('183 then 180: the early media plays on, the late 180 changes nothing', async () => {
    const t = bridgeOnFakes();
    const call = await t.dialled();
    call.events.onEarlyMedia('pbx-183-sdp');
    t.media.pbxAnswers[0]!.reply.resolve('browser-183-sdp');
    await settle();
    call.events.onRinging();
    expect(t.browser.kinds()).toEqual(['trying', 'early']);
    expect(t.steps.filter(([step]) => step === 'ringing')).toHaveLength(1);
  });

  it('BYE from the PBX crossing its 200: the browser is refused, never answered', async () => {
    const t = bridgeOnFakes();
    const call = await t.dialled();
    call.events.onAnswered('pbx-200-sdp'); // our answer to it is still being made
    call.events.onEnded({ code: 'agent_hung_up', cause: 'pbx_bye' });
    t.media.pbxAnswers[0]!.reply.resolve('browser-200-sdp');
    await settle();
    expect(t.browser.kinds()).toEqual(['trying', 'refuse']);
    expect(t.browser.said[1]).toMatchObject({ reason: { code: 'agent_hung_up' } });
    expect(t.media.closed).toBe(1);
    expect(t.steps.map(([step]) => step)).toEqual(['created', 'ended']);
  });

  it("the visitor's CANCEL crossing the PBX's 200: the PBX leg is hung up, the browser not answered", async () => {
    const t = bridgeOnFakes();
    const call = await t.dialled();
    call.events.onAnswered('pbx-200-sdp');
    t.bridge.browserCancelled();
    t.media.pbxAnswers[0]!.reply.resolve('browser-200-sdp');
    await settle();
    expect(call.hangUps).toBe(1);
    expect(t.browser.kinds()).toEqual(['trying']);
    expect(t.steps.at(-1)).toEqual(['ended', t.claims.callId, 'visitor_hung_up', undefined]);
  });

  it('tells the visitor about hold once, through a re-offer while held, and about resume', async () => {
    const t = bridgeOnFakes();
    const call = await t.answered();
    await call.events.onReOffer('m=audio 4000\r\na=sendonly');
    await call.events.onReOffer('m=audio 4002\r\na=sendonly'); // music on hold moved
    await call.events.onReOffer('m=audio 4002\r\na=sendrecv');
    expect(t.browser.said.filter((s) => s.kind === 'update')).toEqual([
      { kind: 'update', update: { held: true } },
      { kind: 'update', update: { held: false } },
    ]);
  });

  it("offers the media's new offer to a re-INVITE without SDP, and follows the ACK's answer out of hold", async () => {
    const t = bridgeOnFakes();
    const call = await t.answered();
    await call.events.onReOffer('m=audio 4000\r\na=sendonly');
    expect(await call.events.onOfferWanted()).toBe('new offer for PCMU');
    const reAnswered = call.events.onReAnswer('m=audio 4004\r\na=sendrecv');
    t.media.pbxAnswers.at(-1)!.reply.resolve('browser-200-sdp');
    await reAnswered;
    expect(t.media.pbxAnswers.at(-1)?.sdp).toBe('m=audio 4004\r\na=sendrecv');
    expect(t.browser.said.filter((s) => s.kind === 'update')).toEqual([
      { kind: 'update', update: { held: true } },
      { kind: 'update', update: { held: false } },
    ]);
  });

  it('passes the new agent name after the answer, and the first one with the answer', async () => {
    const t = bridgeOnFakes();
    const call = await t.dialled();
    call.events.onAgentName('Ana');
    call.events.onAnswered('pbx-200-sdp');
    t.media.pbxAnswers[0]!.reply.resolve('browser-200-sdp');
    await settle();
    call.events.onAgentName('Bo');
    expect(t.browser.said.slice(1)).toEqual([
      { kind: 'answer', sdp: 'browser-200-sdp', agentName: 'Ana' },
      { kind: 'update', update: { agentName: 'Bo' } },
    ]);
  });

  it('reports created once the INVITE is out, and before ended when the call fails sooner', async () => {
    const t = bridgeOnFakes();
    t.token.resolve(t.claims);
    await settle();
    // Token accepted, media opening: the report (fetch, the API's work) waits off this path.
    expect(t.steps).toEqual([]);
    t.engine.opened[0]!.media.resolve(t.media);
    await settle();
    expect(t.trunk.calls).toHaveLength(1);
    expect(t.steps).toEqual([['created', t.claims.callId]]);

    const failing = bridgeOnFakes();
    failing.token.resolve(failing.claims);
    await settle();
    failing.engine.opened[0]!.media.reject(new Error('the worker died'));
    await settle();
    expect(failing.trunk.calls).toHaveLength(0);
    expect(failing.steps.map(([step]) => step)).toEqual(['created', 'ended']);
  });

  it('keeps the call when an observer throws: the others still hear every step', async () => {
    const throwing: CallObserver = {
      created: () => {
        throw new Error('metrics broke');
      },
      ringing: () => {
        throw new Error('metrics broke');
      },
      answered: () => {
        throw new Error('metrics broke');
      },
      agent: () => undefined,
      ended: () => {
        throw new Error('metrics broke');
      },
    };
    const logger = memoryLogger();
    const t = bridgeOnFakes({
      observer: (steps) => fanOutObserver(logger, throwing, recordingObserver(steps)),
    });
    const call = await t.answered();
    expect(t.bridge.phase).toBe('answered');
    expect(call.hangUps).toBe(0);
    t.bridge.browserHungUp();
    expect(call.hangUps).toBe(1);
    expect(t.steps.map(([step]) => step)).toEqual(['created', 'answered', 'ended']);
    expect(logger.lines.filter((l) => l.message === 'call observer threw')).toHaveLength(3);
  });

  it('ends an answered call whose media fails: BYE to the browser, the PBX leg hung up', async () => {
    const t = bridgeOnFakes();
    const call = await t.answered();
    t.engine.opened[0]!.options.onEnded('ice_failed');
    expect(t.browser.said.at(-1)).toEqual({
      kind: 'bye',
      reason: { code: 'media_failed', cause: 'ice_failed' },
    });
    expect(call.hangUps).toBe(1);
    expect(t.media.closed).toBe(1);
  });

  it('a closed WebSocket while ringing hangs the PBX leg up and says nothing to the browser', async () => {
    const t = bridgeOnFakes();
    const call = await t.dialled();
    call.events.onRinging();
    t.browser.closed = true;
    t.bridge.browserClosed();
    expect(call.hangUps).toBe(1);
    expect(t.browser.kinds()).toEqual(['trying', 'ringing']);
    expect(t.steps.at(-1)).toEqual(['ended', t.claims.callId, 'visitor_hung_up', undefined]);
  });

  it('plays keypad keys only once the call is answered and while the PBX takes them', async () => {
    const t = bridgeOnFakes();
    await t.dialled();
    expect(t.bridge.browserDigit('5')).toBe(false);
    t.trunk.calls[0]!.events.onAnswered('pbx-200-sdp');
    t.media.pbxAnswers[0]!.reply.resolve('browser-200-sdp');
    await settle();
    expect(t.bridge.browserDigit('5')).toBe(true);
    t.media.takesDtmf = false;
    expect(t.bridge.browserDigit('6')).toBe(false);
    expect(t.media.digits).toEqual(['5']);
  });

  it('a PBX failure before the answer refuses the browser with the PBX status and our reason', async () => {
    const t = bridgeOnFakes();
    const call = await t.dialled();
    call.events.onEnded({ code: 'busy', sipStatus: 486, cause: 'sip_486' });
    expect(t.browser.said.at(-1)).toEqual({
      kind: 'refuse',
      reason: { code: 'busy', sipStatus: 486, cause: 'sip_486' },
    });
    call.events.onEnded({ code: 'trunk_error', cause: 'late' }); // a second end changes nothing
    expect(t.steps.filter(([step]) => step === 'ended')).toHaveLength(1);
  });

  it('ends an answered call whose media worker died with its own reason, the PBX leg hung up', async () => {
    const t = bridgeOnFakes();
    const call = await t.answered();
    t.engine.opened[0]!.options.onEnded('worker_lost');
    expect(t.browser.said.at(-1)).toEqual({
      kind: 'bye',
      reason: { code: 'media_worker_lost', cause: 'worker_lost' },
    });
    expect(call.hangUps).toBe(1);
    expect(t.steps.at(-1)).toEqual(['ended', t.claims.callId, 'media_worker_lost', 'PCMU']);
  });

  it('hangs up on behalf of the gateway: a ringing call is refused, both legs ended once', async () => {
    const t = bridgeOnFakes();
    const call = await t.dialled();
    call.events.onRinging();
    t.bridge.hangUp({ code: 'gateway_draining', cause: 'drain_timeout' });
    t.bridge.hangUp({ code: 'gateway_draining', cause: 'drain_forced' });
    expect(t.browser.said.at(-1)).toEqual({
      kind: 'refuse',
      reason: { code: 'gateway_draining', cause: 'drain_timeout' },
    });
    expect(call.hangUps).toBe(1);
    expect(t.media.closed).toBe(1);
    expect(t.steps.filter(([step]) => step === 'ended')).toHaveLength(1);
  });
});
