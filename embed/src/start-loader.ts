// The loader a marketer pastes: <script async src=".../embed.js" data-site="acme"></script>.
// It adds a launcher button, opens the widget in an iframe on demand, opens it from any
// [data-click-to-call] element (with data-intent preselected), offers window.ClickToCall
// (open, close, on, and push for commands queued before it arrived) and turns the widget's
// events into dataLayer entries and DOM events. Closing hides the frame: the journey, and a
// call, go on, and reopening returns to them (a link's intent counts on the first opening
// only); only the widget's own End hangs up.
import { isWidgetEvent } from './is-widget-event.ts';
import { launcherLabels } from './launcher-labels.ts';

type Listener = (detail: unknown) => void;
/** A command for `ClickToCall.push`, e.g. `['open', { intent: 'sales' }]`. */
type Command = [name: string, ...args: unknown[]];
type Win = Window & { dataLayer?: unknown[]; ClickToCall?: unknown };

export function startLoader(win: Win, script: HTMLScriptElement): void {
  const queued = win.ClickToCall;
  // A tag that fires twice (tag managers do): the first copy serves, this one leaves.
  if (queued && !Array.isArray(queued)) return;
  const doc = win.document;
  const data = script.dataset;
  const widgetUrl = new URL(data.widget ?? './widget/', script.src);
  const [openLabel, closeLabel] = launcherLabels(doc.documentElement.lang || navigator.language);
  const label = data.label ?? openLabel;
  const listeners: Record<string, Listener[]> = {};
  let frame: HTMLIFrameElement | undefined;
  let shown = false;
  let ready = false;

  const emit = (name: string, detail?: unknown) => {
    (win.dataLayer = win.dataLayer ?? []).push({
      event: `click_to_call.${name}`,
      ...(detail as object),
    });
    doc.dispatchEvent(new CustomEvent(`clicktocall:${name}`, { detail }));
    for (const listener of listeners[name] ?? []) listener(detail);
  };
  const launcher = doc.createElement('button');
  const setShown = (open: boolean) => {
    shown = open;
    if (frame) frame.hidden = !open;
    launcher.textContent = open ? closeLabel : label;
    launcher.setAttribute('aria-expanded', `${open}`);
  };
  const open = ({ intent }: { intent?: string } = {}) => {
    if (!frame) {
      const url = new URL(widgetUrl);
      url.searchParams.set('site', data.site ?? '');
      // The widget posts its events to this origin only.
      url.searchParams.set('origin', win.location.origin);
      if (data.api) url.searchParams.set('api', data.api);
      if (intent) url.searchParams.set('intent', intent);
      frame = doc.createElement('iframe');
      frame.src = url.href;
      frame.title = label;
      frame.allow = 'microphone; autoplay';
      frame.dataset.testid = 'ctc-frame';
      // Above the launcher, within the viewport at any size (WCAG 1.4.10: a 320 px wide
      // viewport at 400 % zoom): narrower and shorter than 360 x 560 when the page is.
      frame.style.cssText =
        'position:fixed;bottom:80px;right:clamp(0px,50vw - 180px,16px);width:min(360px,100vw);height:min(560px,100vh - 88px);border:0;z-index:2147483647;background:#fff;box-shadow:0 4px 24px #0004;border-radius:8px';
      // The widget says it is ready as soon as its script runs: silence means a refused
      // frame (one its CSP refuses gets no load event in Chromium), not a slow network.
      setTimeout(
        () =>
          ready ||
          // eslint-disable-next-line no-console -- the page's developer looks for it there
          console.error(
            `Click to call: the widget did not start. Is ${win.location.origin} in the site's allowedOrigins, ${widgetUrl.origin} in this page's CSP frame-src?`,
          ),
        10_000,
      );
      // Right after the launcher: Tab goes from "Close" into the widget.
      launcher.after(frame);
    }
    if (!shown) {
      setShown(true);
      emit('opened');
    }
    // Into the widget (shown first: a hidden frame takes no focus), which puts it on its
    // current step's title.
    frame.focus();
  };
  const close = () => {
    if (!shown) return;
    const focused = doc.activeElement;
    setShown(false);
    // Focus that was in the widget (or on the launcher) comes back to the launcher, not the body.
    if (focused === frame || focused === launcher) launcher.focus();
    emit('closed');
  };

  launcher.type = 'button';
  launcher.dataset.testid = 'ctc-launcher';
  launcher.style.cssText =
    'position:fixed;bottom:16px;right:16px;z-index:2147483647;padding:12px 18px;border:0;border-radius:24px;background:#1b7a3e;color:#fff;font:600 16px system-ui;cursor:pointer';
  launcher.onclick = () => (shown ? close() : open());
  setShown(false);
  doc.body.append(launcher);

  // Elements added later by a tag manager count too: the listener sits on the document.
  doc.addEventListener('click', (event) => {
    const trigger = (event.target as Element | null)?.closest?.(
      '[data-click-to-call]',
    ) as HTMLElement | null;
    if (!trigger) return;
    event.preventDefault();
    open({ intent: trigger.dataset.intent });
  });
  win.addEventListener('message', (event) => {
    if (event.origin !== widgetUrl.origin || event.source !== frame?.contentWindow) return;
    const type = (event.data as { type?: unknown } | null)?.type;
    if (type === 'ctc:ready') ready = true;
    else if (type === 'ctc:close') close();
    else if (isWidgetEvent(event.data)) emit(event.data.name, event.data.detail);
  });
  const api = {
    open,
    close,
    on: (name: string, listener: Listener) =>
      (listeners[name] = listeners[name] ?? []).push(listener),
    /** Runs a command, as the queue's entries are run: `push(['open', { intent }])`. */
    push: ([name, ...args]: Command) =>
      (api as unknown as Record<string, (...a: unknown[]) => void>)[name]?.(...args),
  };
  win.ClickToCall = api;
  ((queued ?? []) as Command[]).forEach(api.push);
}
