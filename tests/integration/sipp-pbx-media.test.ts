import * as sdpTransform from 'sdp-transform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRig } from '../support/rig/use-rig.ts';
import { startSippCallRig, type SippCallRig } from '../support/sipp/sipp-call-rig.ts';
import type { RtpEcho } from '../support/sipp/rtp-echo.ts';

// SIPp as the contact center's PBX (tests/support/sipp/scenarios/), one scenario per
// behaviour of a real trunk after the answer: how it answers our codecs, a transfer or resume
// by a re-INVITE without SDP (CUCM), UPDATE instead of re-INVITE. The PBX's media goes to an
// echo per agent's phone, so the visitor hearing its own packets proves both directions.
describe('a PBX that negotiates media its own way', () => {
  const rig = useRig('sipp-pbx-media');
  let calls: SippCallRig;

  beforeAll(async () => {
    calls = await startSippCallRig(rig);
  });
  afterAll(async () => {
    await calls?.close();
  });

  it('answering with its own codec order: the visitor gets what it listed first, audio both ways', async () => {
    const { visitor, phones, hangUpAndCheck } = await calls.call('answer-in-own-codec-order');
    const answer = await visitor.answered();
    const audio = sdpTransform.parse(answer.sdp ?? '').media[0];
    // Sent first, then the PBX's others, which it may switch to (RFC 3264 5.1).
    expect(audio?.rtp.map((rtp) => rtp.codec)).toEqual(['PCMA', 'PCMU', 'G722', 'telephone-event']);
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    expect(phones[0]!.payloadTypes).toEqual(new Set([8])); // A-law toward the PBX too
    await hangUpAndCheck();
  });

  it('answering with ptime 30: the visitor is asked for 30 ms packets, audio both ways', async () => {
    const { visitor, phones, hangUpAndCheck } = await calls.call('answer-with-ptime-30', {
      phones: 1,
    });
    const answer = await visitor.answered();
    expect(sdpTransform.parse(answer.sdp ?? '').media[0]?.ptime).toBe(30);
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    await hangUpAndCheck();
  });

  it('UPDATE for a session refresh and a new connected party, without and with SDP', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('update-refresh-and-party');
    const [alice, carol] = phones as [RtpEcho, RtpEcho];
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    await Promise.all([visitor.hears(50), alice.more(50)]);

    // The refresh names Bob: the timer goes on (the 200 says so), the visitor is told his name.
    pbx.cue();
    await visitor.toldAgent('Bob Agent');
    await Promise.all([visitor.hears(50), alice.more(50)]);

    // Carol takes the call on her phone: the media follows the UPDATE's SDP.
    pbx.cue();
    await visitor.toldAgent('Carol Agent');
    await Promise.all([carol.more(50), visitor.hears(50)]);
    const aliceHeard = alice.received;
    await carol.more(50);
    expect(alice.received - aliceHeard).toBeLessThan(3);
    await hangUpAndCheck();
  });

  it('transferring and resuming by re-INVITEs without SDP (CUCM): our offer in the 200, its answer in the ACK', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('offerless-reinvite');
    const [alice, bob] = phones as [RtpEcho, RtpEcho];
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    await Promise.all([visitor.hears(50), alice.more(50)]);

    // Alice transfers: the visitor is told Bob's name, and the audio moves to Bob's phone.
    pbx.cue();
    await visitor.toldAgent('Bob Agent');
    await Promise.all([bob.more(50), visitor.hears(50)]);
    const aliceHeard = alice.received;
    await bob.more(50);
    expect(alice.received - aliceHeard).toBeLessThan(3); // at most what was in flight

    // Bob holds: the visitor is told, and nothing of theirs reaches him meanwhile.
    pbx.cue();
    await expect.poll(() => visitor.invite.updates).toContainEqual({ held: true });
    const heldAt = bob.received;
    const sentAt = visitor.peer.stats.sent;
    await expect.poll(() => visitor.peer.stats.sent).toBeGreaterThanOrEqual(sentAt + 50);
    expect(bob.received - heldAt).toBeLessThan(3);

    // Bob resumes without SDP: our offer takes the call back both ways.
    pbx.cue();
    await expect.poll(() => visitor.invite.updates.at(-1)).toEqual({ held: false });
    await Promise.all([bob.more(50), visitor.hears(50)]);
    await hangUpAndCheck();
  });
});
