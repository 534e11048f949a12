// The visitor's whole journey on real parts, from the snippet on the demo marketing page to a
// rating and a callback request found in the database: captcha (hCaptcha's stand-in),
// connection test, sound check, a call answered by a baresip agent, keys, the rating, the
// callback; in Chromium and in Firefox ESR (tests/support/e2e/visitor-journey.ts, written once
// for both). Then the detours, in Chromium: closed teams, no route, a blocked microphone or
// network, no WebRTC, a failed call, another language, the keyboard alone.
// Every screen is checked with axe-core (WCAG 2.2 AA) and saved as a screenshot.
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openRepository } from '../../api/src/storage/open-repository.ts';
import type { Repository } from '../../api/src/storage/repository.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { walkToCall, widgetUrl } from '../support/e2e/call-page.ts';
import type { TabDriver } from '../support/e2e/page-driver.ts';
import { playwrightTabDriver } from '../support/e2e/playwright-page-driver.ts';
import { screenSaver } from '../support/e2e/screens.ts';
import { useFirefox } from '../support/e2e/use-firefox.ts';
import { useFirefoxMediaPath } from '../support/e2e/use-firefox-media-path.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';
import { visitorToneHz, walkVisitorJourney } from '../support/e2e/visitor-journey.ts';
import { dropRangeRules, isolatedRtcRanges } from '../support/media/isolated-port-ranges.ts';
import { addInputRules } from '../support/media/nft-rules.ts';

/** Every day 09:00-17:00 in Chicago, but today and tomorrow there are holidays. */
const chicagoDay = (offset: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(
    Date.now() + offset * 86_400_000,
  );
const closedTeamHours = {
  timeZone: 'America/Chicago',
  weekly: Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => [
      day,
      [{ open: '09:00', close: '17:00' }],
    ]),
  ),
  holidays: [chicagoDay(0), chicagoDay(1)],
};
/** The weekday it opens again: the day after the holidays. */
const reopens = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' }).format(
  Date.parse(`${chicagoDay(2)}T12:00:00Z`),
);

describe('the visitor journey', () => {
  const save = screenSaver('journey');
  const e2e = useStackAndChromium('journey', {
    microphone: { hz: visitorToneHz, seconds: 300 },
    // The whole journey on PostgreSQL, as deployments run the API; the other browser tests
    // keep the embedded PGlite that `npm start` runs.
    database: 'postgres',
    agents: [{ queue: 'support-en' }],
    // Its own media range: a test below blocks it, and other projects' gateways run beside.
    mediaEnv: {
      MEDIA_RTC_MIN_PORT: String(isolatedRtcRanges.journey.min),
      MEDIA_RTC_MAX_PORT: String(isolatedRtcRanges.journey.max),
    },
    editSites: (sites) => {
      const acme = sites.sites.acme!;
      allowCallsFromOneAddress(acme, 100);
      // A team closed today and tomorrow (holidays), for the Closed screen and its hours.
      addQueueWithIntent(acme, 'closed-team', 'Night team');
      // A team nobody staffs (no agent registered), for a failed call and its ways forward.
      addQueueWithIntent(acme, 'nobody', 'Empty team');
      acme.queues['closed-team']!.hours = closedTeamHours;
      // A site where nothing routes (no rule, no default queue), for "no route".
      sites.sites['noroute'] = {
        ...structuredClone(acme),
        routes: [],
        defaultQueue: undefined,
      };
    },
  });

  /** axe-core finds nothing against WCAG 2.2 AA on the screen shown, which is then saved. */
  async function checkScreen(
    widget: Frame | Page,
    shot: Page | ReturnType<Page['getByTestId']>,
    name: string,
  ) {
    expect(await axeViolations(widget), `axe on the ${name} screen`).toEqual([]);
    await save(shot, name);
  }

  /** Reads what the API stored, straight from its PostgreSQL database, while it runs. */
  const stored = async <T>(read: (repo: Repository) => Promise<T>): Promise<T> => {
    const databaseUrl = e2e.databaseUrl;
    if (!databaseUrl) throw new Error('the journey runs on PostgreSQL: no database URL');
    const repo = await openRepository({ databaseUrl });
    try {
      return await read(repo);
    } finally {
      await repo.close();
    }
  };
  /** The ratings and callback requests stored since `since`. */
  const storedSince = (since: Date) =>
    stored(async (repo) => ({
      ratings: (await repo.listRatings({})).filter((r) => r.createdAt >= since),
      callbacks: (await repo.listCallbackRequests({})).filter((c) => c.createdAt >= since),
    }));

  /** The whole journey (visitor-journey.ts) in one browser, against this file's stack. */
  const walkIn = (openTab: () => Promise<TabDriver>) =>
    walkVisitorJourney({ stack: e2e.stack, openTab, agentQueue: 'support-en', storedSince });

  it('goes from the snippet to a call, keys, a 2-star rating and a callback, all stored', () =>
    walkIn(async () => playwrightTabDriver(await e2e.chromium.browser.newPage())));

  describe('in Firefox ESR', () => {
    // Firefox takes no loopback ICE path: for this block the gateway serves browsers' media
    // on a routable test address instead (use-firefox-media-path.ts says why).
    useFirefoxMediaPath(() => e2e.stack);
    // Firefox's fake microphone is a sine of its own, set to the tone Chromium's file plays.
    const firefox = useFirefox({ microphoneHz: visitorToneHz });
    it('walks the same journey, from the snippet to the stored callback', () =>
      walkIn(firefox.openTab));
  });

  it('says when a closed team opens again, and offers a callback or another team', async () => {
    const startedAt = new Date();
    const page = await e2e.chromium.browser.newPage();
    await page.goto(widgetUrl(e2e.stack, { intent: 'closed-team' }));
    await page.getByTestId('start-call').click();
    await page.getByTestId('hcaptcha-checkbox').click();
    await page.getByTestId('closed-screen').waitFor();
    expect(await page.getByTestId('closed-screen').textContent()).toContain(
      'outside its opening hours',
    );
    expect(await page.getByTestId('fallback-number').textContent()).toBe('(713) 929-3714');
    // The day after tomorrow at 9:00 in Chicago, the team's zone named; and its week.
    const next = await page.getByTestId('next-opening').textContent();
    expect(next).toMatch(
      new RegExp(`^We open again on ${reopens}, .* at 9:00 AM, Central Time \\(Chicago\\)\\.`),
    );
    expect(await page.getByTestId('weekly-hours').textContent()).toBe('Mon – Sun9:00 AM – 5:00 PM');
    expect(await page.getByTestId('callback-zone').textContent()).toMatch(
      /^Times in your time zone: /,
    );
    await checkScreen(page, page, 'closed');

    // Not a dead end: another team, straight to its call (the session spares a new captcha).
    await page.getByTestId('callback-decline').click();
    await page.getByTestId('start-intent').selectOption('support');
    await page.getByTestId('start-call').click();
    await page.getByTestId('connection-test').waitFor();
    expect(await page.getByTestId('captcha-screen').count()).toBe(0);
    // And back to the closed team, to leave a number after all.
    await page.goto(widgetUrl(e2e.stack, { intent: 'closed-team' }));
    await page.getByTestId('start-call').click();
    await page.getByTestId('hcaptcha-checkbox').click();
    await page.getByTestId('closed-screen').waitFor();
    await page.getByTestId('callback-phone').fill('713 555 0142');
    // The first slot the API offers: when the team is open again (callback-slots.test.ts).
    await page.getByTestId('callback-window').selectOption({ index: 1 });
    await page.getByTestId('callback-consent').check();
    await page.getByTestId('callback-send').click();
    await page.getByTestId('thanks-screen').waitFor();
    await page.close();
    const { callbacks } = await storedSince(startedAt);
    expect(callbacks.map((c) => c.phone)).toEqual(['+17135550142']);
  });

  it('offers a callback when nothing routes the call', async () => {
    const page = await e2e.chromium.browser.newPage();
    const url = new URL(widgetUrl(e2e.stack, { intent: 'support' }));
    url.searchParams.set('site', 'noroute');
    await page.goto(url.href);
    await page.getByTestId('start-call').click();
    await page.getByTestId('hcaptcha-checkbox').click();
    await page.getByTestId('closed-screen').waitFor();
    expect(await page.getByTestId('closed-screen').textContent()).toContain(
      'Nobody takes calls for this choice',
    );
    await checkScreen(page, page, 'no-route');
    await page.close();
  });

  it('shows what to do when the microphone is blocked', async () => {
    const context = await e2e.chromium.browser.newContext();
    // The visitor said no to the microphone prompt.
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const page = await context.newPage();
    await page.goto(widgetUrl(e2e.stack, { intent: 'support' }));
    await page.getByTestId('start-call').click();
    await page.getByTestId('hcaptcha-checkbox').click();
    await page.getByTestId('connection-test-next').click({ timeout: 20_000 });
    await page.getByTestId('sound-check-record').click();
    await page.getByTestId('error-mic_denied').waitFor();
    await checkScreen(page, page, 'microphone-blocked');
    expect(await page.getByTestId('fallback-number').getAttribute('href')).toBe('tel:+17139293714');
    // The way forward: a callback (the session from the captcha still holds).
    await page.getByTestId('error-callback').click();
    await page.getByTestId('callback-screen').waitFor();
    await page.close();
    await context.close();
  });

  it('tells a browser without WebRTC how to reach us', async () => {
    const context = await e2e.chromium.browser.newContext();
    await context.addInitScript(() => {
      delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
    });
    const page = await context.newPage();
    await page.goto(widgetUrl(e2e.stack, { intent: 'support' }));
    await page.getByTestId('start-call').click();
    await page.getByTestId('error-no_webrtc').waitFor();
    expect(await page.getByTestId('error-retry').count()).toBe(0);
    await checkScreen(page, page, 'no-webrtc');
    await page.getByTestId('error-callback').click();
    await page.getByTestId('hcaptcha-checkbox').click();
    await page.getByTestId('callback-screen').waitFor();
    await context.close();
  });

  it('offers a callback and the fallback number when a call fails', async () => {
    const page = await e2e.chromium.browser.newPage();
    await page.goto(widgetUrl(e2e.stack, { intent: 'nobody' }));
    await walkToCall(page);
    await page.locator('[data-testid="call-screen"][data-phase="ended"]').waitFor();
    expect(await page.getByTestId('call-status').textContent()).toBe(
      'Nobody is available in this team right now.',
    );
    expect(await page.getByTestId('fallback-number').textContent()).toBe('(713) 929-3714');
    await checkScreen(page, page, 'call-failed');
    await page.getByTestId('call-request-callback').click();
    await page.getByTestId('callback-screen').waitFor();
    await page.close();
  });

  it('says when the network blocks the media path, with ways forward', async () => {
    // A firewall that lets the web through but no media (the gateway's port range).
    const firewall = addInputRules(dropRangeRules(isolatedRtcRanges.journey));
    const page = await e2e.chromium.browser.newPage();
    try {
      await page.goto(widgetUrl(e2e.stack, { intent: 'support' }));
      await page.getByTestId('start-call').click();
      await page.getByTestId('hcaptcha-checkbox').click();
      await page.getByTestId('error-network_blocked').waitFor({ timeout: 20_000 });
      await checkScreen(page, page, 'network-blocked');
      // Once the network lets media through, trying again goes on to the sound check.
      firewall.remove();
      await page.getByTestId('error-retry').click();
      await page.getByTestId('connection-test-next').click({ timeout: 20_000 });
      await page.getByTestId('sound-check-skip').waitFor();
    } finally {
      firewall.remove();
      await page.close();
    }
  });

  it('speaks the language chosen on the Start screen', async () => {
    const page = await e2e.chromium.browser.newPage();
    await page.goto(widgetUrl(e2e.stack, { intent: 'support' }));
    await page.getByTestId('start-language').selectOption('es');
    expect(await page.getByTestId('start-call').textContent()).toBe('Llamar ahora');
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await checkScreen(page, page, 'start-es');
    await page.close();
  });

  it('can be walked by keyboard alone, with focus on each new screen', async () => {
    const startedAt = new Date();
    const page = await e2e.chromium.browser.newPage();
    await page.goto(widgetUrl(e2e.stack, { intent: 'support' }));
    await page.getByTestId('start-screen').waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.dataset.testid ?? el?.tagName.toLowerCase() ?? '';
      });
    /** Tabs forward until the control with `testId` has focus (at most 20 presses). */
    const tabTo = async (testId: string) => {
      for (let i = 0; i < 20 && (await focused()) !== testId; i++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(testId);
    };
    await tabTo('start-call');
    await page.keyboard.press('Enter');
    await page.getByTestId('hcaptcha-checkbox').waitFor();
    expect(await focused(), 'the new screen title has focus').toBe('h1');
    await tabTo('hcaptcha-checkbox');
    await page.keyboard.press('Space');
    await page.getByTestId('connection-test-next').waitFor({ timeout: 20_000 });
    expect(await focused(), 'the connection test title has focus').toBe('h1');
    await tabTo('connection-test-next');
    await page.keyboard.press('Enter');
    await page.getByTestId('sound-check-skip').waitFor();
    expect(await focused(), 'the sound check title has focus').toBe('h1');
    await tabTo('sound-check-skip');
    await page.keyboard.press('Enter');
    await page
      .locator('[data-testid="call-screen"][data-phase="talking"]')
      .waitFor({ timeout: 20_000 });
    await tabTo('call-end');
    await page.keyboard.press('Enter');
    await page.getByTestId('rating-screen').waitFor();
    expect(await focused(), 'the rating title has focus').toBe('h1');
    await tabTo('rating-star-1');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await tabTo('rating-send');
    await page.keyboard.press('Enter');
    await page.getByTestId('thanks-screen').waitFor();
    expect(await page.getByTestId('thanks-screen').textContent()).toContain(
      'Thank you for your feedback',
    );
    await page.close();
    // Three presses right from the first star: a 4-star rating, stored with the call's test.
    const { ratings } = await storedSince(startedAt);
    expect(ratings.map((r) => [r.stars, r.comment])).toEqual([[4, '']]);
    expect(ratings[0]!.connectionTest).toMatchObject({ verdict: 'good', transport: 'udp' });
  });
});
