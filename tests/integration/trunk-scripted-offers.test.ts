import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../infra/rig/wait.ts';
import { startTrunkClient, type TrunkClient } from '../../media/src/sip/trunk/trunk-client.ts';
import { recordCall, testLogger, type CallRecorder } from '../support/sip/call-recorder.ts';
import { reinviteSdp, startSipResponder, type SipResponder } from '../support/sip/sip-responder.ts';

// The offer/answer corners a PBX can put the trunk in, from a scripted SIP peer on a real UDP
// socket (the SIPp scenarios in sipp-pbx-*.test.ts play the common paths with real media): a
// re-INVITE without SDP whose ACK brings no usable answer, and an UPDATE with an offer in the
// early dialog, before and after the PBX answered ours.

let responder: SipResponder;
let client: TrunkClient;

beforeAll(async () => {
  responder = await startSipResponder();
  client = await startTrunkClient({
    trunk: { host: '127.0.0.1', port: responder.port, transport: 'udp' },
    bindIp: '127.0.0.1',
    logger: testLogger(),
  });
});
afterAll(async () => {
  await client.close();
  responder.close();
});

const OFFER = reinviteSdp.replace('m=audio 9', 'm=audio 10');

function call(events: CallRecorder) {
  const callId = randomUUID();
  client.placeCall(
    {
      callId,
      target: `sip:queue-sales@127.0.0.1:${responder.port}`,
      callerDisplayName: 'Web visitor',
      headers: {},
      sdpOffer: OFFER,
    },
    events,
  );
  const invite = waitFor(
    () => responder.requests.find((r) => r.method === 'INVITE' && r.header('call-id') === callId),
    { timeoutMs: 3000, what: `the INVITE of ${callId}` },
  );
  const bye = () =>
    waitFor(
      () => responder.requests.find((r) => r.method === 'BYE' && r.header('call-id') === callId),
      { timeoutMs: 3000, what: `the BYE of ${callId}` },
    );
  return { invite, bye };
}

describe('offer/answer corners with a scripted PBX', () => {
  it('a re-INVITE without SDP gets our offer; an ACK without the answer ends the call (BYE)', async () => {
    responder.onInvite = (invite) => responder.reply(invite, 200, { sdp: reinviteSdp });
    const events = recordCall();
    const { invite, bye } = call(events);
    await events.answered;
    const reInvite = await responder.request(await invite, 'INVITE');
    expect(reInvite.status).toBe(200);
    expect(reInvite.header('content-type')).toBe('application/sdp');
    expect(reInvite.body).toMatch(/^m=audio \d+ RTP\/AVP/m);
    expect(await events.ended).toMatchObject({ code: 'incompatible', cause: 'pbx_no_sdp' });
    await bye();
  });

  it('a re-INVITE without SDP whose ACK answer the media refuses ends the call (BYE)', async () => {
    responder.onInvite = (invite) => responder.reply(invite, 200, { sdp: reinviteSdp });
    const events = recordCall();
    const { invite, bye } = call(events);
    await events.answered;
    const refused = reinviteSdp.replace('m=audio 9', 'm=audio 0');
    expect((await responder.request(await invite, 'INVITE', { ackSdp: refused })).status).toBe(200);
    expect(await events.ended).toMatchObject({ code: 'incompatible', cause: 'sdp_no_audio' });
    expect(events.reAnswers).toEqual([refused]);
    await bye();
  });

  it('an early UPDATE with an offer: 491 while ours is unanswered, answered after the 183, and the media it names stands at the 200', async () => {
    let dialogInvite: Parameters<SipResponder['reply']>[0] | undefined;
    responder.onInvite = (invite) => {
      dialogInvite = invite;
      responder.reply(invite, 180);
    };
    const events = recordCall();
    call(events);
    await events.ringing;
    const invite = dialogInvite!;
    const moved = reinviteSdp.replace('m=audio 9', 'm=audio 4000').replace('1 2 IN', '1 3 IN');
    // RFC 3311 5.2: our INVITE's offer is still unanswered.
    expect((await responder.request(invite, 'UPDATE', { sdp: moved })).status).toBe(491);

    responder.reply(invite, 183, { sdp: reinviteSdp });
    await expect.poll(() => events.log).toContain('early-media');
    const update = await responder.request(invite, 'UPDATE', { sdp: moved });
    expect(update.status).toBe(200);
    expect(update.body).toBe(moved); // the recorder's answer echoes the offer
    expect(events.reOffers).toEqual([moved]);

    // The 200 without SDP: the media is the one the UPDATE moved to, not the 183's.
    responder.reply(invite, 200);
    expect(await events.answered).toBe(moved);
    const bye = await responder.request(invite, 'BYE');
    expect(bye.status).toBe(200);
  });
});
