import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { HealthSchema, type Health } from '../../protocol/health.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { startRtpEcho } from '../support/sipp/rtp-echo.ts';
import { startSippPbx, type SippPbx } from '../support/sipp/sipp-pbx.ts';
import { placeVisitorCall, type VisitorCall } from '../support/sipp/visitor-call.ts';

// Two PBX addresses (MEDIA_TRUNK_HOSTS), each SIPp behind a relay that answers OPTIONS and can
// fall silent (sipp-pbx.ts). What a user notices: which PBX the visitor's call reaches, with
// audio both ways (the PBX's media goes to an echo), and what /readyz says of each address.
describe('two PBX addresses, each with its own OPTIONS health', () => {
  const rig = useRig('pbx-failover');
  /** Short, so the test waits seconds; a dead address is seen within interval + ping timeout. */
  const optionsIntervalMs = 1000;
  /** The trunk client's OPTIONS timeout (trunk-options.ts): a ping unanswered this long fails. */
  const optionsTimeoutMs = 2000;
  /** Timers on a busy 2-core machine fire late: the margin over the two above. */
  const slackMs = 2000;
  let first: SippPbx;
  let second: SippPbx;
  let stack: Stack;
  const visitors: VisitorCall[] = [];

  beforeAll(async () => {
    const pbx = (name: string) =>
      startSippPbx({ processes: rig.processes, workDir: rig.dir.workDir(`pbx-${name}`) });
    [first, second] = await Promise.all([pbx('first'), pbx('second')]);
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [],
      rebuildWidget: false,
      editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 100),
      mediaEnv: {
        MEDIA_TRUNK_HOSTS: `127.0.0.1:${first.port},127.0.0.1:${second.port}`,
        MEDIA_TRUNK_TRANSPORT: 'udp',
        MEDIA_TRUNK_OPTIONS_INTERVAL_MS: String(optionsIntervalMs),
      },
    });
  });
  afterAll(async () => {
    for (const visitor of visitors) await visitor.close();
    await Promise.all([first?.close(), second?.close()]);
    await stack?.stop();
  });

  const readyz = async (): Promise<{ status: number; health: Health }> => {
    const response = await fetch(new URL('/readyz', stack.gatewayUrl.replace(/^ws/, 'http')));
    return { status: response.status, health: HealthSchema.parse(await response.json()) };
  };
  const label = (pbx: SippPbx) => `127.0.0.1:${pbx.port}`;
  /** Its place in MEDIA_TRUNK_HOSTS, as /readyz names it (never by address: the public side asks). */
  const place = (pbx: SippPbx) => (pbx === first ? 1 : 2);
  /** Resolves once /readyz says `pbx` is `status`; fails after `timeoutMs`. */
  const readyzSays = (pbx: SippPbx, status: 'up' | 'down', timeoutMs: number) =>
    waitFor(
      async () => {
        const { health } = await readyz();
        const entry = health.trunkAddresses?.find((a) => a.pbx === place(pbx));
        return entry?.status === status;
      },
      { timeoutMs, what: `/readyz saying ${label(pbx)} is ${status}` },
    );
  /** How many calls each PBX was offered (INVITEs reaching it) since `before`. */
  const offered = (before: [number, number]) => [
    first.invited.size - before[0],
    second.invited.size - before[1],
  ];
  const offeredSoFar = (): [number, number] => [first.invited.size, second.invited.size];

  /** A visitor's call that `pbx` answers: audio both ways, then the visitor hangs up. */
  async function callAnsweredBy(pbx: SippPbx): Promise<void> {
    const phone = await startRtpEcho();
    try {
      const sipp = await pbx.play('answer', { rtp_port: phone.port });
      const visitor = await placeVisitorCall(stack);
      visitors.push(visitor);
      await visitor.answered();
      await Promise.all([visitor.hears(50), phone.more(50)]);
      expect(await visitor.hangUp()).toBe(200);
      const outcome = await sipp.finished();
      expect(outcome, outcome.errors).toMatchObject({ code: 0 });
    } finally {
      phone.close();
    }
  }

  it('both up: calls go to the first, with audio both ways', async () => {
    await readyzSays(first, 'up', optionsIntervalMs + slackMs);
    await readyzSays(second, 'up', optionsIntervalMs + slackMs);
    const before = offeredSoFar();
    await callAnsweredBy(first);
    expect(offered(before)).toEqual([1, 0]);
  });

  it('a final answer from the first (486) stands: the second is never dialled', async () => {
    const before = offeredSoFar();
    const sipp = await first.play('busy');
    const visitor = await placeVisitorCall(stack);
    visitors.push(visitor);
    expect(await visitor.invite.final).toMatchObject({ status: 486, endCode: 'busy' });
    expect((await sipp.finished()).code).toBe(0);
    expect(offered(before)).toEqual([1, 0]);
  });

  it('the first stops answering: within the OPTIONS interval it is down and calls go to the second', async () => {
    first.answer('nothing');
    await readyzSays(first, 'down', optionsIntervalMs + optionsTimeoutMs + slackMs);
    // One address up is enough to take calls: the gateway stays ready.
    const { status, health } = await readyz();
    expect(status).toBe(200);
    expect(health.checks.sipTrunk).toBe('ok');
    const before = offeredSoFar();
    await callAnsweredBy(second);
    // Straight to the second: the first, known down, was not offered the call.
    expect(offered(before)).toEqual([0, 1]);
  });

  it('the first comes back: within the OPTIONS interval calls return to it', async () => {
    first.answer('everything');
    await readyzSays(first, 'up', optionsIntervalMs + optionsTimeoutMs + slackMs);
    const before = offeredSoFar();
    await callAnsweredBy(first);
    expect(offered(before)).toEqual([1, 0]);
  });

  it('the first answers OPTIONS but not the INVITE: that call goes on to the second, audio both ways', async () => {
    first.answer('options only');
    const before = offeredSoFar();
    await callAnsweredBy(second);
    expect(offered(before)).toEqual([1, 1]);
    first.answer('everything');
  });

  it('both down: the gateway is not ready, and a call ends as unreachable', async () => {
    first.answer('nothing');
    second.answer('nothing');
    const bound = optionsIntervalMs + optionsTimeoutMs + slackMs;
    await Promise.all([readyzSays(first, 'down', bound), readyzSays(second, 'down', bound)]);
    const { status, health } = await readyz();
    expect(status).toBe(503);
    expect(health.checks.sipTrunk).toBe('failed');
    const visitor = await placeVisitorCall(stack);
    visitors.push(visitor);
    expect(await visitor.invite.final).toMatchObject({ status: 503, endCode: 'trunk_unreachable' });
  });
});
