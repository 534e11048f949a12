import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrunkClient } from '../../media/src/sip/trunk/trunk-client.ts';
import type { TrunkClient } from '../../media/src/sip/trunk/trunk-client.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { offerWanted, recordCall, testLogger } from '../support/sip/call-recorder.ts';
import type { CallRecorder } from '../support/sip/call-recorder.ts';
import { reinviteSdp, startSipResponder } from '../support/sip/sip-responder.ts';
import type { SipMessage, SipResponder } from '../support/sip/sip-responder.ts';

// What kamailio and baresip cannot be told to do, from a scripted SIP peer on a real UDP
// socket: 422 Min-SE, short session timers both ways, P-Asserted-Identity, UPDATE, junk.

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

function call(events: CallRecorder, headers: Record<string, string> = {}) {
  const callId = randomUUID();
  const handle = client.placeCall(
    {
      callId,
      target: `sip:queue-sales@127.0.0.1:${responder.port}`,
      callerDisplayName: 'Web "visitor"',
      headers,
      sdpOffer: OFFER,
    },
    events,
  );
  return { callId, handle };
}

/** The first INVITE of `callId`, once the responder got it. */
const inviteOf = (callId: string, nth = 1) =>
  waitFor(
    () =>
      responder.requests.filter((r) => r.method === 'INVITE' && r.header('call-id') === callId)[
        nth - 1
      ],
    { timeoutMs: 3000, what: `INVITE #${nth} of ${callId}` },
  );

describe('scripted PBX behaviour', () => {
  it('sends routing headers and session-timer support; retries a 422 with the Min-SE asked', async () => {
    const script: SipMessage[] = [];
    responder.onInvite = (invite) => {
      script.push(invite);
      if (script.length === 1) responder.reply(invite, 422, { headers: ['Min-SE: 1900'] });
      else responder.reply(invite, 200, { sdp: reinviteSdp });
    };
    const events = recordCall();
    const { callId, handle } = call(events, { 'X-Intent': 'sales' });
    await events.answered;
    const [first, second] = [await inviteOf(callId, 1), await inviteOf(callId, 2)];
    expect(first.header('x-intent')).toBe('sales');
    expect(first.header('supported')).toMatch(/timer/);
    expect(first.header('session-expires')).toBe('1800');
    expect(first.header('from')).toMatch(/^"Web visitor" <sip:gateway@127\.0\.0\.1>/);
    expect(second.header('session-expires')).toBe('1900');
    expect(second.header('call-id')).toBe(callId);
    handle.hangUp();
    await responder.waitForRequest('BYE');
  });

  it('refreshes the session with a re-INVITE when it is the refresher', async () => {
    responder.onInvite = (invite) =>
      responder.reply(invite, 200, {
        sdp: reinviteSdp,
        headers: ['Session-Expires: 4;refresher=uac', 'Require: timer'],
      });
    const events = recordCall();
    const { callId, handle } = call(events);
    await events.answered;
    const refresh = await inviteOf(callId, 2);
    expect(refresh.header('to')).toMatch(/;tag=/);
    expect(refresh.header('session-expires')).toBe('4;refresher=uac');
    // The session as the media has it now, not the first offer (every codec) again; the
    // PBX's answer in the 2xx goes back to the media (RFC 3264 8, RFC 4028 7.4).
    expect(refresh.body).toBe(offerWanted);
    await inviteOf(callId, 3); // and again, after the 2xx restarted the clock
    expect(events.log.filter((entry) => /refresh-offer|re-answer/.test(entry))).toEqual(
      expect.arrayContaining(['refresh-offer', 're-answer']),
    );
    handle.hangUp();
    expect(await events.ended).toEqual({ code: 'visitor_hung_up', cause: 'hang_up' });
  });

  it('sends BYE when the PBX was to refresh and did not', async () => {
    responder.onInvite = (invite) =>
      responder.reply(invite, 200, {
        sdp: reinviteSdp,
        headers: ['Session-Expires: 3;refresher=uas'],
      });
    const events = recordCall();
    const { callId } = call(events);
    await events.answered;
    const answeredAt = Date.now();
    const reason = await events.ended;
    expect(reason).toMatchObject({ code: 'agent_lost', detail: expect.stringMatching(/session/) });
    expect(Date.now() - answeredAt).toBeGreaterThan(1500); // 3 s - min(32, 3/3)
    await waitFor(
      () => responder.requests.find((r) => r.method === 'BYE' && r.header('call-id') === callId),
      {
        timeoutMs: 2000,
        what: 'BYE on expiry',
      },
    );
  });

  it('reads the agent name, follows a re-INVITE and an UPDATE, survives junk', async () => {
    responder.onInvite = (invite) => {
      responder.reply(invite, 180);
      // The scripted agent picks up a moment after ringing, as a person does (not a wait).
      setTimeout(
        () =>
          responder.reply(invite, 200, {
            sdp: reinviteSdp,
            headers: ['P-Asserted-Identity: "Alice Agent" <sip:alice@pbx>'],
          }),
        100,
      );
    };
    const events = recordCall();
    const { callId, handle } = call(events);
    await events.ringing;
    await events.answered;
    expect(events.agentNames).toEqual(['Alice Agent']);
    const invite = await inviteOf(callId);
    const gateway = invite.from.port;

    // Junk on the gateway's SIP socket: dropped and counted, the call goes on.
    const droppedBefore = client.droppedMessages;
    responder.sendRaw('NOT SIP AT ALL', gateway);
    responder.sendRaw(Buffer.from([0, 1, 2, 3, 255, 13, 10, 13, 10]), gateway);
    responder.sendRaw('SIP/2.0 200 OK\r\nVia: x\r\n\r\n', gateway);
    await waitFor(() => client.droppedMessages >= droppedBefore + 3, {
      timeoutMs: 2000,
      what: 'drops',
    });

    const newSdp = reinviteSdp.replace('m=audio 9', 'm=audio 4000').replace('1 2 IN', '1 3 IN');
    const reinvite = await responder.request(invite, 'INVITE', {
      sdp: newSdp,
      headers: ['P-Asserted-Identity: "Bob Agent" <sip:bob@pbx>'],
    });
    expect(reinvite.status).toBe(200);
    expect(reinvite.body).toBe(newSdp); // our onReOffer answer (the recorder echoes the offer)
    expect(events.reOffers).toEqual([newSdp]);

    const update = await responder.request(invite, 'UPDATE', {
      headers: [
        'P-Asserted-Identity: "Carol Agent" <sip:carol@pbx>',
        'Session-Expires: 600;refresher=uac',
      ],
    });
    expect(update.status).toBe(200);
    expect(update.header('session-expires')).toBe('600;refresher=uac');
    expect(events.agentNames).toEqual(['Alice Agent', 'Bob Agent', 'Carol Agent']);

    const bye = await responder.request(invite, 'BYE');
    expect(bye.status).toBe(200);
    expect(await events.ended).toEqual({ code: 'agent_hung_up', cause: 'pbx_bye' });
    handle.hangUp(); // after the end: a no-op
    expect(events.log.filter((e) => e.startsWith('ended'))).toHaveLength(1);
  });

  it('never answers an ACK, not even a tagless one looking like a merged request', async () => {
    // Found by the fuzzer: sip.js's merged-request check (RFC 3261 8.2.2.2) answered 482 to
    // an ACK whose To tag was misspelled, when its From tag, Call-ID and CSeq were those of a
    // re-INVITE still in its Accepted state.
    responder.onInvite = (invite) => responder.reply(invite, 200, { sdp: reinviteSdp });
    const events = recordCall();
    const { callId, handle } = call(events);
    await events.answered;
    const invite = await inviteOf(callId);
    const reinvite = await responder.request(invite, 'INVITE', { sdp: reinviteSdp });
    expect(reinvite.status).toBe(200);
    const cseq = Number.parseInt(reinvite.header('cseq') ?? '', 10);
    const contact = /<([^>]+)>/.exec(invite.header('contact') ?? '')?.[1] ?? '';
    const strayAck = [
      `ACK ${contact} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${responder.port};branch=z9hG4bKstrayack${cseq}`,
      'Max-Forwards: 70',
      `From: ${reinvite.header('from')}`,
      `To: ${invite.header('from')?.replace(';tag=', ';ttag=')}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ACK`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    responder.sendRaw(strayAck, invite.from.port);
    // An OPTIONS sent after it: its answer comes after anything the ACK would have caused.
    const probeId = `probe-${randomUUID()}`;
    responder.sendRaw(
      [
        `OPTIONS sip:gateway@127.0.0.1 SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${responder.port};branch=z9hG4bK${probeId}`,
        'Max-Forwards: 70',
        'From: <sip:pbx@127.0.0.1>;tag=probe',
        'To: <sip:gateway@127.0.0.1>',
        `Call-ID: ${probeId}`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
      invite.from.port,
    );
    await waitFor(() => responder.responses.find((r) => r.header('call-id') === probeId), {
      timeoutMs: 3000,
      what: 'the answer to the OPTIONS sent after the ACK',
    });
    expect(responder.responses.filter((r) => /ACK$/.test(r.header('cseq') ?? ''))).toEqual([]);
    handle.hangUp();
    expect(await events.ended).toEqual({ code: 'visitor_hung_up', cause: 'hang_up' });
  });

  it('maps a 486 to busy and a 503 to trunk_unreachable', async () => {
    responder.onInvite = (invite) =>
      responder.reply(invite, invite.header('x-want') === 'busy' ? 486 : 503);
    const busy = recordCall();
    call(busy, { 'X-Want': 'busy' });
    expect(await busy.ended).toMatchObject({ code: 'busy', sipStatus: 486 });
    const down = recordCall();
    call(down, { 'X-Want': 'down' });
    expect(await down.ended).toMatchObject({ code: 'trunk_unreachable', sipStatus: 503 });
  });

  it('refuses an injected header without sending anything', async () => {
    const before = responder.requests.length;
    const events = recordCall();
    call(events, { 'X-Intent': 'sales\r\nX-Evil: 1' });
    expect(await events.ended).toMatchObject({ code: 'gateway_error' });
    expect(responder.requests.slice(before).filter((r) => r.method === 'INVITE')).toEqual([]);
  });
});
