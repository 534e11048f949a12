// Every screen of the widget (tests/support/e2e/screen-gallery/scenes.tsx) in every language,
// as the loader's frame shows it on a desktop and on a phone: a PNG of each kept under
// test-results/screens/gallery/ for people to look at, axe-core finding nothing against WCAG
// 2.2 AA, the title in the screen's language, and nothing wider than the panel. The real
// components and styles, with canned props: no API, no gateway, no microphone.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchChromium, type RigBrowser } from '../support/browser/chromium.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import type { BundledPage } from '../support/e2e/bundled-page.ts';
import {
  galleryLanguages,
  galleryViewports,
  openGallery,
  serveScreenGallery,
} from '../support/e2e/screen-gallery.ts';
import { screensDir } from '../support/e2e/screens.ts';

const galleryDir = join(screensDir, 'gallery');

describe('the screen gallery', () => {
  let chromium: RigBrowser | undefined;
  let server: BundledPage | undefined;

  beforeAll(async () => {
    mkdirSync(galleryDir, { recursive: true });
    const started = await Promise.allSettled([
      launchChromium().then((browser) => (chromium = browser)),
      serveScreenGallery().then((page) => (server = page)),
    ]);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it.concurrent.for(galleryViewports)(
    'shows every screen in every language at $name size',
    // The two viewports side by side: each test waits on its page more than it computes.
    async (viewport, { expect }) => {
      const gallery = await openGallery(chromium!.browser, server!, viewport);
      // The phone's touch screen is what gives it the widget's compact layout.
      expect(await gallery.page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(
        viewport.hasTouch,
      );
      for (const screen of gallery.screens) {
        let english = '';
        for (const language of galleryLanguages) {
          const where = `${screen} in ${language} at ${viewport.name} size`;
          const shown = await gallery.show(screen, language);
          await gallery.screenshot(
            join(galleryDir, `${screen}-${language}-${viewport.name}.png`),
            shown,
          );
          expect.soft(shown.heading, `${where}: a title`).not.toBe('');
          if (language === 'en') english = shown.heading;
          else expect.soft(shown.heading, `${where}: the title translated`).not.toBe(english);
          expect.soft(shown.sideways, `${where}: nothing wider than the panel`).toEqual([]);
          expect.soft(await axeViolations(gallery.page), `${where}: axe`).toEqual([]);
        }
      }
      await gallery.close();
    },
  );
});
