// embed-frame.js: the loader's part that is of use only once the visitor opens the widget,
// fetched then (from beside embed.js) so that every page view of the marketer's site pays
// for the launcher alone: the iframe, the widget's messages and their check, and the hint in
// the console when the page may not frame the widget.
import { isWidgetEvent } from './is-widget-event.ts';
import { isWidgetSize } from './is-widget-size.ts';

export interface FrameOptions {
  win: Window;
  /** The widget's page, `./widget/` beside embed.js unless `data-widget` names another. */
  widgetUrl: URL;
  /** The loader's `data-*` attributes: `site`, and `api` when the API is elsewhere. */
  data: DOMStringMap;
  /** The first opening's intent (a link's `data-intent`, `open({ intent })`). */
  intent: string | undefined;
  /** The side of the page the launcher sits on (the site's theme): the frame sits above it. */
  side: 'left' | 'right';
  /** The frame's accessible name: the launcher's label, in the page's language. */
  title: string;
  /** Reports a widget event to the page (dataLayer, DOM event, `on` listeners). */
  emit(name: string, detail?: object): void;
  /** The visitor closed the widget from inside (Esc, Close on Thanks). */
  close(): void;
}

/** Makes the widget's iframe (not yet in the page) and listens to it. */
export function createFrame(options: FrameOptions): HTMLIFrameElement {
  const { win, widgetUrl, data } = options;
  const url = new URL(widgetUrl);
  const params = url.searchParams;
  params.set('site', data.site ?? '');
  // The widget posts its events to this origin only.
  params.set('origin', win.location.origin);
  if (data.api) params.set('api', data.api);
  if (options.intent) params.set('intent', options.intent);
  const frame = win.document.createElement('iframe');
  frame.src = url.href;
  frame.title = options.title;
  frame.allow = 'microphone; autoplay';
  frame.dataset.testid = 'ctc-frame';
  // Above the launcher, within the viewport at any size (WCAG 1.4.10: a 320 px wide
  // viewport at 400 % zoom): narrower and shorter than 360 x 560 when the page is, until the
  // widget says how tall its step is (ctc:size), then that tall within the same bounds.
  frame.style.cssText = `position:fixed;bottom:80px;${options.side}:clamp(0px,50vw - 180px,16px);width:min(360px,100vw);height:min(560px,100vh - 88px);border:0;z-index:2147483647;background:#fff;box-shadow:0 4px 24px #0004;border-radius:8px`;
  let ready = false;
  // The widget says it is ready as soon as its script runs: silence means a refused frame
  // (one its CSP refuses gets no load event in Chromium), not a slow network.
  setTimeout(
    () =>
      ready ||
      // eslint-disable-next-line no-console -- the page's developer looks for it there
      console.error(
        `Click to call: the widget did not start. Is ${win.location.origin} in the site's allowedOrigins, ${widgetUrl.origin} in this page's CSP frame-src?`,
      ),
    10_000,
  );
  win.addEventListener('message', (event) => {
    if (event.origin !== widgetUrl.origin || event.source !== frame.contentWindow) return;
    const type = (event.data as { type?: unknown } | null)?.type;
    if (type === 'ctc:ready') ready = true;
    else if (type === 'ctc:close') options.close();
    // A floor, so a step still loading does not shrink the frame to a line and back, and the
    // widget keeps its short-frame layout (max-height: 320px) for short viewports.
    else if (isWidgetSize(event.data))
      frame.style.height = `min(max(${event.data.height}px,330px),100vh - 88px)`;
    else if (isWidgetEvent(event.data)) options.emit(event.data.name, event.data.detail);
  });
  return frame;
}
