import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueUri } from '../../api/src/sites/route-call.ts';
import { SitesFileSchema } from '../../protocol/api/site-config.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { useRig } from '../support/rig/use-rig.ts';
import type { SipMessage } from '../support/sip/sip-responder.ts';
import { startSippCallRig, type SippCallRig } from '../support/sipp/sipp-call-rig.ts';
import type { SippCall } from '../support/sipp/sipp-pbx.ts';

// SIPp as the contact center's PBX transferring the visitor's answered call by REFER (RFC 3515;
// the gateway is the transferee, RFC 5589 6). A REFER to a queue the visitor's site allows moves
// the call there: 202, NOTIFYs with the new call's progress, a new INVITE to that queue with the
// same routing headers, the audio on the new agent's phone, and the widget ringing again, then
// naming the new agent; with Refer-Sub: false (RFC 4488) the same without NOTIFYs. The new
// INVITE carries the REFER's Referred-By (RFC 3892). A REFER to a premium-rate number is
// refused (403) as toll fraud: an alert, and nothing dialled. Each phone is an RTP echo: the
// visitor hearing its own packets back proves both directions.
describe('a PBX transferring the call by REFER', () => {
  const rig = useRig('sipp-pbx-transfer');
  let calls: SippCallRig;

  beforeAll(async () => {
    calls = await startSippCallRig(rig);
  });
  afterAll(async () => {
    await calls?.close();
  });

  /** The routing headers every INVITE carries (MEDIA_*_HEADER defaults). */
  const routingHeaders = ['x-ctc-intent', 'x-ctc-language', 'x-ctc-country', 'x-ctc-call-id'];
  const newInvites = (pbx: SippCall) =>
    pbx.requests('INVITE').filter((invite) => !/;tag=/.test(invite.header('to') ?? ''));
  const requestUri = (message: SipMessage) => message.startLine.split(' ')[1];
  /** The gateway's final answer to the PBX's request with `method`. */
  const answerTo = (pbx: SippCall, method: string) =>
    pbx.passed(`the gateway's answer to the ${method}`, (e) => {
      const cseq = e.message.header('cseq') ?? '';
      return e.from === 'gateway' && (e.message.status ?? 0) >= 200 && cseq.endsWith(method);
    });
  const mediaLogLines = () => {
    const media = rig.processes.list().find((p) => p.name === 'media')!;
    return readFileSync(media.logPath, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  const alertsCounted = async () => {
    const url = new URL('/metrics', calls.stack.gatewayUrl.replace(/^ws/, 'http'));
    const metrics = await (await fetch(url)).text();
    return Number(/^media_toll_fraud_alerts_total (\d+)/m.exec(metrics)?.[1]);
  };

  it('a REFER to an allowed queue of the site: the call moves there with audio both ways, and the visitor sees the new agent', async () => {
    const sites = SitesFileSchema.parse(JSON.parse(readFileSync(calls.stack.sitesFile, 'utf8')));
    // A queue the visitor's site routes to, written as the API writes it (its dial targets).
    const target = queueUri(sites.sites.acme!, 'sales-en');
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('blind-transfer-to-queue', {
      calls: 2,
      keys: { transfer_target: target },
    });
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);

    pbx.cue(); // Alice transfers the call
    expect((await answerTo(pbx, 'REFER')).status).toBe(202);
    // Bob's phone rings, and so does the visitor's widget.
    await pbx.passed("Bob's phone ringing", (e) => e.from === 'pbx' && e.message.status === 180);
    const transferUpdates = () =>
      visitor.invite.updates.filter((u) => u.transferring !== undefined);
    await expect.poll(transferUpdates).toEqual([{ transferring: true }]);
    pbx.cue(1); // Bob answers
    await visitor.toldAgent('Bob Agent');
    expect(transferUpdates()).toEqual([
      { transferring: true },
      { transferring: false, agentName: 'Bob Agent' },
    ]);
    // The audio goes to Bob's phone now, both ways.
    await Promise.all([visitor.hears(50), phones[1]!.more(50)]);

    const [first, transferred] = newInvites(pbx);
    expect(newInvites(pbx)).toHaveLength(2);
    expect(requestUri(transferred!)).toBe(target);
    expect(transferred!.header('call-id')).not.toBe(first!.header('call-id'));
    for (const name of routingHeaders) {
      expect(first!.header(name), name).toBeTruthy();
      expect(transferred!.header(name), name).toBe(first!.header(name));
    }
    // The new INVITE says who referred the call (RFC 3892), as the REFER named Alice.
    expect(transferred!.header('referred-by')).toBe('<sip:2001@127.0.0.1>');
    expect(first!.header('referred-by')).toBeUndefined();
    // The implicit subscription told the PBX how the new call went, then ended.
    expect(pbx.requests('NOTIFY').map((notify) => notify.body)).toEqual([
      'SIP/2.0 100 Trying\r\n',
      'SIP/2.0 200 OK\r\n',
    ]);
    // The PBX ended Alice's leg itself once told, as RFC 5589 has it.
    expect((await answerTo(pbx, 'BYE')).status).toBe(200);

    await hangUpAndCheck();
    // The visitor's BYE went to Bob's leg only.
    expect(pbx.requests('BYE').map((bye) => bye.header('call-id'))).toEqual([
      transferred!.header('call-id'),
    ]);
  });

  it('a REFER with Refer-Sub: false: 202 saying so, no NOTIFY at all, and the call still moves (RFC 4488)', async () => {
    const sites = SitesFileSchema.parse(JSON.parse(readFileSync(calls.stack.sitesFile, 'utf8')));
    const target = queueUri(sites.sites.acme!, 'sales-en');
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call(
      'blind-transfer-without-subscription',
      { calls: 2, keys: { transfer_target: target } },
    );
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);

    pbx.cue(); // Alice transfers the call, asking for no subscription, and hangs up at once
    const accepted = await answerTo(pbx, 'REFER');
    expect([accepted.status, accepted.header('refer-sub')]).toEqual([202, 'false']);
    expect((await answerTo(pbx, 'BYE')).status).toBe(200);
    await pbx.passed("Bob's phone ringing", (e) => e.from === 'pbx' && e.message.status === 180);
    pbx.cue(1); // Bob answers
    await visitor.toldAgent('Bob Agent');
    await Promise.all([visitor.hears(50), phones[1]!.more(50)]);
    const transferred = newInvites(pbx)[1];
    expect(requestUri(transferred!)).toBe(target);
    expect(transferred!.header('referred-by')).toBe('<sip:2001@127.0.0.1>');
    await hangUpAndCheck();
    // Not one NOTIFY, before or after the new call's outcome.
    expect(pbx.requests('NOTIFY')).toEqual([]);
  });

  it('a REFER to a premium-rate number: 403, a toll-fraud alert, nothing dialled, and the call goes on', async () => {
    const alertsBefore = await alertsCounted();
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('refer-to-premium-number', {
      phones: 1,
    });
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);

    pbx.cue(); // REFER to sip:+19005550100@ the PBX
    expect((await answerTo(pbx, 'REFER')).status).toBe(403);
    const alert = await waitFor(
      () =>
        mediaLogLines().find(
          (line) =>
            String(line.msg).startsWith('toll-fraud alert:') && line.cause === 'target_not_allowed',
        ),
      { timeoutMs: 5_000, what: 'the toll-fraud alert in the gateway log' },
    );
    // The host only: the number is personal data.
    expect(alert).toMatchObject({ alert: 'toll_fraud', site: 'acme', targetHost: '127.0.0.1' });
    expect(JSON.stringify(alert)).not.toContain('5550100');
    expect(await alertsCounted()).toBe(alertsBefore + 1);

    // The call stays up with Alice, audio both ways, and the widget never rang again.
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    expect(visitor.invite.updates.filter((u) => u.transferring !== undefined)).toEqual([]);
    await hangUpAndCheck();
    // Nothing was dialled: the visitor's INVITE is the only one that ever reached the PBX.
    const invites = [...newInvites(pbx), ...pbx.strays.filter((m) => m.method === 'INVITE')];
    expect(invites.map(requestUri)).toEqual([expect.stringMatching(/^sip:queue-support-en@/)]);
  });
});
