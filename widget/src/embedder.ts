import type { WidgetCloseMessage, WidgetEventMessage } from '../../protocol/embed-messages.ts';
import type { WidgetEventName } from '../../protocol/widget-event-names.ts';

/**
 * Talks to the page that embeds the widget (through embed.js): what happens, for its
 * analytics, and when the visitor is done. Only to the origin the loader named, and never
 * personal data.
 */
export function embedderNotifier(parentOrigin: string | null) {
  const target = window.parent !== window && parentOrigin ? parentOrigin : undefined;
  return {
    notify(name: WidgetEventName, detail?: Record<string, string | number | boolean>) {
      if (target)
        window.parent.postMessage(
          { type: 'ctc:event', name, ...(detail ? { detail } : {}) } satisfies WidgetEventMessage,
          target,
        );
    },
    close() {
      if (target)
        window.parent.postMessage({ type: 'ctc:close' } satisfies WidgetCloseMessage, target);
    },
  };
}
