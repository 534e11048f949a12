// The supervisor's live view on the real stack: a supervisor watches while two visitors call
// two queues whose agents answer by hand; each call shows as waiting, then talking, then gone,
// in the page as it was first loaded (no reload), fed by the calls' own events through the
// server-sent event stream. The page stays clean for axe-core at a phone's and a desktop's
// width, with and without calls, and reads out changes in its polite live region.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoSupervisor, provideDemoSupervisor } from '../../infra/dev/demo-supervisor.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { openCallPage } from '../support/e2e/call-page.ts';
import { contactCenterAtRest } from '../support/e2e/contact-center-at-rest.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

describe('the supervisor live view', () => {
  const e2e = useStackAndChromium('supervisor-live', {
    microphone: { hz: 440, seconds: 300 },
    // Nobody answers until the test says so: each call rings as long as it needs.
    agents: [
      { queue: 'first-line', answerMode: 'manual' },
      { queue: 'second-line', answerMode: 'manual' },
    ],
    editSites: (sites) => {
      const acme = sites.sites.acme!;
      addQueueWithIntent(acme, 'first-line', 'First line');
      addQueueWithIntent(acme, 'second-line', 'Second line');
      allowCallsFromOneAddress(acme, 100);
    },
  });

  let password = '';
  // The demo's supervisor, made the way `npm start` makes it (the API restarts around it).
  beforeAll(async () => {
    password = await e2e.stack.whileApiStopped(async (apiDataDir) =>
      readFileSync(provideDemoSupervisor(apiDataDir), 'utf8').trim(),
    );
  }, 180_000);

  const pages = new Set<Page>();
  afterEach(async () => {
    await Promise.all([...pages].map((page) => page.close()));
    pages.clear();
  });
  const newPage = async () => {
    const page = await (await e2e.chromium.browser.newContext()).newPage();
    pages.add(page);
    return page;
  };

  async function watchLiveView(): Promise<Page> {
    const page = await newPage();
    await page.goto(`${e2e.stack.apiUrl}/supervisor/login`);
    await page.getByTestId('login-username').fill(demoSupervisor);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/supervisor');
    await page.getByTestId('live-link').click();
    await page.waitForURL((url) => url.pathname === '/supervisor/live');
    // The stream is open: from here on, the page changes only through it.
    await expect.poll(() => page.getByTestId('live-connection').textContent()).toMatch(/^Live/);
    return page;
  }

  /** The live view's rows of a queue, as `phase` or gone (`[]`). */
  const phasesIn = (page: Page, queue: string) =>
    page
      .locator(`[data-queue="acme/${queue}"] [data-testid="live-call"]`)
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.phase));
  const countsOf = (page: Page, queue: string) =>
    page.locator(`[data-queue="acme/${queue}"] [data-testid="live-queue-counts"]`).innerText();
  const widgetPhase = (page: Page, phase: string) =>
    page.waitForSelector(`[data-testid="call-screen"][data-phase="${phase}"]`, {
      timeout: 20_000,
    });

  async function expectAccessible(page: Page) {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await axeViolations(page), `axe at ${width} px`).toEqual([]);
      // Nothing overflows a phone: wide tables scroll in their own box.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow at ${width} px`).toBeLessThanOrEqual(0);
    }
  }

  it('shows two calls waiting, then talking, then gone, without reload', async () => {
    await contactCenterAtRest(e2e.stack);
    const supervisor = await watchLiveView();
    expect(await supervisor.locator('main h1').textContent()).toBe('Live calls');
    await expectAccessible(supervisor);
    // A reload would lose this mark.
    await supervisor.evaluate(
      () => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true),
    );
    expect(await phasesIn(supervisor, 'first-line')).toEqual([]);

    const first = await newPage();
    await openCallPage(first, e2e.stack, { intent: 'first-line' });
    await widgetPhase(first, 'ringing');
    await expect.poll(() => phasesIn(supervisor, 'first-line')).toEqual(['ringing']);
    expect(await countsOf(supervisor, 'first-line')).toMatch(
      /^1 waiting · 0 talking · oldest wait \d+:\d\d$/,
    );

    const second = await newPage();
    await openCallPage(second, e2e.stack, { intent: 'second-line', language: 'es', country: 'ES' });
    await widgetPhase(second, 'ringing');
    await expect.poll(() => phasesIn(supervisor, 'second-line')).toEqual(['ringing']);
    // The row says what the supervisor needs: intent, language, country, the connection verdict.
    const row = supervisor.locator('[data-queue="acme/second-line"] [data-testid="live-call"]');
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe('Ringing');
    expect(cells[1]).toMatch(/^\d+:\d\d$/);
    expect(cells.slice(2, 5)).toEqual(['second-line', 'es', 'ES']);
    expect(['good', 'acceptable', 'poor', 'failed']).toContain(cells[5]);
    await expectAccessible(supervisor);

    await e2e.stack.agents.get('first-line')!.ctrl.command('accept');
    await widgetPhase(first, 'talking');
    await expect.poll(() => phasesIn(supervisor, 'first-line')).toEqual(['talking']);
    expect(await phasesIn(supervisor, 'second-line')).toEqual(['ringing']);
    await expect
      .poll(() => supervisor.getByTestId('live-announcer').textContent())
      .toContain('First line: 0 waiting, 1 talking');

    await e2e.stack.agents.get('second-line')!.ctrl.command('accept');
    await widgetPhase(second, 'talking');
    await expect.poll(() => phasesIn(supervisor, 'second-line')).toEqual(['talking']);

    await e2e.stack.agents.get('first-line')!.hangup();
    await expect.poll(() => phasesIn(supervisor, 'first-line')).toEqual([]);
    expect(await phasesIn(supervisor, 'second-line')).toEqual(['talking']);
    await e2e.stack.agents.get('second-line')!.hangup();
    await expect.poll(() => phasesIn(supervisor, 'second-line')).toEqual([]);
    expect(await countsOf(supervisor, 'second-line')).toBe('0 waiting · 0 talking');

    expect(
      await supervisor.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce),
    ).toBe(true);
  });
});
