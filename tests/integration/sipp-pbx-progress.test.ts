import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRig } from '../support/rig/use-rig.ts';
import { startSippCallRig, type SippCallRig } from '../support/sipp/sipp-call-rig.ts';
import type { SippCall } from '../support/sipp/sipp-pbx.ts';
import type { VisitorCall } from '../support/sipp/visitor-call.ts';

// SIPp as the contact center's PBX (tests/support/sipp/scenarios/), one scenario per way a
// real trunk tells a call's progress before the answer: 183 without SDP, early media then
// 180, reliable provisionals (100rel, PRACK), an UPDATE naming the agent while it rings. What
// the visitor sees is what the gateway's SIP tells the browser (sip-invite-session.ts); the
// PBX's media goes to an echo, so the visitor hearing its own packets proves both directions.
describe('a PBX telling the call progress its own way', () => {
  const rig = useRig('sipp-pbx-progress');
  let calls: SippCallRig;

  beforeAll(async () => {
    calls = await startSippCallRig(rig);
  });
  afterAll(async () => {
    await calls?.close();
  });

  /** The provisional responses the visitor got beyond the 100 Trying. */
  const progress = (visitor: VisitorCall) =>
    visitor.invite.provisional.filter((p) => p.status > 100);
  /** The PBX sent a response with `status` to the INVITE (it went through the relay). */
  const pbxSent = (pbx: SippCall, status: number) =>
    pbx.passed(`the PBX's ${status}`, (e) => e.from === 'pbx' && e.message.status === status);

  it('183 without SDP, then 180: the visitor sees ringing from the 183 on, and no early media', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('progress-without-sdp', {
      phones: 1,
    });
    // Only the 183 so far: the visitor's widget already rings.
    await expect.poll(() => progress(visitor).map((p) => p.status)).toEqual([180]);
    pbx.cue();
    await pbxSent(pbx, 180);
    pbx.cue();
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    expect(progress(visitor)).toMatchObject([{ status: 180, sdp: undefined }]);
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    await hangUpAndCheck();
  });

  it('183 with SDP, then 180, then a 200 without SDP: early media plays until the answer keeps it', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('early-media-then-ringing', {
      phones: 1,
    });
    await visitor.earlyMedia();
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    pbx.cue();
    await pbxSent(pbx, 180);
    pbx.cue();
    const final = await visitor.answered();
    expect(final.agentName).toBe('Alice Agent');
    // One early answer, which the 200 repeats; the PBX's 180 changed nothing for the visitor.
    const early = progress(visitor).filter((p) => p.sdp);
    expect(progress(visitor).map((p) => p.status)).toEqual([183]);
    expect(final.sdp).toBe(early[0]?.sdp);
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    await hangUpAndCheck();
  });

  it('reliable 180 and 183 (100rel): each PRACKed once with its RAck, early media, then the answer', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('reliable-provisionals', {
      phones: 1,
    });
    await visitor.earlyMedia();
    // A second of early media: long past T1, so a PRACK whose 200 went unheeded would be sent again.
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    expect(pbx.requests('INVITE')[0]?.header('supported')).toMatch(/\b100rel\b/);
    expect(pbx.requests('PRACK').map((prack) => prack.header('rack'))).toEqual([
      '1 1 INVITE',
      '2 1 INVITE',
    ]);
    expect(progress(visitor).map((p) => p.status)).toEqual([180, 183]);
    pbx.cue();
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    await hangUpAndCheck();
  });

  it('an UPDATE naming the agent while it rings: answered 200, and the visitor is put through to that name', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('early-update-new-party', {
      phones: 1,
    });
    const answer = await pbx.passed(
      "the gateway's answer to the early UPDATE",
      (e) => e.from === 'gateway' && /UPDATE/.test(e.message.header('cseq') ?? ''),
    );
    expect(answer.status).toBe(200);
    pbx.cue();
    expect((await visitor.answered()).agentName).toBe('Eve Agent');
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    await hangUpAndCheck();
  });
});
