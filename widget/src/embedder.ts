import type {
  WidgetCloseMessage,
  WidgetEventMessage,
  WidgetReadyMessage,
  WidgetSizeMessage,
} from '../../protocol/embed-messages.ts';
import type { WidgetEventName } from '../../protocol/widget-event-names.ts';

type ToLoader = WidgetEventMessage | WidgetCloseMessage | WidgetReadyMessage | WidgetSizeMessage;

/**
 * Talks to the page that embeds the widget (through embed.js): that it runs, what happens,
 * for its analytics, and when the visitor closes it. Only to the origin the loader named, and
 * never personal data.
 */
export function embedderNotifier(parentOrigin: string | null) {
  const target = window.parent !== window && parentOrigin ? parentOrigin : undefined;
  const post = (message: ToLoader) => target && window.parent.postMessage(message, target);
  return {
    /** Opened by the loader in its frame, rather than from a direct link. */
    embedded: target !== undefined,
    notify(name: WidgetEventName, detail?: Record<string, string | number | boolean>) {
      post({ type: 'ctc:event', name, ...(detail ? { detail } : {}) });
    },
    /** The loader hides the frame; the journey (and a call) goes on until it reopens. */
    close() {
      post({ type: 'ctc:close' });
    },
    /** Sent as the script starts: a loader that never gets it tells the page's developer. */
    ready() {
      post({ type: 'ctc:ready' });
    },
    /** The height the current step needs, CSS px: the loader sizes the frame to it. */
    resize(height: number) {
      post({ type: 'ctc:size', height });
    },
  };
}

/**
 * Keyboard and focus of a widget in the loader's frame: Esc closes it (the loader then puts
 * the focus back on its launcher), and when the loader focuses the frame on opening, the focus
 * lands on the current step's title rather than on nothing.
 */
export function followEmbedderFocus(close: () => void): void {
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) close();
  });
  window.addEventListener('focus', () => {
    if (document.activeElement === document.body)
      document.querySelector<HTMLElement>('h1[tabindex]')?.focus();
  });
}
