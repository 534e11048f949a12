// The abandoned-call worklist on the real stack (issue 16's acceptance): a visitor hangs up
// while the agent's phone rings, and the widget offers, right then and on its own screen, to
// call them back; they leave a number. The supervisor finds it in the worklist as an
// abandoned call carrying that number, takes it and marks it done, and the audit log names
// them for both actions. The offer and the worklist pass axe-core (WCAG 2.2 AA).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoSupervisor, provideDemoSupervisor } from '../../infra/dev/demo-supervisor.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { en } from '../../widget/src/i18n/en.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { openCallPage } from '../support/e2e/call-page.ts';
import { contactCenterAtRest } from '../support/e2e/contact-center-at-rest.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

describe('the abandoned-call worklist', () => {
  const e2e = useStackAndChromium('abandoned-worklist', {
    microphone: { hz: 440, seconds: 300 },
    // Nobody answers: the call rings until the visitor gives up.
    agents: [{ queue: 'rings', answerMode: 'manual' }],
    editSites: (sites) => {
      const acme = sites.sites.acme!;
      addQueueWithIntent(acme, 'rings', 'Ringing line');
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

  async function signIn(): Promise<Page> {
    const page = await newPage();
    await page.goto(`${e2e.stack.apiUrl}/supervisor/login`);
    await page.getByTestId('login-username').fill(demoSupervisor);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/supervisor');
    return page;
  }

  it('takes a number left after hanging up while ringing to a done entry, both in the audit log', async () => {
    await contactCenterAtRest(e2e.stack);
    const visitor = await newPage();
    await openCallPage(visitor, e2e.stack, { intent: 'rings' });
    await visitor.waitForSelector('[data-testid="call-screen"][data-phase="ringing"]', {
      timeout: 20_000,
    });
    await expect
      .poll(async () => (await e2e.stack.agents.get('rings')!.listCalls()).length)
      .toBe(1);
    await visitor.getByTestId('call-end').click();

    // The offer, on its own screen, right after hanging up.
    const offer = visitor.getByTestId('abandoned-offer');
    await offer.waitFor();
    expect(await offer.locator('h1, h2').first().textContent()).toBe(en.abandoned.title);
    expect(await offer.textContent()).toContain(en.abandoned.lead);
    expect(await visitor.getByTestId('callback-decline').textContent()).toBe(en.callback.noThanks);
    expect(await axeViolations(visitor), 'axe on the offer').toEqual([]);
    await visitor.getByTestId('callback-phone').fill('(713) 555-0142');
    await visitor.getByTestId('callback-consent').check();
    await visitor.getByTestId('callback-send').click();
    await visitor.getByTestId('thanks-screen').waitFor();
    expect(await visitor.getByTestId('thanks-screen').textContent()).toContain(
      en.thanks.callbackAt('(713) 555-0142'),
    );

    // The supervisor's worklist: the abandoned call, carrying the number.
    const supervisor = await signIn();
    const entry = supervisor.locator(
      '[data-testid="callback-row"]:has([data-testid="callback-reason"][data-reason="abandoned"])',
    );
    await expect
      .poll(async () => {
        await supervisor.reload();
        return entry.count();
      })
      .toBe(1);
    expect(await entry.getByTestId('callback-reason').textContent()).toMatch(
      /Hung up while waiting, after \d+:\d\d/,
    );
    expect(await entry.getByTestId('callback-phone-link').getAttribute('href')).toBe(
      'tel:+17135550142',
    );
    expect(await entry.getByTestId('callback-queue').textContent()).toBe('Ringing line');
    expect(await entry.getByTestId('callback-status').textContent()).toBe('new');
    for (const width of [375, 1280]) {
      await supervisor.setViewportSize({ width, height: 800 });
      expect(await axeViolations(supervisor), `axe on the worklist at ${width} px`).toEqual([]);
    }

    await entry.getByTestId('worklist-take').click();
    await expect
      .poll(() => entry.getByTestId('worklist-assignee').textContent())
      .toBe(demoSupervisor);
    await entry.getByTestId('callback-done').click();
    await expect.poll(() => entry.getByTestId('callback-status').textContent()).toBe('done');
    expect(await entry.getByTestId('callback-by').textContent()).toBe(demoSupervisor);

    // Both actions, under the supervisor's name, on that request.
    const id = await entry.getAttribute('data-callback-id');
    await supervisor.getByTestId('audit-link').click();
    await supervisor.waitForURL((url) => url.pathname === '/supervisor/audit');
    const actions = await supervisor.locator('[data-testid="audit-entry"]').evaluateAll(
      (rows, subject) =>
        rows
          .filter((row) => row.querySelector('code')?.textContent === subject)
          .map((row) => ({
            action: (row as HTMLElement).dataset.action,
            actor: row.querySelector('[data-testid="audit-actor"]')?.textContent,
            detail: row.querySelector('[data-testid="audit-detail"]')?.textContent,
          })),
      id,
    );
    expect(actions.reverse()).toEqual([
      { action: 'callback.take', actor: demoSupervisor, detail: '' },
      { action: 'callback.status', actor: demoSupervisor, detail: 'done' },
    ]);
  });
});
