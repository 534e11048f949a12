// The screen gallery's page: each screen of the widget (scenes.tsx) in turn, in the widget's
// root with the widget's styles, shown through `window.ctcGallery` without reloading.
import { render } from 'preact';
import { contentHeight } from '../../../../widget/src/content-height.ts';
import { messagesFor } from '../../../../widget/src/i18n/messages-for.ts';
import { applyTheme } from '../../../../widget/src/journey/theme.ts';
import '../../../../widget/src/widget.css';
import { site, type Language } from './canned.ts';
import { scenes, type Find, type Scene, type ScreenName } from './scenes.tsx';

/** A screen as shown, for the test's checks. */
export interface ShownScreen {
  /** The title's text (the step's h1). */
  heading: string;
  /** The elements whose content is wider than they are (scrolls or spills sideways). */
  sideways: string[];
  /** The panel's width and the height its content asks of the frame (content-height.ts). */
  width: number;
  height: number;
}

export interface ScreenGallery {
  screens: ScreenName[];
  /**
   * Shows the screen in the language and does what its scene does first; resolves with how
   * far the clock must then move before `ready`.
   */
  show(screen: ScreenName, language: Language): Promise<{ clockMs: number }>;
  /** Resolves once the screen shown is as it should be shot. */
  ready(): Promise<void>;
  measure(): ShownScreen;
}

export type GalleryWindow = Window & { ctcGallery: ScreenGallery };

const root = document.getElementById('click-to-call')!;
applyTheme(document.documentElement, site(false).theme);

/** Waits (up to 5 s) for the selector to match, as the screen's own events change the page. */
const find: Find = (selector) =>
  new Promise((resolve, reject) => {
    const found = () => document.querySelector<HTMLElement>(selector);
    const now = found();
    if (now) return resolve(now);
    const observer = new MutationObserver(() => {
      const element = found();
      if (!element) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(element);
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`the screen never showed ${selector}`));
    }, 5000);
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  });

const describe = (element: Element) =>
  [element.localName, ...element.classList].join('.') +
  ((element as HTMLElement).dataset.testid ? `[${(element as HTMLElement).dataset.testid}]` : '');

let shown: Scene | undefined;

(window as unknown as GalleryWindow).ctcGallery = {
  screens: Object.keys(scenes) as ScreenName[],
  async show(screen, language) {
    const scene: Scene = scenes[screen];
    // As the journey does: screen readers pick their voice from it.
    document.documentElement.lang = language;
    render(null, root);
    shown = scene;
    render(scene.render({ language, messages: messagesFor(language) }), root);
    await scene.act?.(find);
    return { clockMs: scene.clockMs ?? 0 };
  },
  async ready() {
    if (!shown) throw new Error('no screen shown yet');
    await find(shown.ready);
  },
  measure() {
    const boxes = [
      document.documentElement,
      root,
      ...root.querySelectorAll('.ctc-body, .ctc-dock'),
    ];
    return {
      heading: root.querySelector('h1')?.textContent ?? '',
      sideways: boxes.filter((box) => box.scrollWidth > box.clientWidth).map(describe),
      width: root.getBoundingClientRect().width,
      height: contentHeight(root),
    };
  },
};
