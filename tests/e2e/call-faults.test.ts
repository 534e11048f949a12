import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallEndCode, VisitorCallEndCode } from '../../protocol/call-end-reason.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { en } from '../../widget/src/i18n/en.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { readWorkerDump } from '../support/caller/worker-dump-client.ts';
import { callEndedSelector, openCallPage, remoteAudioStream } from '../support/e2e/call-page.ts';
import { gatewayLeftovers, grantedCallIds, stored } from '../support/e2e/call-leftovers.ts';
import { contactCenterAtRest } from '../support/e2e/contact-center-at-rest.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

/** Short, so the test waits seconds for what takes 30 s by default. */
const pbxMediaTimeoutMs = 3000;
const drainTimeoutMs = 2000;
const talking = '[data-testid="call-screen"][data-phase="talking"]';

// Faults in the middle of a call, through the widget in Chromium on the real stack: the PBX
// (an agent's phone) vanishing without a BYE, the mediasoup worker killed, the gateway
// restarted or killed. Each ends with the reason in the visitor's words, "Call again" and the
// callback offer (no rating of a call they did not finish), nothing left on the gateway, the
// end reason in the call record where the gateway lived to report it, and a call that works
// after. Each test starts from a contact center at rest and ends its own calls.
describe('faults in the middle of a call, as the visitor lives them', () => {
  const e2e = useStackAndChromium('call-faults', {
    microphone: { hz: 440, seconds: 300 },
    // The call records are read from the API's database while it runs.
    database: 'postgres',
    workerDumpProbe: true,
    agents: [{ queue: 'steady' }, { queue: 'vanishing' }],
    mediaEnv: {
      MEDIA_PBX_MEDIA_TIMEOUT_MS: String(pbxMediaTimeoutMs),
      MEDIA_DRAIN_TIMEOUT_MS: String(drainTimeoutMs),
    },
    editSites: (sites) => {
      const acme = sites.sites.acme!;
      addQueueWithIntent(acme, 'steady', 'Team steady');
      addQueueWithIntent(acme, 'vanishing', 'Team vanishing');
      allowCallsFromOneAddress(acme, 100);
    },
  });

  beforeEach(() => contactCenterAtRest(e2e.stack));
  const pages = new Set<Page>();
  afterEach(async () => {
    await Promise.all([...pages].map((page) => page.close()));
    pages.clear();
  });

  /** A visitor calls `intent`'s team through the widget, talking and hearing the agent. */
  const callAndTalk = async (intent: string) => {
    const page = await e2e.chromium.browser.newPage();
    pages.add(page);
    const callIds = grantedCallIds(page);
    await openCallPage(page, e2e.stack, { intent });
    await talkingWithAgent(page);
    return { page, callIds };
  };
  const talkingWithAgent = async (page: Page) => {
    await page.waitForSelector(talking, { timeout: 30_000 });
    const heard = await probeTone(page, await remoteAudioStream(page), 1000, 1000);
    expect(heard, 'the agent is heard').toMatchObject({ detected: true });
  };
  /** How the widget leaves a cut-off call: why, in words, with "Call again" and a callback. */
  const shownCutOff = async (page: Page, code: VisitorCallEndCode) => {
    await page.waitForSelector(callEndedSelector, { timeout: 15_000 });
    expect(await page.getByTestId('call-end-code').textContent()).toBe(code);
    expect(await page.getByTestId('call-status').textContent()).toBe(en.call.ended[code]);
    expect(await page.getByTestId('call-start').textContent()).toBe(en.call.callAgain);
    await page.getByTestId('call-request-callback').waitFor();
    expect(await page.getByTestId('rating-screen').count(), 'no rating of a cut-off call').toBe(0);
  };
  /** "Call again" on the same page reaches the agent, and the visitor hangs up to a rating. */
  const callsAgain = async (page: Page) => {
    await page.getByTestId('call-start').click();
    await talkingWithAgent(page);
    await page.getByTestId('call-end').click();
    await page.getByTestId('rating-screen').waitFor();
  };
  /** The call record says how the call ended (the gateway reports it, retrying if need be). */
  const recordedEnd = (callId: string | undefined, code: CallEndCode) =>
    expect
      .poll(
        async () =>
          (await stored(e2e.databaseUrl!, (repo) => repo.getCall(callId ?? 'none')))?.endReason,
        { timeout: 15_000 },
      )
      .toBe(code);
  /** No call in progress on the gateway, no router left in its workers. */
  const nothingLeftOnGateway = () =>
    expect
      .poll(() => gatewayLeftovers(e2e.stack, e2e.workerDumpPort!), { timeout: 10_000 })
      .toEqual({ calls: 0, routers: 0 });

  it("ends the call as agent_lost when the agent's phone dies without a BYE, and takes a callback", async () => {
    const startedAt = new Date();
    const { page, callIds } = await callAndTalk('vanishing');
    const agent = e2e.stack.agents.get('vanishing')!;
    // Gone for good: the next tests' check of a contact center at rest leaves it out.
    e2e.stack.agents.delete('vanishing');
    process.kill(-agent.process.pid, 'SIGKILL');
    const killedAt = Date.now();

    await shownCutOff(page, 'agent_lost');
    // The PBX's silence ended it, once it had lasted the timeout (its last packet left just
    // before the kill), and not much later.
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeGreaterThan(pbxMediaTimeoutMs - 100);
    expect(tookMs).toBeLessThan(pbxMediaTimeoutMs + 5000);
    await recordedEnd(callIds[0], 'agent_lost');
    await nothingLeftOnGateway();

    // The callback offer leads to the usual form, and the request is stored.
    await page.getByTestId('call-request-callback').click();
    await page.getByTestId('callback-screen').waitFor();
    await page.getByTestId('callback-phone').fill('(713) 555-0171');
    await page.getByTestId('callback-consent').check();
    await page.getByTestId('callback-send').click();
    await page.getByTestId('thanks-screen').waitFor();
    const callbacks = await stored(e2e.databaseUrl!, (repo) => repo.listCallbackRequests({}));
    expect(callbacks.filter((c) => c.createdAt >= startedAt).map((c) => c.phone)).toEqual([
      '+17135550171',
    ]);
  });

  it('ends the call as media_worker_lost when its mediasoup worker is killed; calling again works', async () => {
    const { page, callIds } = await callAndTalk('steady');
    const dump = await readWorkerDump(e2e.workerDumpPort!);
    const carrying = dump.workers.find((worker) => worker.routerIds.length > 0);
    expect(carrying, 'a worker carries the call').toBeDefined();
    process.kill(carrying!.pid, 'SIGKILL');

    await shownCutOff(page, 'media_worker_lost');
    await recordedEnd(callIds[0], 'media_worker_lost');
    await nothingLeftOnGateway();
    // The agent's leg was hung up too.
    await contactCenterAtRest(e2e.stack);
    await callsAgain(page);
    await recordedEnd(callIds[1], 'visitor_hung_up');
  });

  it('ends the call as gateway_draining when a restarting gateway runs out of drain time; calling again works once it is back', async () => {
    const { page, callIds } = await callAndTalk('steady');
    const gateway = e2e.stack.gateway();
    // Its own pid only, as tini, Kubernetes and podman signal it: the workers share its group.
    process.kill(gateway.pid, 'SIGTERM');

    await shownCutOff(page, 'gateway_draining');
    await recordedEnd(callIds[0], 'gateway_draining');
    // It leaves only once no call is left, and cleanly.
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    await e2e.stack.restartGateway();
    await contactCenterAtRest(e2e.stack);
    await callsAgain(page);
    await recordedEnd(callIds[1], 'visitor_hung_up');
    await nothingLeftOnGateway();
  });

  it('says the connection was lost when the gateway is killed outright; calling again works once it is back', async () => {
    const { page } = await callAndTalk('steady');
    const killedAt = Date.now();
    // The gateway and its workers at once, as when its machine or container dies.
    process.kill(-e2e.stack.gateway().pid, 'SIGKILL');

    await shownCutOff(page, 'connection_lost');
    expect(Date.now() - killedAt, 'the widget tells the visitor within 5 s').toBeLessThan(5000);
    await e2e.stack.restartGateway();
    // Nobody is left to hang up the agent's leg: a PBX ends such a call by its own media
    // timeout (or session timer); this agent has neither, so it hangs up itself.
    await e2e.stack.agents.get('steady')!.hangup();
    await contactCenterAtRest(e2e.stack);
    await callsAgain(page);
    await nothingLeftOnGateway();
  });
});
