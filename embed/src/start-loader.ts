// The loader a marketer pastes: <script async src=".../embed.js" data-site="acme"></script>.
// It adds a launcher button, opens the widget in an iframe on demand, opens it from any
// [data-click-to-call] element (with data-intent preselected), offers window.ClickToCall
// (open, close, on) and turns the widget's events into dataLayer entries and DOM events.
import type { WidgetCloseMessage } from '../../protocol/embed-messages.ts';
import { isWidgetEvent } from './is-widget-event.ts';

type Listener = (detail: unknown) => void;
type Win = Window & { dataLayer?: unknown[]; ClickToCall?: unknown };

export function startLoader(win: Win, script: HTMLScriptElement): void {
  const doc = win.document;
  const site = script.dataset.site ?? '';
  const widgetUrl = new URL(script.dataset.widget ?? './widget/', script.src);
  const listeners: Record<string, Listener[]> = {};
  let frame: HTMLIFrameElement | undefined;

  const emit = (name: string, detail?: unknown) => {
    (win.dataLayer = win.dataLayer ?? []).push({
      event: `click_to_call.${name}`,
      ...(detail as object),
    });
    doc.dispatchEvent(new CustomEvent(`clicktocall:${name}`, { detail }));
    for (const listener of listeners[name] ?? []) listener(detail);
  };
  const open = (options: { intent?: string } = {}) => {
    if (frame) return;
    const url = new URL(widgetUrl);
    url.searchParams.set('site', site);
    // The widget posts its events to this origin only.
    url.searchParams.set('origin', win.location.origin);
    if (script.dataset.api) url.searchParams.set('api', script.dataset.api);
    if (options.intent) url.searchParams.set('intent', options.intent);
    frame = doc.createElement('iframe');
    frame.src = url.href;
    frame.title = 'Click to call';
    frame.allow = 'microphone; autoplay';
    frame.dataset.testid = 'ctc-frame';
    frame.style.cssText =
      'position:fixed;bottom:80px;right:16px;width:360px;height:560px;border:0;z-index:2147483647;background:#fff;box-shadow:0 4px 24px #0004;border-radius:8px';
    doc.body.append(frame);
    emit('opened');
  };
  const close = () => {
    if (!frame) return;
    frame.remove();
    frame = undefined;
    emit('closed');
  };

  const launcher = doc.createElement('button');
  launcher.type = 'button';
  launcher.textContent = script.dataset.label ?? 'Click to call';
  launcher.dataset.testid = 'ctc-launcher';
  launcher.style.cssText =
    'position:fixed;bottom:16px;right:16px;z-index:2147483647;padding:12px 18px;border:0;border-radius:24px;background:#1b7a3e;color:#fff;font:600 16px system-ui;cursor:pointer';
  launcher.onclick = () => (frame ? close() : open());
  doc.body.append(launcher);

  // Elements added later by a tag manager count too: the listener sits on the document.
  doc.addEventListener('click', (event) => {
    const trigger = (event.target as Element | null)?.closest?.(
      '[data-click-to-call]',
    ) as HTMLElement | null;
    if (!trigger) return;
    event.preventDefault();
    open({ intent: trigger.dataset.intent ?? '' });
  });
  win.addEventListener('message', (event) => {
    if (event.origin !== widgetUrl.origin || event.source !== frame?.contentWindow) return;
    if ((event.data as Partial<WidgetCloseMessage> | null)?.type === 'ctc:close') return close();
    if (isWidgetEvent(event.data)) emit(event.data.name, event.data.detail);
  });
  win.ClickToCall = {
    open,
    close,
    on: (name: string, listener: Listener) =>
      (listeners[name] = listeners[name] ?? []).push(listener),
  };
}
