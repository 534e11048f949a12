// The loader a marketer pastes: <script async src=".../embed.js" data-site="acme"></script>.
// It adds a launcher button, opens the widget in an iframe on demand, opens it from any
// [data-click-to-call] element (with data-intent preselected), offers window.ClickToCall
// (open, close, on, and push for commands queued before it arrived) and turns the widget's
// events into dataLayer entries and DOM events. Closing hides the frame: the journey, and a
// call, go on, and reopening returns to them (a link's intent counts on the first opening
// only); only the widget's own End hangs up. What only an open widget needs (the iframe, its
// messages) is embed-frame.js, fetched from beside embed.js when the visitor shows interest.
// The launcher's colours and side come from the site's config (the sites file's theme).
import type { createFrame } from './frame-part.ts';
import { launcherLabels } from './launcher-labels.ts';

type Listener = (detail: unknown) => void;
/** A command for `ClickToCall.push`, e.g. `['open', { intent: 'sales' }]`. */
type Command = [name: string, ...args: unknown[]];
type Win = Window & {
  dataLayer?: unknown[];
  ClickToCall?: unknown;
  /** What embed-frame.js leaves once it has run (its IIFE's name in embed/vite.config.ts). */
  ClickToCallFrame?: { createFrame: typeof createFrame };
};

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
  let framePart: Promise<NonNullable<Win['ClickToCallFrame']>> | undefined;
  let shown = false;
  /** The page's side the launcher, and so the frame, sit on (the site's theme). */
  let side: 'left' | 'right' = 'right';

  const emit = (name: string, detail?: object) => {
    // The event's name last: no detail can pass for another event.
    (win.dataLayer = win.dataLayer ?? []).push({ ...detail, event: `click_to_call.${name}` });
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
  // Fetched once, on the first sign of interest (pointer or focus on the launcher) or opening;
  // fetched again on the next one if the network failed.
  const loadFramePart = () =>
    (framePart ??= new Promise((resolve, reject) => {
      const part = doc.createElement('script');
      part.src = new URL('embed-frame.js', script.src).href;
      part.onload = () => resolve(win.ClickToCallFrame!);
      part.onerror = () => {
        framePart = undefined;
        reject(new Error(`Click to call: could not load ${part.src}`));
      };
      doc.body.append(part);
    }));
  const open = ({ intent }: { intent?: string } = {}) => {
    if (!shown) {
      setShown(true);
      emit('opened');
    }
    loadFramePart().then(
      (part) => {
        if (!frame) {
          frame = part.createFrame({
            win,
            widgetUrl,
            data,
            intent,
            side,
            title: label,
            emit,
            close,
          });
          // Right after the launcher: Tab goes from "Close" into the widget.
          launcher.after(frame);
        }
        frame.hidden = !shown;
        // Into the widget (shown first: a hidden frame takes no focus), which puts it on its
        // current step's title.
        if (shown) frame.focus();
      },
      // eslint-disable-next-line no-console -- the page's developer looks for it there
      console.error,
    );
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
  const style = launcher.style;
  style.cssText =
    'position:fixed;bottom:16px;right:16px;z-index:2147483647;padding:12px 18px;border:0;border-radius:24px;background:#1b7a3e;color:#fff;font:600 16px system-ui;cursor:pointer';
  launcher.onclick = () => (shown ? close() : open());
  launcher.onpointerenter = launcher.onfocus = () => void loadFramePart().catch(() => undefined);
  setShown(false);
  // Shown once the site's theme (colour, text colour chosen by the API for WCAG AA, side)
  // is known, so it never jumps sides or changes colour; with the defaults if the API fails.
  launcher.hidden = true;
  doc.body.append(launcher);
  fetch(new URL(`/v1/sites/${encodeURIComponent(data.site ?? '')}/config`, data.api ?? widgetUrl))
    .then((res) => res.json())
    .then(({ theme }: { theme: { primaryColor: string; textColor: string; position: string } }) => {
      style.background = theme.primaryColor;
      style.color = theme.textColor;
      if (theme.position == 'bottom-left') {
        style.right = 'auto';
        style.left = '16px';
        side = 'left';
      }
    })
    .catch(() => undefined)
    .finally(() => (launcher.hidden = false));

  // Elements added later by a tag manager count too: the listener sits on the document.
  doc.addEventListener('click', (event) => {
    const trigger = (event.target as Element | null)?.closest?.(
      '[data-click-to-call]',
    ) as HTMLElement | null;
    if (!trigger) return;
    event.preventDefault();
    open({ intent: trigger.dataset.intent });
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
