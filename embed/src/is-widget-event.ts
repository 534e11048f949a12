// The loader's own check of a widget message: it mirrors protocol/embed-messages.ts without
// zod (the loader's budget is 1.5 KB), and is-widget-event.test.ts keeps the two in step.
import type { WidgetEventMessage } from '../../protocol/embed-messages.ts';
import { widgetEventNames } from '../../protocol/widget-event-names.ts';

// zod measures strings in code points: an emoji is one, not two UTF-16 units. Only a string
// between max and twice max units needs counting (a huge one is refused without).
const fits = (text: string, max: number) =>
  text.length <= max || (text.length <= 2 * max && [...text].length <= max);

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
  // A plain object, as zod's record wants: not an array, Map, Date or typed array (postMessage
  // carries those too), and finite numbers only.
  if (Object.prototype.toString.call(detail) !== '[object Object]') return false;
  return Object.entries(detail).every(
    ([key, value]) =>
      fits(key, 40) &&
      (Number.isFinite(value) ||
        typeof value === 'boolean' ||
        (typeof value === 'string' && fits(value, 80))),
  );
}
