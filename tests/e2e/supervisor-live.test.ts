// The supervisor's live view on the real stack, the API set up for single sign-on through a
// real OpenID provider (oidc-provider) with a second factor required, as a deployment sets it
// (API_OIDC_*). A supervisor signed in there with a second factor watches while two visitors
// call two queues whose agents answer by hand: each call shows as waiting, then talking, then
// gone, in the page as it was first loaded (no reload), fed by the calls' own events through
// the server-sent event stream. Meanwhile a supervisor scoped by the provider to another site
// (with queues of the same names) has the live view open, and neither its stream nor its page
// ever holds either call. The page stays clean for axe-core at a phone's and a desktop's
// width, with and without calls, and reads out changes in its polite live region. The demo's
// local supervisor (made as `npm start` makes it) signs in with its password beside SSO.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoSupervisor, provideDemoSupervisor } from '../../infra/dev/demo-supervisor.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { openCallPage } from '../support/e2e/call-page.ts';
import { contactCenterAtRest } from '../support/e2e/contact-center-at-rest.ts';
import { liveViewRecord, phasesByCall, recordLiveViews } from '../support/e2e/live-view-record.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';
import { apiSignInEnv } from '../support/oidc/api-sign-in-setup.ts';
import { signInThroughProvider } from '../support/oidc/chromium-sign-in.ts';
import {
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../support/oidc/test-identity-provider.ts';

/** Alice supervises every site; Bea only the `beta` site, which has queues of the same names. */
const accounts = {
  alice: { roles: ['supervisor'] },
  bea: { roles: ['supervisor'], sites: ['beta'] },
};

describe('the supervisor live view', () => {
  let idp: TestIdentityProvider | undefined;
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
      sites.sites.beta = { ...structuredClone(acme), name: 'Beta' };
    },
    // The provider sends the browser back to the API, so it needs the API's address first.
    beforeStack: async ({ url, workDir }) => {
      const redirectUri = `${url}/supervisor/sso/callback`;
      idp = await startTestIdentityProvider({ accounts, redirectUri });
      return apiSignInEnv(idp, redirectUri, join(workDir, 'oidc-client-secret'));
    },
  });
  afterAll(() => idp?.close());

  let password = '';
  // The demo's supervisor, made the way `npm start` makes it (the API restarts around it).
  beforeAll(async () => {
    password = await e2e.stack.whileApiStopped(async (apiDataDir) =>
      readFileSync(provideDemoSupervisor(apiDataDir), 'utf8').trim(),
    );
  }, 180_000);

  const pages = new Set<Page>();
  afterEach(async () => {
    await Promise.all([...pages].map((page) => page.context().close()));
    pages.clear();
  });
  const newPage = async () => {
    const context = await e2e.chromium.browser.newContext();
    await recordLiveViews(context);
    const page = await context.newPage();
    pages.add(page);
    return page;
  };

  /** From the review page, signed in, to the live view with its stream open. */
  async function openLiveView(page: Page): Promise<void> {
    await page.waitForURL((url) => url.pathname === '/supervisor');
    await page.getByTestId('live-link').click();
    await page.waitForURL((url) => url.pathname === '/supervisor/live');
    // The stream is open: from here on, the page changes only through it.
    await expect.poll(() => page.getByTestId('live-connection').textContent()).toMatch(/^Live/);
  }
  async function watchAs(user: keyof typeof accounts): Promise<Page> {
    const page = await newPage();
    await signInThroughProvider(page, e2e.stack.apiUrl, user, true);
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(user);
    await openLiveView(page);
    return page;
  }

  /** The live view's rows of a queue, as `phase` or gone (`[]`). */
  const phasesIn = (page: Page, queue: string) =>
    page
      .locator(`[data-queue="${queue}"] [data-testid="live-call"]`)
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.phase));
  const countsOf = (page: Page, queue: string) =>
    page.locator(`[data-queue="${queue}"] [data-testid="live-queue-counts"]`).innerText();
  const queuesOn = (page: Page) =>
    page
      .locator('[data-testid="live-queue"]')
      .evaluateAll((sections) => sections.map((s) => (s as HTMLElement).dataset.queue));
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

  it('refuses a supervisor who signed in at the provider without a second factor', async () => {
    const page = await newPage();
    await signInThroughProvider(page, e2e.stack.apiUrl, 'alice', false);
    expect(await page.getByTestId('login-error').textContent()).toBe(
      'Sign-in needs a second factor: sign in again at your provider with your authenticator',
    );
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(
      'ctc_supervisor',
    );
  });

  it("signs the demo's local supervisor in with the password `npm start` made", async () => {
    const page = await newPage();
    await page.goto(`${e2e.stack.apiUrl}/supervisor/login`);
    await page.getByTestId('login-username').fill(demoSupervisor);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await openLiveView(page);
  });

  it('shows two calls waiting, then talking, then gone, without reload; never to another site', async () => {
    await contactCenterAtRest(e2e.stack);
    const supervisor = await watchAs('alice');
    const elsewhere = await watchAs('bea');
    expect(await supervisor.locator('main h1').textContent()).toBe('Live calls');
    const betaQueues = await queuesOn(elsewhere);
    expect(betaQueues).toContain('beta/first-line');
    expect(betaQueues.every((key) => key?.startsWith('beta/'))).toBe(true);
    await expectAccessible(supervisor);
    // A reload would lose this mark.
    await supervisor.evaluate(
      () => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true),
    );
    expect(await phasesIn(supervisor, 'acme/first-line')).toEqual([]);

    const first = await newPage();
    await openCallPage(first, e2e.stack, { intent: 'first-line' });
    await widgetPhase(first, 'ringing');
    await expect.poll(() => phasesIn(supervisor, 'acme/first-line')).toEqual(['ringing']);
    expect(await countsOf(supervisor, 'acme/first-line')).toMatch(
      /^1 waiting · 0 talking · oldest wait \d+:\d\d$/,
    );

    const second = await newPage();
    await openCallPage(second, e2e.stack, { intent: 'second-line', language: 'es', country: 'ES' });
    await widgetPhase(second, 'ringing');
    await expect.poll(() => phasesIn(supervisor, 'acme/second-line')).toEqual(['ringing']);
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
    await expect.poll(() => phasesIn(supervisor, 'acme/first-line')).toEqual(['talking']);
    expect(await phasesIn(supervisor, 'acme/second-line')).toEqual(['ringing']);
    await expect
      .poll(() => supervisor.getByTestId('live-announcer').textContent())
      .toContain('First line: 0 waiting, 1 talking');

    await e2e.stack.agents.get('second-line')!.ctrl.command('accept');
    await widgetPhase(second, 'talking');
    await expect.poll(() => phasesIn(supervisor, 'acme/second-line')).toEqual(['talking']);

    await e2e.stack.agents.get('first-line')!.hangup();
    await expect.poll(() => phasesIn(supervisor, 'acme/first-line')).toEqual([]);
    expect(await phasesIn(supervisor, 'acme/second-line')).toEqual(['talking']);
    await e2e.stack.agents.get('second-line')!.hangup();
    await expect.poll(() => phasesIn(supervisor, 'acme/second-line')).toEqual([]);
    expect(await countsOf(supervisor, 'acme/second-line')).toBe('0 waiting · 0 talking');

    expect(
      await supervisor.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce),
    ).toBe(true);
    // What each page held over the whole time. Alice's: both calls, waiting (connecting or
    // ringing) then talking, through one stream (so the record does see what a page is sent).
    const watched = await liveViewRecord(supervisor);
    const phases = phasesByCall(watched);
    const waitingThenTalking = [...phases.values()].map((seen) =>
      seen
        .map((phase) => (phase === 'talking' ? phase : 'waiting'))
        .filter((phase, i, all) => phase !== all[i - 1]),
    );
    expect(waitingThenTalking).toEqual([
      ['waiting', 'talking'],
      ['waiting', 'talking'],
    ]);
    expect([watched.opened, watched.failed]).toEqual([1, 0]);
    // Bea's: her stream open throughout, and not one row or message naming either call.
    const scoped = await liveViewRecord(elsewhere);
    expect([scoped.opened, scoped.failed]).toEqual([1, 0]);
    // Her stream's first message, every queue she sees: the record has her messages too.
    expect(scoped.messages.length).toBeGreaterThan(0);
    expect(scoped.messages[0]).toContain('beta/first-line');
    expect(scoped.rows).toEqual([]);
    for (const callId of phases.keys()) {
      expect(scoped.messages.filter((message) => message.includes(callId))).toEqual([]);
    }
    expect(scoped.messages.every((message) => !message.includes('acme/'))).toBe(true);
    expect(await queuesOn(elsewhere)).toEqual(betaQueues);
    expect(await elsewhere.getByTestId('live-connection').textContent()).toMatch(/^Live/);
  });
});
