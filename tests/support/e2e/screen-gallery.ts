import type { Browser, Page } from 'playwright-core';
import { hcaptchaScript } from '../../../infra/rig/hcaptcha-script-stand-in.ts';
import { serveBundledPage, type BundledPage } from './bundled-page.ts';
import { hcaptchaScriptPath, type Language } from './screen-gallery/canned.ts';
import type { GalleryWindow, ShownScreen } from './screen-gallery/gallery-page.tsx';
import type { ScreenName } from './screen-gallery/scenes.tsx';

export type { Language, ScreenName, ShownScreen };

/**
 * Every language the widget speaks (a new one in its catalogs is a type error here), English
 * first: the others' titles are compared with its.
 */
export const galleryLanguages = Object.keys({
  en: true,
  de: true,
  es: true,
  fr: true,
} satisfies Record<Language, true>) as Language[];

export interface GalleryViewport {
  name: 'desktop' | 'phone';
  width: number;
  height: number;
  /** A touch screen: the widget's compact layout, `(pointer: coarse)`. */
  hasTouch: boolean;
}

export const galleryViewports: GalleryViewport[] = [
  // The loader's frame on a 1280 x 720 desktop: 360 px wide, at most 100vh - 88 px tall.
  { name: 'desktop', width: 360, height: 632, hasTouch: false },
  { name: 'phone', width: 390, height: 844, hasTouch: true },
];

/** The page's clock starts here: a Monday evening, after the canned team's hours. */
const galleryNow = new Date('2026-12-08T01:00:00Z');

/**
 * Serves the screen gallery's page (screen-gallery/gallery-page.tsx), bundled by vite from
 * the widget's sources, with stand-ins for what it must not reach: the gateway (the call
 * client) and hCaptcha (its script).
 */
export function serveScreenGallery(): Promise<BundledPage> {
  return serveBundledPage({
    entry: new URL('./screen-gallery/gallery-page.tsx', import.meta.url),
    title: 'Screen gallery',
    standIns: {
      [new URL('../../../widget/src/call/call-client.ts', import.meta.url).href]: new URL(
        './screen-gallery/call-client-stand-in.ts',
        import.meta.url,
      ),
    },
    files: {
      [hcaptchaScriptPath]: {
        contentType: 'text/javascript; charset=utf-8',
        body: hcaptchaScript,
      },
    },
  });
}

export interface GalleryPage {
  readonly page: Page;
  /** Every screen of the gallery, in its order. */
  readonly screens: ScreenName[];
  /** Shows the screen in the language, as it should be shot; resolves with what it shows. */
  show(screen: ScreenName, language: Language): Promise<ShownScreen>;
  /** Saves a PNG of the panel, as tall as the loader's frame would be for it. */
  screenshot(path: string, shown: ShownScreen): Promise<void>;
  close(): Promise<void>;
}

/** Opens the gallery at this viewport, in a context (and on a clock) of its own. */
export async function openGallery(
  browser: Browser,
  server: BundledPage,
  viewport: GalleryViewport,
): Promise<GalleryPage> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    hasTouch: viewport.hasTouch,
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();
  // The clock runs as usual, and jumps ahead where a scene needs seconds to pass.
  await page.clock.install({ time: galleryNow });
  await page.goto(server.origin);
  await page.waitForFunction(() => 'ctcGallery' in window);
  const screens = await page.evaluate(
    () => (window as unknown as GalleryWindow).ctcGallery.screens,
  );
  return {
    page,
    screens,
    async show(screen, language) {
      try {
        const { clockMs } = await page.evaluate(
          ([screen, language]) =>
            (window as unknown as GalleryWindow).ctcGallery.show(screen, language),
          [screen, language] as const,
        );
        if (clockMs) await page.clock.runFor(clockMs);
        await page.evaluate(() => (window as unknown as GalleryWindow).ctcGallery.ready());
        return await page.evaluate(() => (window as unknown as GalleryWindow).ctcGallery.measure());
      } catch (error) {
        throw new Error(`the gallery could not show ${screen} in ${language}`, { cause: error });
      }
    },
    async screenshot(path, shown) {
      // The loader's frame: at least 330 px tall, at most the viewport (content-height.ts).
      const height = Math.min(Math.max(shown.height, 330), viewport.height);
      await page.screenshot({ path, clip: { x: 0, y: 0, width: shown.width, height } });
    },
    close: () => context.close(),
  };
}
