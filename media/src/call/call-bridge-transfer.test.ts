// A blind transfer by the PBX's REFER inside a call, on fakes: which REFERs dial anything,
// what the PBX hears back (202, NOTIFY statuses), what the visitor's widget is told, and how
// each way the transfer's call can end leaves the visitor.
import { describe, expect, it } from 'vitest';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import { settle } from '../../../tests/support/media/call-bridge-fakes.ts';
import { bridgeOnFakes } from '../../../tests/support/media/bridge-on-fakes.ts';
import type { TransferRequest } from '../sip/trunk/call-transfer.ts';
import { referToOf } from '../sip/trunk/refer-to.ts';

const salesQueue = 'sip:queue-sales-en@127.0.0.1:5060';
const busy: CallEndReason = { code: 'busy', sipStatus: 486, cause: 'sip_486' };

/** A REFER as the trunk leg hands it over; `pbx` is what the PBX hears back, in order. */
function refer(referTo: string, answered = true, referredBy?: string) {
  const pbx: (number | string)[] = [];
  const parsed = referToOf([referTo]);
  const request: TransferRequest = {
    referTo: parsed,
    answered,
    referredBy,
    accept: () => {
      pbx.push(202, 'NOTIFY 100');
      return { final: (status) => void pbx.push(`NOTIFY ${status}`) };
    },
    refuse: () => void pbx.push(parsed.ok ? 403 : parsed.status),
  };
  return { request, pbx };
}

/** An answered call with Alice, on a site whose only other allowed queue is sales. */
async function answeredByAlice() {
  const t = bridgeOnFakes({
    allows: (target) =>
      target === salesQueue || target.includes('support') ? 'allowed' : 'not_allowed',
  });
  const alice = await t.answered();
  alice.events.onAgentName('Alice Agent');
  const transfer = async (referTo = `<${salesQueue}>`, referredBy?: string) => {
    const sent = refer(referTo, true, referredBy);
    alice.events.onTransfer(sent.request);
    await settle();
    return { ...sent, bob: t.trunk.calls[1] };
  };
  const updates = () => t.browser.said.flatMap((s) => (s.kind === 'update' ? [s.update] : []));
  return { ...t, alice, transfer, updates };
}

describe('CallBridge: a blind transfer by REFER', () => {
  it("dials an allowed queue with the call's routing, rings the widget again, then puts it through to the new agent", async () => {
    const t = await answeredByAlice();
    const { pbx, bob } = await t.transfer();
    expect(pbx).toEqual([202, 'NOTIFY 100']);
    expect(bob?.request).toEqual({
      callId: `${t.claims.callId}.transfer1`,
      target: salesQueue,
      callerDisplayName: 'Web caller (en, US)',
      headers: {
        'X-Intent': t.claims.routing.intent,
        'X-Language': t.claims.routing.language,
        'X-Country': t.claims.routing.country,
        'X-Call-Id': t.claims.callId,
      },
      // An offer for the codec the visitor's leg already carries: nothing is transcoded.
      sdpOffer: 'new offer for PCMU',
      site: t.claims.sub,
    });
    expect(t.updates()).toEqual([{ agentName: 'Alice Agent' }, { transferring: true }]);

    // The PBX BYEs Alice's leg at once: the visitor waits for Bob, the call goes on.
    t.alice.events.onEnded({ code: 'agent_hung_up', cause: 'pbx_bye' });
    bob!.events.onRinging();
    bob!.events.onAgentName('Bob Agent');
    bob!.events.onAnswered('bob-sdp');
    expect(t.media.pbxAnswers.at(-1)?.sdp).toBe('bob-sdp');
    t.media.pbxAnswers.at(-1)!.reply.resolve('unchanged-browser-answer');
    await settle();
    expect(pbx).toEqual([202, 'NOTIFY 100', 'NOTIFY 200']);
    expect(t.updates().at(-1)).toEqual({ transferring: false, agentName: 'Bob Agent' });
    expect(t.bridge.phase).toBe('answered');
    expect(t.steps).toContainEqual(['agent', t.claims.callId, 'Bob Agent']);

    // Bob's leg carries the call now: the visitor's hang-up reaches him only.
    t.bridge.browserHungUp();
    expect([t.alice.hangUps, bob!.hangUps]).toEqual([0, 1]);
    expect(t.steps.at(-1)).toEqual(['ended', t.claims.callId, 'visitor_hung_up', 'PCMU']);
  });

  it("passes the REFER's Referred-By on in the new INVITE (RFC 3892), and nothing else of it", async () => {
    const t = await answeredByAlice();
    const { bob } = await t.transfer(`<${salesQueue}>`, '<sip:2001@pbx.acme.example>');
    expect(bob?.request.headers['Referred-By']).toBe('<sip:2001@pbx.acme.example>');
    expect(Object.keys(bob?.request.headers ?? {})).toHaveLength(5);
  });

  it('a busy queue while Alice still holds the call: the PBX hears 486, the visitor is back with Alice', async () => {
    const t = await answeredByAlice();
    const { pbx, bob } = await t.transfer();
    bob!.events.onEnded(busy);
    expect(pbx.at(-1)).toBe('NOTIFY 486');
    expect(t.updates().at(-1)).toEqual({ transferring: false, agentName: 'Alice Agent' });
    expect(t.bridge.phase).toBe('answered');
    // Alice's leg still steers the call: her hold reaches the widget.
    await t.alice.events.onReOffer('v=0 a=sendonly');
    expect(t.updates().at(-1)).toEqual({ held: true });
    t.alice.events.onEnded({ code: 'agent_hung_up', cause: 'pbx_bye' });
    expect(t.browser.said.at(-1)).toMatchObject({ kind: 'bye', reason: { code: 'agent_hung_up' } });
  });

  it('a busy queue once the PBX let go of the call: it ends for the visitor as busy', async () => {
    const t = await answeredByAlice();
    const { pbx, bob } = await t.transfer();
    t.alice.events.onEnded({ code: 'agent_hung_up', cause: 'pbx_bye' });
    bob!.events.onEnded(busy);
    expect(pbx.at(-1)).toBe('NOTIFY 486');
    expect(t.browser.said.at(-1)).toEqual({ kind: 'bye', reason: busy });
    expect(t.steps.at(-1)).toEqual(['ended', t.claims.callId, 'busy', 'PCMU']);
  });

  it('an answer in a codec the call cannot carry: Bob is hung up, the PBX hears 488', async () => {
    const t = await answeredByAlice();
    const { pbx, bob } = await t.transfer();
    bob!.events.onAnswered('bob-opus-sdp');
    t.media.pbxAnswers.at(-1)!.reply.reject(
      Object.assign(new Error('no common codec'), {
        endReason: { code: 'incompatible', sipStatus: 488, cause: 'sdp_no_common_codec' },
      }),
    );
    await settle();
    expect(pbx.at(-1)).toBe('NOTIFY 488');
    expect(bob!.hangUps).toBe(1);
    expect(t.updates().at(-1)).toEqual({ transferring: false, agentName: 'Alice Agent' });
  });

  it('the visitor hangs up while the queue rings: both legs hung up, the PBX hears 487', async () => {
    const t = await answeredByAlice();
    const { pbx, bob } = await t.transfer();
    t.bridge.browserHungUp();
    expect(pbx.at(-1)).toBe('NOTIFY 487');
    expect([t.alice.hangUps, bob!.hangUps]).toEqual([1, 1]);
    // Bob's leg ending after that changes nothing.
    bob!.events.onEnded({ code: 'visitor_hung_up', cause: 'hang_up' });
    expect(t.steps.filter((step) => step[0] === 'ended')).toHaveLength(1);
  });

  it.each([
    ['a premium-rate number', '<sip:+19005550100@127.0.0.1>', 403],
    ['a tel: URI', '<tel:+19005550100>', 403],
    ['a malformed Refer-To', '<sip:queue-sales-en@', 400],
  ])(
    'refuses %s (%d) as toll fraud: nothing dialled, the call goes on',
    async (_, referTo, status) => {
      const t = await answeredByAlice();
      const { pbx } = await t.transfer(referTo);
      expect(pbx).toEqual([status]);
      expect(t.trunk.calls).toHaveLength(1);
      expect(t.updates()).toEqual([{ agentName: 'Alice Agent' }]);
      expect(t.bridge.phase).toBe('answered');
      expect(await t.metrics.getSingleMetricAsString('media_toll_fraud_alerts_total')).toMatch(
        /media_toll_fraud_alerts_total 1$/m,
      );
    },
  );

  it('refuses a REFER before the answer (an early dialog) as toll fraud, and dials nothing', async () => {
    const t = bridgeOnFakes({ allows: () => 'allowed' });
    const call = await t.dialled();
    call.events.onRinging();
    const { request, pbx } = refer(`<${salesQueue}>`, false);
    call.events.onTransfer(request);
    await settle();
    expect(pbx).toEqual([403]);
    expect(t.trunk.calls).toHaveLength(1);
    expect(t.logger.lines.find((l) => l.message?.startsWith('toll-fraud alert:'))).toMatchObject({
      details: { cause: 'not_answered' },
    });
  });

  it('refuses a second REFER while one rings, without crying fraud', async () => {
    const t = await answeredByAlice();
    await t.transfer();
    const again = await t.transfer();
    expect(again.pbx).toEqual([403]);
    expect(t.trunk.calls).toHaveLength(2);
    expect(await t.metrics.getSingleMetricAsString('media_toll_fraud_alerts_total')).toMatch(
      /media_toll_fraud_alerts_total 0$/m,
    );
  });
});
