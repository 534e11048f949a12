import type { WidgetEventName } from '../../protocol/widget-event-names.ts';

/**
 * Tells the page that embeds the widget (through embed.js) what happens, for its analytics.
 * Only to the origin the loader named, and never personal data.
 */
export function embedderNotifier(parentOrigin: string | null) {
  const target = window.parent !== window && parentOrigin ? parentOrigin : undefined;
  return (name: WidgetEventName, detail?: Record<string, string | number | boolean>) => {
    if (target)
      window.parent.postMessage({ type: 'ctc:event', name, ...(detail ? { detail } : {}) }, target);
  };
}
