import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTest } from '../../protocol/api/connection-test.ts';
import { inCallQualitySummary } from '../../api/src/supervisor/call-quality-text.ts';
import { apiMetric } from '../support/api/api-metrics.ts';
import { readStoredCallFromPglite } from '../support/api/stored-call.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { startSippCallRig, type SippCallRig } from '../support/sipp/sipp-call-rig.ts';
import { placeVisitorCall, type VisitorCall } from '../support/sipp/visitor-call.ts';

// Quality to the agent and the supervisor: the visitor's connection test reaches the PBX in
// X-CTC-Connection, and the gateway measures the call's audio in its mediasoup worker to the
// last packet and reports it with the call's end, where the calls list shows it. SIPp is the
// PBX (scenarios/answer.xml), its media an RTP echo, all on loopback: nothing is lost.
describe('call quality for the agent and the supervisor', () => {
  const rig = useRig('call-quality');
  let calls: SippCallRig;
  const endedStored = () => apiMetric(calls.stack.apiUrl, 'api_call_events_total{type="ended"}');

  beforeAll(async () => {
    calls = await startSippCallRig(rig);
  });
  afterAll(async () => {
    await calls?.close();
  });

  /** One call answered by the PBX, audio both ways, then the visitor hangs up. */
  async function talkAndHangUp(connectionTest?: ConnectionTest) {
    const { pbx, phones } = await calls.play('answer', { phones: 1 });
    let visitor: VisitorCall | undefined;
    try {
      const endedBefore = await endedStored();
      visitor = await placeVisitorCall(calls.stack, connectionTest ? { connectionTest } : {});
      await visitor.answered();
      await Promise.all([visitor.hears(100), phones[0]!.more(100)]);
      expect(await visitor.hangUp()).toBe(200);
      const outcome = await pbx.finished();
      expect(outcome, outcome.errors).toMatchObject({ code: 0 });
      // The end event reached the API and was stored.
      await expect.poll(endedStored, { timeout: 30_000 }).toBe(endedBefore + 1);
      return pbx.requests('INVITE')[0]!;
    } finally {
      await visitor?.close();
    }
  }

  it('tells the PBX the connection test and stores what the call measured: no loss, MOS above 4', async () => {
    const invite = await talkAndHangUp({
      verdict: 'acceptable',
      rttMs: 41.6,
      lossPct: 0.46,
      jitterMs: 7.7,
      transport: 'udp',
    });
    expect(invite.header('X-CTC-Connection')).toBe(
      'verdict=acceptable;rtt=42;loss=0.5;jitter=8;transport=udp',
    );
    const callId = invite.header('X-CTC-Call-Id')!;
    const { record } = await calls.stack.whileApiStopped((dataDir) =>
      readStoredCallFromPglite(dataDir, callId),
    );
    expect(record).toMatchObject({ status: 'ended', connectionTest: { verdict: 'acceptable' } });
    // Loopback: every packet arrived, within a few ms of when it was due.
    expect(record?.quality).toMatchObject({ lossPct: 0 });
    expect(record!.quality!.mos).toBeGreaterThan(4);
    expect(record!.quality!.mos).toBeLessThanOrEqual(4.5);
    expect(record!.quality!.jitterMs).toBeGreaterThanOrEqual(0);
    expect(record!.quality!.jitterMs).toBeLessThan(30);
    // Each direction on its own: the visitor's voice to the agent, the agent's to the visitor.
    for (const direction of [record!.quality!.visitorToAgent, record!.quality!.agentToVisitor]) {
      expect(direction).toMatchObject({ lossPct: 0 });
      expect(direction!.mos).toBeGreaterThan(4);
    }
    // What the supervisor reads in the calls list, beside the connection test.
    expect(inCallQualitySummary(record!.quality)).toMatch(
      /^MOS 4\.\d, 0(\.0)? % loss, [\d.]+ ms jitter/,
    );
  });

  it('sends no connection header when the visitor skipped the test', async () => {
    const invite = await talkAndHangUp();
    expect(invite.header('X-CTC-Connection')).toBeUndefined();
    expect(invite.header('X-CTC-Intent')).toBe('support');
  });
});
