import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeTone } from '../support/browser/audio-probe.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { screenSaver } from '../support/e2e/screens.ts';
import { callEndedSelector, openCallPage, remoteAudioStream } from '../support/e2e/call-page.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';
import { contactCenterAtRest, gatewayReadyzUrl } from '../support/e2e/contact-center-at-rest.ts';
import { blockPort } from '../support/media/nft-rules.ts';

// How calls end, as the visitor sees it in the widget, on the real stack: each outcome must
// show its own reason, and the call must be over on the contact center's side too. Each test
// starts from a contact center at rest and ends its own calls, so any runs alone or in any order.
describe('call outcomes in the widget', () => {
  const e2e = useStackAndChromium('call-outcomes', {
    microphone: { hz: 440, seconds: 300 },
    agents: [{ queue: 'answers' }, { queue: 'rings', answerMode: 'manual' }],
    editSites: (sites) => {
      const acme = sites.sites.acme!;
      for (const queue of ['answers', 'rings', 'nobody'])
        addQueueWithIntent(acme, queue, `Queue ${queue}`);
      allowCallsFromOneAddress(acme, 100);
    },
  });

  beforeEach(() => contactCenterAtRest(e2e.stack));
  // Closed after each test even when it failed halfway, so no call outlives its test.
  const pages = new Set<Page>();
  afterEach(async () => {
    await Promise.all([...pages].map((page) => page.close()));
    pages.clear();
  });

  async function dial(intent: string): Promise<Page> {
    const page = await e2e.chromium.browser.newPage();
    pages.add(page);
    await openCallPage(page, e2e.stack, { intent });
    return page;
  }
  const phase = (page: Page, value: string, timeout = 15_000) =>
    page.waitForSelector(
      value === 'ended' ? callEndedSelector : `[data-testid="call-screen"][data-phase="${value}"]`,
      { timeout },
    );
  const endCode = (page: Page) => page.getByTestId('call-end-code').textContent();
  /** The gateway gives up on a PBX that does not answer its INVITE after this long. */
  const gatewayInviteTimeoutMs = 3000;
  /** When the widget's INVITE left on its SIP WebSocket, and when a final refusal came back. */
  const sipFrameTimes = (page: Page) => {
    let inviteSentAt: number | undefined;
    let refusedAt: number | undefined;
    page.on('websocket', (ws) => {
      ws.on('framesent', ({ payload }) => {
        if (String(payload).startsWith('INVITE ')) inviteSentAt ??= Date.now();
      });
      ws.on('framereceived', ({ payload }) => {
        if (/^SIP\/2\.0 [3-6]\d\d /.test(String(payload))) refusedAt ??= Date.now();
      });
    });
    return {
      times: () => {
        if (inviteSentAt === undefined || refusedAt === undefined)
          throw new Error('no INVITE and refusal seen on the SIP WebSocket');
        return { inviteSentAt, refusedAt };
      },
    };
  };
  const agentCalls = async (queue: string) =>
    (await e2e.stack.agents.get(queue)!.listCalls()).length;

  it('shows the agent hanging up', async () => {
    const page = await dial('answers');
    await phase(page, 'talking');
    await e2e.stack.agents.get('answers')!.hangup();
    await phase(page, 'ended');
    expect(await endCode(page)).toBe('agent_hung_up');
    expect(await page.getByTestId('call-status').textContent()).toBe('The agent ended the call.');
    await page.close();
  });

  it('passes keypad digits to the agent as RFC 4733 events', async () => {
    const page = await dial('answers');
    await phase(page, 'talking');
    const agent = e2e.stack.agents.get('answers')!;
    const before = agent.dtmfReceived();
    await page.getByTestId('call-keypad-toggle').click();
    const keysEnded = () => agent.events.filter((e) => e.type === 'CALL_DTMF_END').length;
    const endedBefore = keysEnded();
    // Each key is pressed once the agent has heard the one before to its end (the gateway
    // plays each as a 120 ms event), as a visitor listening to the tones would.
    let pressed = '';
    for (const key of ['4', '2', '#']) {
      await page.getByTestId(`call-key-${key}`).click();
      pressed += key;
      await expect
        .poll(() => [agent.dtmfReceived().slice(before.length), keysEnded() - endedBefore], {
          timeout: 5000,
        })
        .toEqual([pressed, pressed.length]);
    }
    await page.getByTestId('call-end').click();
    await phase(page, 'ended');
    await page.close();
  });

  it('keeps the call through hold and resume by the agent, with audio after resume', async () => {
    const page = await dial('answers');
    await phase(page, 'talking');
    const agent = e2e.stack.agents.get('answers')!;
    await agent.ctrl.command('hold');
    const status = () => page.getByTestId('call-status').textContent();
    await expect.poll(status, { timeout: 5000 }).toBe('On hold: the agent will be back with you.');
    await agent.ctrl.command('resume');
    await expect.poll(status, { timeout: 5000 }).toBe('Talking to Agent answers');
    const heard = await probeTone(page, await remoteAudioStream(page), 1000, 2000);
    expect(heard, 'the agent is heard again after resume').toMatchObject({ detected: true });
    expect(await page.getAttribute('[data-testid="call-screen"]', 'data-phase')).toBe('talking');
    await page.getByTestId('call-end').click();
    await phase(page, 'ended');
    await page.close();
  });

  it('cancels a ringing call when the visitor hangs up', async () => {
    const page = await dial('rings');
    await phase(page, 'ringing');
    await expect.poll(() => agentCalls('rings')).toBe(1);
    // The ringing screen, for people to look at, and for axe-core (WCAG 2.2 AA).
    expect(await axeViolations(page)).toEqual([]);
    await screenSaver('call')(page, 'ringing');
    await page.getByTestId('call-end').click();
    await phase(page, 'ended');
    expect(await endCode(page)).toBe('visitor_hung_up');
    await expect.poll(() => agentCalls('rings'), { timeout: 5000 }).toBe(0);
    await page.close();
  });

  it('says when the agent is busy', async () => {
    const page = await dial('rings');
    await phase(page, 'ringing');
    await expect.poll(() => agentCalls('rings')).toBe(1);
    await e2e.stack.agents.get('rings')!.hangup();
    await phase(page, 'ended');
    expect(await endCode(page)).toBe('busy');
    await page.close();
  });

  it('says when nobody staffs the queue', async () => {
    const page = await dial('nobody');
    await phase(page, 'ended');
    expect(await endCode(page)).toBe('no_agent');
    expect(await page.getByTestId('call-status').textContent()).toBe(
      'Nobody is available in this team right now.',
    );
    await page.close();
  });

  it('says so as soon as the gateway gives up on a contact center that cannot be reached', async () => {
    // The contact center's network drops everything sent to it. kamailio itself, and the
    // agents registered with it, stay up for the other tests.
    const reachableAgain = blockPort(e2e.stack.kamailio.port, ['udp', 'tcp']);
    try {
      const page = await e2e.chromium.browser.newPage();
      pages.add(page);
      const sip = sipFrameTimes(page);
      await openCallPage(page, e2e.stack, { intent: 'answers' });
      await phase(page, 'ended', 15_000);
      expect(await endCode(page)).toBe('trunk_unreachable');
      // What the gateway imposes, measured on the visitor's own WebSocket: the refusal comes
      // no later than its INVITE timeout toward the PBX (3 s) plus its own work. The browser's
      // work before the INVITE (token, loading sip.js) is the visitor's machine's, and how fast
      // it is belongs to the benchmarks, not to this check.
      const { inviteSentAt, refusedAt } = sip.times();
      expect(refusedAt - inviteSentAt).toBeLessThan(gatewayInviteTimeoutMs + 1500);
      // Operators see it too: the gateway is not ready while its trunk does not answer.
      const readiness = await fetch(gatewayReadyzUrl(e2e.stack));
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ checks: { sipTrunk: 'failed' } });
    } finally {
      reachableAgain();
    }
    // And ready again once the contact center answers: the next OPTIONS ping sees it (this
    // fails after 30 s otherwise).
    await contactCenterAtRest(e2e.stack);
  });
});
