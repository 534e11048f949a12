// The loader's check of the widget's size message, without zod (the loader's budget):
// is-widget-size.test.ts keeps it in step with protocol/embed-messages.ts.
import type { WidgetSizeMessage } from '../../protocol/embed-messages.ts';
import { widgetMaxHeightPx } from '../../protocol/widget-frame-size.ts';

export function isWidgetSize(data: unknown): data is WidgetSizeMessage {
  const message = data as WidgetSizeMessage | null;
  return (
    !!message &&
    typeof message === 'object' &&
    message.type === 'ctc:size' &&
    Object.keys(message).length === 2 &&
    Number.isInteger(message.height) &&
    message.height >= 0 &&
    message.height <= widgetMaxHeightPx
  );
}
