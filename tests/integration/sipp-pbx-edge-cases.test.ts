import * as sdpTransform from 'sdp-transform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRig } from '../support/rig/use-rig.ts';
import type { SipMessage } from '../support/sip/sip-responder.ts';
import { startSippCallRig, type SippCallRig } from '../support/sipp/sipp-call-rig.ts';
import type { RtpEcho } from '../support/sipp/rtp-echo.ts';

// SIPp as the PBX (tests/support/sipp/scenarios/) in the corners real trunks take outside the
// letter of RFC 3261, 3264 and 4028, each with audio both ways: the visitor hearing its own
// packets back from the agent's phone (an RTP echo) proves both directions.
describe('a PBX at the edges of the SIP RFCs', () => {
  const rig = useRig('sipp-pbx-edge-cases');
  let calls: SippCallRig;

  beforeAll(async () => {
    calls = await startSippCallRig(rig);
  });
  afterAll(async () => {
    await calls?.close();
  });

  const viaBranch = (message: SipMessage) => /;branch=([^;\s]+)/.exec(message.header('via') ?? '');

  it("an ACK reusing its re-INVITE's branch reaches the dialog: the answer in it is applied, the call goes on", async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call(
      'ack-reusing-reinvite-branch',
    );
    const [alice, bob] = phones as [RtpEcho, RtpEcho];
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    await Promise.all([visitor.hears(50), alice.more(50)]);

    // The transfer's answer, Bob's phone, is in an ACK on the re-INVITE's own branch.
    pbx.cue();
    await visitor.toldAgent('Bob Agent');
    const ack = await pbx.passed('the ACK of the transfer', (e) =>
      /^2 ACK/.test(e.message.header('cseq') ?? ''),
    );
    const reInvite = await pbx.passed('the transfer re-INVITE', (e) =>
      /^2 INVITE/.test(e.message.header('cseq') ?? ''),
    );
    expect(viaBranch(ack)?.[1]).toBe(viaBranch(reInvite)?.[1]);
    await Promise.all([bob.more(50), visitor.hears(50)]);

    // Alice takes it back by a re-INVITE with SDP, its ACK on the same branch again.
    pbx.cue();
    await visitor.toldAgent('Alice Agent');
    await Promise.all([alice.more(50), visitor.hears(50)]);
    // Each 200 went once: the ACKs stopped their retransmission (RFC 3261 13.3.1.4).
    const okTo = (cseq: string) =>
      pbx.wire.filter(
        (e) =>
          e.from === 'gateway' && e.message.status === 200 && e.message.header('cseq') === cseq,
      ).length;
    expect([okTo('2 INVITE'), okTo('3 INVITE')]).toEqual([1, 1]);
    await hangUpAndCheck();
  });

  it('a 180 without a To tag: the visitor sees ringing once, the 200 answers, audio both ways', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('ringing-without-tag', {
      phones: 1,
    });
    const ringing = () => visitor.invite.provisional.filter((p) => p.status === 180);
    // The untagged 180 alone rings the widget, before the tagged one comes.
    await expect.poll(ringing).toHaveLength(1);
    const tagged = pbx.wire.filter(
      (e) =>
        e.from === 'pbx' && e.message.status === 180 && /;tag=/.test(e.message.header('to') ?? ''),
    );
    expect(tagged).toHaveLength(0);
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    expect(ringing()).toHaveLength(1); // the tagged 180 made no second ringing
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    await hangUpAndCheck();
  });

  it('answering PCMU and PCMA and switching to PCMA mid-call: the visitor hears both, the PBX gets PCMU', async () => {
    const { visitor, phones, hangUpAndCheck } = await calls.call(
      'answer-two-codecs-switch-to-second',
      { phones: 1, phonesSwitchTo: { payloadType: 8, afterPackets: 25 } },
    );
    const answer = await visitor.answered();
    const audio = sdpTransform.parse(answer.sdp ?? '').media[0];
    // The visitor sends the answer's first, and can receive both.
    expect(audio?.rtp.map((rtp) => rtp.codec)).toEqual(['PCMU', 'PCMA', 'telephone-event']);
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    await visitor.hears(50); // well after the phone's switch
    expect(phones[0]!.payloadTypes).toEqual(new Set([0]));
    // The switch needs no new offer (RFC 3264 5.1): the worker forwards PCMA as it came.
    expect(visitor.heardPayloadTypes).toEqual(new Set([0, 8]));
    await hangUpAndCheck();
  });

  it('answering PCMU and PCMA and sending PCMA from its first packet: the visitor hears it', async () => {
    const { visitor, phones, hangUpAndCheck } = await calls.call(
      'answer-two-codecs-switch-to-second',
      { phones: 1, phonesSwitchTo: { payloadType: 8, afterPackets: 0 } },
    );
    await visitor.answered();
    // The worker takes the stream on a packet of any codec the PBX answered
    // (infra/mediasoup-worker/patches/0004-*), not only on one of the first.
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    expect(visitor.heardPayloadTypes).toEqual(new Set([8]));
    await hangUpAndCheck();
  });

  it('session refreshes: our offer is the session as it is, a new version only when it changed, and a new answer is followed', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('session-refresh-new-answer');
    const [first, moved] = phones as [RtpEcho, RtpEcho];
    await visitor.answered();
    await Promise.all([visitor.hears(50), first.more(50)]);

    // The second refresh's answer moves the PBX's media: the audio follows it.
    await pbx.passed(
      "the PBX's answer to the second refresh",
      (e) =>
        e.from === 'pbx' &&
        e.message.status === 200 &&
        /^3 INVITE/.test(e.message.header('cseq') ?? ''),
    );
    await Promise.all([moved.more(50), visitor.hears(50)]);
    const firstHeard = first.received;
    await moved.more(50);
    expect(first.received - firstHeard).toBeLessThan(3); // at most what was in flight

    const [offer, refresh, again] = pbx.requests('INVITE').map((invite) => {
      const sdp = sdpTransform.parse(invite.body);
      return { version: Number(sdp.origin?.sessionVersion), payloads: sdp.media[0]?.payloads };
    });
    // The first offer named every codec; the call carries PCMU now, and that is what a
    // refresh offers (a changed SDP: one version on, RFC 3264 8). Unchanged since: same version.
    expect(offer?.payloads).not.toBe(refresh?.payloads);
    expect(refresh).toEqual({ version: offer!.version + 1, payloads: '0 126' });
    expect(again).toEqual(refresh);
    await hangUpAndCheck();
  });
});
