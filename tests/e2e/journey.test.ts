// The visitor's whole journey on real parts, from the snippet on the demo marketing page to a
// rating and a callback request found in the database: captcha (hCaptcha's stand-in),
// connection test, sound check, a call answered by a baresip agent, the rating, the callback.
// Every screen is checked with axe-core (WCAG 2.2 AA) and saved as a screenshot.
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openRepository } from '../../api/src/storage/open-repository.ts';
import type { Repository } from '../../api/src/storage/repository.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { analyseTone, readWav } from '../../infra/rig/tone.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { remoteAudioStream, walkToCall, widgetUrl } from '../support/e2e/call-page.ts';
import { screenSaver } from '../support/e2e/screens.ts';
import { dropRangeRules, isolatedRtcRanges } from '../support/media/isolated-port-ranges.ts';
import { addInputRules } from '../support/media/nft-rules.ts';
import { playedAudio, recordedClip } from '../support/e2e/sound-check-probes.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

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
    microphone: { hz: 440, seconds: 300 },
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

  /**
   * The number to call instead, under every step as in the seeds: formatted for a visitor in
   * its country, dialled as E.164.
   */
  async function expectFallbackNumber(widget: Frame, step: string) {
    const number = widget.getByTestId('fallback-number');
    expect(await number.textContent(), `the number to call on the ${step} step`).toBe(
      '(713) 929-3714',
    );
    expect(await number.getAttribute('href')).toBe('tel:+17139293714');
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

  it('goes from the snippet to a call, a 2-star rating and a callback, all stored', async () => {
    const startedAt = new Date();
    const page = await e2e.chromium.browser.newPage();
    await page.goto(e2e.stack.demoUrl);
    await page.getByTestId('ctc-launcher').click();
    const frame = page.getByTestId('ctc-frame');
    const widget = (await (await frame.elementHandle())!.contentFrame())!;
    const check = (name: string) => checkScreen(widget, frame, name);

    // Start: intent, language, country, and the number to call instead.
    await widget.getByTestId('start-screen').waitFor();
    expect(await widget.getByTestId('fallback-number').textContent()).toBe('(713) 929-3714');
    expect(await widget.getByTestId('start-intent').inputValue()).toBe('sales');
    await widget.getByTestId('start-intent').selectOption('support');
    // Themed from the site config: Acme's brand blue, with white text on it.
    expect(
      await widget
        .getByTestId('start-call')
        .evaluate((button) => [
          getComputedStyle(button).backgroundColor,
          getComputedStyle(button).color,
        ]),
    ).toEqual(['rgb(11, 92, 173)', 'rgb(255, 255, 255)']);
    await check('start');
    await widget.getByTestId('start-call').click();

    // Captcha, loaded only now.
    await widget.getByTestId('hcaptcha-checkbox').waitFor();
    await check('captcha');
    await expectFallbackNumber(widget, 'captcha');
    await widget.getByTestId('hcaptcha-checkbox').click();

    // Connection test on the gateway's media path: a clean loopback is Good.
    await widget.getByTestId('connection-test-next').waitFor({ timeout: 20_000 });
    expect(await widget.getByTestId('connection-test-verdict').textContent()).toMatch(/Good/);
    await check('connection-test');
    await expectFallbackNumber(widget, 'connection test');
    await widget.getByTestId('connection-test-next').click();

    // Sound check: a clip of the microphone's 440 Hz, played back, never uploaded.
    await widget.getByTestId('sound-check-record').click();
    await widget.getByTestId('sound-check-play').waitFor({ timeout: 10_000 });
    const clip = await recordedClip(widget);
    expect(analyseTone(clip, 440).ratio, 'the clip holds the microphone tone').toBeGreaterThan(0.5);
    await widget.getByTestId('sound-check-play').click();
    const played = await probeTone(widget, await playedAudio(widget), 440, 1500);
    expect(played, 'the visitor hears the clip played back').toMatchObject({ detected: true });
    await expect
      .poll(() => widget.getByTestId('sound-check-progress-text').textContent(), {
        timeout: 10_000,
      })
      .toMatch(/^0:0([23]) \/ 0:0\1$/);
    await check('sound-check');
    await expectFallbackNumber(widget, 'sound check');
    await widget.getByTestId('sound-check-call').click();

    // The call, answered by the agent, audio both ways.
    await widget
      .locator('[data-testid="call-screen"][data-phase="talking"]')
      .waitFor({ timeout: 20_000 });
    await expect
      .poll(() => widget.getByTestId('call-status').textContent())
      .toBe('Talking to Agent support-en');
    expect(await widget.getByTestId('call-queue').textContent()).toContain(
      'English Technical Support',
    );
    const heard = await probeTone(widget, await remoteAudioStream(widget), 1000, 2000);
    expect(heard, 'the agent is heard').toMatchObject({ detected: true });
    await check('in-call');
    await expectFallbackNumber(widget, 'call');
    await widget.getByTestId('call-end').click();

    // Rating: 2 stars and a comment with markup, which stays text.
    await widget.getByTestId('rating-screen').waitFor();
    await widget.getByTestId('rating-star-2').check();
    const comment = '<script>alert(1)</script> The wait was long.';
    await widget.getByTestId('rating-comment').fill(comment);
    expect(await widget.getByTestId('rating-counter').textContent()).toBe(`${comment.length}/500`);
    await check('rating');
    await widget.getByTestId('rating-send').click();

    // A low rating: the offer to make up for it with a callback.
    await widget.getByTestId('callback-screen').waitFor();
    expect(await widget.getByTestId('callback-screen').textContent()).toContain(
      'We would like to make up for it',
    );
    expect(await widget.getByTestId('callback-country').inputValue()).toBe('US');
    await widget.getByTestId('callback-phone').fill('12');
    await widget.getByTestId('callback-send').click();
    expect(await widget.getByTestId('callback-problem').textContent()).toMatch(/valid phone/);
    await widget.getByTestId('callback-phone').fill('(713) 555-0199');
    await widget.getByTestId('callback-consent').check();
    await check('callback');
    await widget.getByTestId('callback-send').click();
    await widget.getByTestId('thanks-screen').waitFor();
    // The number as the visitor reads it, not raw E.164.
    const thanks = await widget.getByTestId('thanks-screen').textContent();
    expect(thanks).toContain('We will call you back at (713) 555-0199.');
    expect(thanks).not.toContain('+1713');
    await check('thanks');

    // The page's analytics saw the rating, the offer it earned and the request taken, with
    // the intent and queue, and never the visitor's number or comment.
    const dataLayer = await page.evaluate(
      () => (window as unknown as { dataLayer: Record<string, unknown>[] }).dataLayer,
    );
    const call = { intent: 'support', queue: 'support-en' };
    expect(dataLayer.slice(-3)).toEqual([
      { event: 'click_to_call.rating_sent', ...call, stars: 2 },
      { event: 'click_to_call.callback_offered', ...call, reason: 'low_rating' },
      { event: 'click_to_call.callback_requested', ...call, why: 'low_rating' },
    ]);
    expect(JSON.stringify(dataLayer)).not.toMatch(/555|0199|wait was long/);

    // The agent heard the visitor's microphone.
    const agent = e2e.stack.agents.get('support-en')!;
    await expect.poll(async () => (await agent.listCalls()).length, { timeout: 5000 }).toBe(0);
    const received = (await agent.recordings()).filter((r) => r.direction === 'received');
    const recording = await readWav(received.at(-1)!.path);
    expect(analyseTone(recording, 440).ratio, 'the visitor is heard').toBeGreaterThan(0.8);

    // Close from inside the widget: the embed loader hides the iframe, the launcher has the
    // focus, and reopened the widget starts afresh.
    await widget.getByTestId('thanks-close').click();
    await expect.poll(() => page.getByTestId('ctc-frame').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'ctc-launcher',
    );
    await page.getByTestId('ctc-launcher').click();
    await widget.getByTestId('start-screen').waitFor();
    await page.close();

    // Stored: the rating with the connection test before the call (for supervisors to tell a
    // bad line from bad service), and the callback request naming that call.
    const { ratings, callbacks } = await storedSince(startedAt);
    expect(ratings.map((r) => [r.stars, r.comment])).toEqual([[2, comment]]);
    expect(ratings[0]!.connectionTest).toMatchObject({ verdict: 'good', transport: 'udp' });
    expect(callbacks.map((c) => [c.phone, c.callId])).toEqual([
      ['+17135550199', ratings[0]!.callId],
    ]);
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
    await page.getByTestId('callback-window').selectOption('afternoon');
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
