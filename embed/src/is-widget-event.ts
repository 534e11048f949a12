// The loader's own check of a widget message: it mirrors protocol/embed-messages.ts without
// zod (the loader's budget is 1.5 KB), and is-widget-event.test.ts keeps the two in step.
import type { WidgetEventMessage } from '../../protocol/embed-messages.ts';
import { widgetEventNames } from '../../protocol/widget-event-names.ts';

export function isWidgetEvent(data: unknown): data is WidgetEventMessage {
  const message = data as WidgetEventMessage | null;
  if (
    !message ||
    typeof message !== 'object' ||
    message.type !== 'ctc:event' ||
    !widgetEventNames.includes(message.name)
  )
    return false;
  const keys = Object.keys(message);
  if (keys.some((key) => key !== 'type' && key !== 'name' && key !== 'detail')) return false;
  const detail = message.detail;
  if (detail === undefined) return true;
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return false;
  return Object.entries(detail).every(
    ([key, value]) =>
      key.length <= 40 &&
      (typeof value === 'number' ||
        typeof value === 'boolean' ||
        (typeof value === 'string' && value.length <= 80)),
  );
}
