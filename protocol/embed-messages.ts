import { z } from 'zod';
import { widgetEventNames } from './widget-event-names.ts';

/**
 * postMessage between the embed loader (on the marketer's page) and the widget (in its
 * iframe). Both sides check the sender's origin and these shapes; anything else is ignored.
 */

/** Widget -> loader. `detail` carries no personal data (no phone numbers, no comments). */
export const WidgetEventMessageSchema = z.strictObject({
  type: z.literal('ctc:event'),
  name: z.enum(widgetEventNames),
  detail: z
    .record(z.string().max(40), z.union([z.string().max(80), z.number(), z.boolean()]))
    .optional(),
});
export type WidgetEventMessage = z.infer<typeof WidgetEventMessageSchema>;

/** Widget -> loader: the visitor closed the widget from inside. */
export const WidgetCloseMessageSchema = z.strictObject({ type: z.literal('ctc:close') });
export type WidgetCloseMessage = z.infer<typeof WidgetCloseMessageSchema>;
