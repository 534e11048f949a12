// What the visitor is told during a call when its quality suffers, and before it: the site's
// notice to accept (CLICK TO CALL waits for it; changed by the site meanwhile, shown again to
// be accepted afresh), then, mid-call, a lossy network (nftables in this test's network
// namespace drops one datagram in five of the gateway's media, both ways) warned of within 5 s
// in a polite live region and cleared once the loss stops (the region then says the connection
// is back to normal for a few seconds); a microphone that sends only silence (Chromium's fake
// capture of a silent WAV) said to be silent. And the embed loader's site config, kept by the
// browser between two page views.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicSiteConfig } from '../../protocol/api/public-site-config.ts';
import type { SitesFile } from '../../protocol/api/site-config.ts';
import { writeToneWav } from '../../infra/rig/tone.ts';
import { launchChromium, type RigBrowser } from '../support/browser/chromium.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { walkToCall, widgetUrl } from '../support/e2e/call-page.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';
import { isolatedRtcRanges } from '../support/media/isolated-port-ranges.ts';
import { addInputRules } from '../support/media/nft-rules.ts';

const notice = {
  version: '3',
  text: {
    en: 'Calls are recorded to train our agents.',
    es: 'Las llamadas se graban para formar a nuestros agentes.',
    fr: 'Les appels sont enregistrés pour former nos conseillers.',
    de: 'Anrufe werden zur Schulung unserer Mitarbeiter aufgezeichnet.',
  },
};
const media = isolatedRtcRanges.callQualityWarnings;

describe('in-call quality warnings and the notice before the call', () => {
  const e2e = useStackAndChromium('call-quality-warnings', {
    agents: [{ queue: 'support-en' }],
    mediaEnv: {
      MEDIA_RTC_MIN_PORT: String(media.min),
      MEDIA_RTC_MAX_PORT: String(media.max),
    },
    editSites: (sites) => {
      sites.sites.acme!.consentNotice = notice;
    },
  });

  /** The Start screen with its notice accepted, then the journey to a call an agent answers. */
  async function talkingCall(page: Page) {
    await page.goto(widgetUrl(e2e.stack, { intent: 'support' }));
    await page.getByTestId('consent-accept').check();
    await walkToCall(page);
    await page
      .locator('[data-testid="call-screen"][data-phase="talking"]')
      .waitFor({ timeout: 30_000 });
  }
  const note = (page: Page, kind: string) =>
    page.locator(
      `[data-testid="call-quality"][aria-live="polite"] [data-testid="call-quality-note"][data-note="${kind}"]`,
    );

  it('asks the visitor to accept the notice before CLICK TO CALL, in their language', async () => {
    const page = await e2e.chromium.browser.newPage();
    try {
      await page.goto(widgetUrl(e2e.stack, { intent: 'support', language: 'de' }));
      expect(await page.getByTestId('consent-text').textContent()).toBe(notice.text.de);
      const call = page.getByTestId('start-call');
      expect(await call.isDisabled()).toBe(true);
      expect(await axeViolations(page), 'axe on Start with the notice').toEqual([]);
      await page.getByTestId('consent-accept').check();
      expect(await call.isEnabled()).toBe(true);
      // Another language shows another text, which must be accepted again.
      await page.getByTestId('start-language').selectOption('en');
      expect(await page.getByTestId('consent-text').textContent()).toBe(notice.text.en);
      expect(await page.getByTestId('consent-accept').isChecked()).toBe(false);
      expect(await call.isDisabled()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('shows the notice the site changed after it was accepted, on Start, to be accepted again', async () => {
    const page = await e2e.chromium.browser.newPage();
    const sitesBefore = readFileSync(e2e.stack.sitesFile, 'utf8');
    const noticeVersion = async () => {
      const config = await fetch(`${e2e.stack.apiUrl}/v1/sites/acme/config`);
      return ((await config.json()) as PublicSiteConfig).consentNotice?.version;
    };
    const changed = { version: '4', text: { ...notice.text, en: 'Calls are recorded and kept.' } };
    try {
      await page.goto(widgetUrl(e2e.stack, { intent: 'support' }));
      await page.getByTestId('consent-accept').check();
      // The sites file changes while the visitor goes through the checks (the browser keeps
      // the config it loaded for a minute: the widget must ask past that copy).
      const sites = JSON.parse(sitesBefore) as SitesFile;
      sites.sites.acme!.consentNotice = changed;
      writeFileSync(e2e.stack.sitesFile, JSON.stringify(sites));
      await expect.poll(noticeVersion).toBe('4');
      await walkToCall(page);
      await page.getByTestId('consent-renewed').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('consent-renewed').getAttribute('role')).toBe('alert');
      expect(await page.getByTestId('consent-text').textContent()).toBe(changed.text.en);
      expect(await page.getByTestId('consent-accept').isChecked()).toBe(false);
      expect(await page.getByTestId('start-call').isDisabled()).toBe(true);
      await page.getByTestId('consent-accept').check();
      expect(await page.getByTestId('consent-renewed').count()).toBe(0);
      expect(await page.getByTestId('start-call').isEnabled()).toBe(true);
    } finally {
      writeFileSync(e2e.stack.sitesFile, sitesBefore);
      await expect.poll(noticeVersion).toBe(notice.version);
      await page.close();
    }
  });

  it('warns of a lossy connection within 5 s, and says it is back to normal once the loss stops', async () => {
    const page = await e2e.chromium.browser.newPage();
    try {
      await talkingCall(page);
      const region = page.locator('[data-testid="call-quality"][aria-live="polite"]');
      // A clean line first: the region is there, empty, so a screen reader will say what comes.
      await expect.poll(() => region.textContent(), { timeout: 10_000 }).toBe('');

      const lossStartedAt = Date.now();
      const loss = addInputRules([
        `udp dport ${media.min}-${media.max} numgen inc mod 5 == 4 drop`,
        `udp sport ${media.min}-${media.max} numgen inc mod 5 == 4 drop`,
      ]);
      try {
        await note(page, 'unstable').waitFor({ timeout: 20_000 });
        expect(Date.now() - lossStartedAt).toBeLessThan(5000);
        expect(await region.getAttribute('data-warnings')).toContain('high-loss');
        expect(await note(page, 'unstable').textContent()).toMatch(/connection is unstable/);
        expect(await axeViolations(page), 'axe on the call with its warning').toEqual([]);
      } finally {
        loss.remove();
      }
      // The warning gives way to a few seconds of "back to normal" (same render), then nothing.
      await note(page, 'backToNormal').waitFor({ timeout: 30_000 });
      expect(await note(page, 'unstable').count()).toBe(0);
      expect(await region.textContent()).toBe('Your connection is back to normal.');
      await expect.poll(() => region.textContent(), { timeout: 20_000 }).toBe('');
      expect(await page.getByTestId('call-screen').getAttribute('data-phase')).toBe('talking');
    } finally {
      await page
        .getByTestId('call-end')
        .click()
        .catch(() => undefined);
      await page.close();
    }
  });

  it('tells the visitor their microphone sends silence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctc-silent-mic-'));
    const silence = await writeToneWav(join(dir, 'silence.wav'), {
      hz: 440,
      seconds: 120,
      amplitude: 0,
    });
    const browser: RigBrowser = await launchChromium({ fakeAudioCapture: silence });
    try {
      const page = await browser.browser.newPage();
      await talkingCall(page);
      await note(page, 'silentMicrophone').waitFor({ timeout: 20_000 });
      expect(await note(page, 'silentMicrophone').textContent()).toMatch(
        /microphone sends no sound/,
      );
      // Muted by the visitor, silence is what they asked for: the note goes.
      await page.getByTestId('call-mute').click();
      await note(page, 'silentMicrophone').waitFor({ state: 'detached', timeout: 10_000 });
      await page.getByTestId('call-end').click();
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the embed loader on the marketing page', () => {
    let page: Page;
    beforeAll(async () => {
      page = await e2e.chromium.browser.newPage();
    });
    afterAll(() => page.close());

    it('fetches the site config once for two page views, the second from the cache', async () => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      const fetched: { fromCache: boolean }[] = [];
      cdp.on('Network.responseReceived', (event) => {
        if (new URL(event.response.url).pathname === '/v1/sites/acme/config')
          fetched.push({ fromCache: event.response.fromDiskCache === true });
      });
      for (let view = 0; view < 2; view += 1) {
        await page.goto(e2e.stack.demoUrl);
        // The launcher shows once the config (its theme) is in, from wherever it came.
        await page.getByTestId('ctc-launcher').waitFor({ state: 'visible' });
      }
      await expect.poll(() => fetched.length).toBe(2);
      expect(fetched.map((response) => response.fromCache)).toEqual([false, true]);
    });
  });
});
