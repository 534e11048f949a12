import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferRequest } from '../../media/src/sip/trunk/call-transfer.ts';
import { transferorByeWaitMs } from '../../media/src/sip/trunk/call-transfer.ts';
import type { ReferTo } from '../../media/src/sip/trunk/refer-to.ts';
import { startTrunkClient } from '../../media/src/sip/trunk/trunk-client.ts';
import type { TrunkClient } from '../../media/src/sip/trunk/trunk-client.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { recordCall, testLogger } from '../support/sip/call-recorder.ts';
import { reinviteSdp, startSipResponder } from '../support/sip/sip-responder.ts';
import type { SipMessage, SipResponder } from '../support/sip/sip-responder.ts';

// The PBX leg's side of a blind transfer (RFC 3515; the gateway is the transferee, RFC 5589),
// from a scripted PBX on a real UDP socket: a REFER reaches the call's listener in an answered
// call and in a ringing one; an accepted one gets 202 and the implicit subscription's NOTIFYs
// (message/sipfrag), then our BYE when the PBX keeps its leg; a REFER outside any dialog is
// refused (403) and told to the toll-fraud guard.

let responder: SipResponder;
let client: TrunkClient;
const outsideDialog: ReferTo[] = [];

beforeAll(async () => {
  responder = await startSipResponder();
  client = await startTrunkClient({
    trunk: { host: '127.0.0.1', port: responder.port, transport: 'udp' },
    bindIp: '127.0.0.1',
    logger: testLogger(),
    onReferOutsideDialog: (referTo) => outsideDialog.push(referTo),
  });
});
afterAll(async () => {
  await client.close();
  responder.close();
});

/** A call whose REFERs are kept, and answered by `decide` (the bridge's part). */
function callWithTransfers(decide: (request: TransferRequest) => void) {
  const transfers: TransferRequest[] = [];
  const events = {
    ...recordCall(),
    onTransfer: (request: TransferRequest) => {
      transfers.push(request);
      decide(request);
    },
  };
  const callId = randomUUID();
  const handle = client.placeCall(
    {
      callId,
      target: `sip:queue-sales@127.0.0.1:${responder.port}`,
      callerDisplayName: 'Web visitor',
      headers: {},
      sdpOffer: reinviteSdp.replace('m=audio 9', 'm=audio 10'),
    },
    events,
  );
  const invite = waitFor(
    () => responder.requests.find((r) => r.method === 'INVITE' && r.header('call-id') === callId),
    { timeoutMs: 3000, what: `the INVITE of ${callId}` },
  );
  const requests = (method: string) =>
    responder.requests.filter((r) => r.method === method && r.header('call-id') === callId);
  return { events, transfers, handle, invite, requests };
}

describe('a REFER from the PBX', () => {
  it('in an answered call: 202, NOTIFY 100 Trying then the final status, and our BYE when the PBX keeps its leg', async () => {
    responder.onInvite = (invite) => responder.reply(invite, 200, { sdp: reinviteSdp });
    const call = callWithTransfers((request) => request.accept().final(200));
    await call.events.answered;
    const refer = await responder.request(await call.invite, 'REFER', {
      headers: ['Refer-To: "Sales" <sip:queue-b@pbx.example>', 'Referred-By: <sip:2001@pbx>'],
    });
    expect(refer.status).toBe(202);
    expect(call.transfers.map((t) => [t.referTo, t.answered])).toEqual([
      [{ ok: true, uri: 'sip:queue-b@pbx.example' }, true],
    ]);
    const notifies = await waitFor(
      () => (call.requests('NOTIFY').length >= 2 ? call.requests('NOTIFY') : undefined),
      { timeoutMs: 3000, what: 'two NOTIFYs' },
    );
    const read = (n: SipMessage) => [
      n.header('event'),
      n.header('subscription-state'),
      n.header('content-type'),
      n.body,
    ];
    expect(notifies.map(read)).toEqual([
      ['refer', 'active;expires=60', 'message/sipfrag;version=2.0', 'SIP/2.0 100 Trying\r\n'],
      [
        'refer',
        'terminated;reason=noresource',
        'message/sipfrag;version=2.0',
        'SIP/2.0 200 OK\r\n',
      ],
    ]);
    // The PBX does not end its leg: we do, once it had its time to.
    const bye = await waitFor(() => call.requests('BYE')[0], {
      timeoutMs: transferorByeWaitMs + 3000,
      what: 'our BYE of the transferred leg',
    });
    expect(bye.header('cseq')).toMatch(/BYE$/);
    expect(await call.events.ended).toEqual({ code: 'agent_hung_up', cause: 'transferred' });
  });

  it('while the call rings (an early dialog): handed over as not answered, and refused 403', async () => {
    responder.onInvite = (invite) => responder.reply(invite, 180);
    const call = callWithTransfers((request) => request.refuse());
    await call.events.ringing;
    const refer = await responder.request(await call.invite, 'REFER', {
      headers: ['Refer-To: <sip:+19005550100@127.0.0.1>'],
    });
    expect(refer.status).toBe(403);
    expect(call.transfers.map((t) => t.answered)).toEqual([false]);
    expect(call.requests('NOTIFY')).toEqual([]);
    call.handle.hangUp();
    await call.events.ended;
  });

  it('with a malformed Refer-To: 400 when the call refuses it', async () => {
    responder.onInvite = (invite) => responder.reply(invite, 200, { sdp: reinviteSdp });
    const call = callWithTransfers((request) => request.refuse());
    await call.events.answered;
    const refer = await responder.request(await call.invite, 'REFER', {
      headers: ['Refer-To: <sip:queue-b@pbx.example>, <sip:queue-c@pbx.example>'],
    });
    expect(refer.status).toBe(400);
    call.handle.hangUp();
    await call.events.ended;
  });

  it('outside any dialog: 403, and the toll-fraud guard hears of it', async () => {
    responder.onInvite = (invite) => responder.reply(invite, 200, { sdp: reinviteSdp });
    const call = callWithTransfers((request) => request.refuse());
    await call.events.answered;
    const gatewayPort = (await call.invite).from.port;
    const strangerCallId = randomUUID();
    // From the trunk's own address (the only peer the gateway hears), in no dialog of ours.
    responder.sendRaw(
      [
        `REFER sip:gateway@127.0.0.1:${gatewayPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${responder.port};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
        'Max-Forwards: 70',
        `From: <sip:pbx@127.0.0.1:${responder.port}>;tag=stranger`,
        `To: <sip:gateway@127.0.0.1:${gatewayPort}>`,
        `Call-ID: ${strangerCallId}`,
        'CSeq: 1 REFER',
        `Contact: <sip:pbx@127.0.0.1:${responder.port}>`,
        'Refer-To: <sip:+19005550100@127.0.0.1>',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
      gatewayPort,
    );
    const refused = await waitFor(
      () => responder.responses.find((r) => r.header('call-id') === strangerCallId),
      { timeoutMs: 3000, what: 'the answer to a REFER outside any dialog' },
    );
    expect(refused.status).toBe(403);
    expect(outsideDialog).toEqual([{ ok: true, uri: 'sip:+19005550100@127.0.0.1' }]);
    // The call it did not belong to goes on.
    expect(call.transfers).toEqual([]);
    call.handle.hangUp();
    await call.events.ended;
  });
});
