import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { probeTone } from '../support/browser/audio-probe.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { screenSaver } from '../support/e2e/screens.ts';
import { callEndedSelector, openCallPage, remoteAudioStream } from '../support/e2e/call-page.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

// How calls end, as the visitor sees it in the widget, on the real stack: each outcome must
// show its own reason, and the call must be over on the contact center's side too.
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

  async function dial(intent: string): Promise<Page> {
    const page = await e2e.chromium.browser.newPage();
    await openCallPage(page, e2e.stack, { intent });
    return page;
  }
  const phase = (page: Page, value: string, timeout = 15_000) =>
    page.waitForSelector(
      value === 'ended' ? callEndedSelector : `[data-testid="call-screen"][data-phase="${value}"]`,
      { timeout },
    );
  const endCode = (page: Page) => page.getByTestId('call-end-code').textContent();
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

  // Last: it takes the contact center down.
  it('says within 5 s when the contact center cannot be reached', async () => {
    await e2e.stack.kamailio.stop();
    const page = await dial('answers');
    const started = Date.now();
    await phase(page, 'ended', 10_000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await endCode(page)).toBe('trunk_unreachable');
    await page.close();
  });
});
