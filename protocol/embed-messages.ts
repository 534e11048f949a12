import { z } from 'zod';
import { widgetEventNames } from './widget-event-names.ts';
import { widgetMaxHeightPx } from './widget-frame-size.ts';

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

/**
 * Widget -> loader: the visitor closed the widget from inside (Esc, Close on Thanks). The
 * loader hides the frame, so the journey, and a call, go on until the visitor reopens it.
 */
export const WidgetCloseMessageSchema = z.strictObject({ type: z.literal('ctc:close') });
export type WidgetCloseMessage = z.infer<typeof WidgetCloseMessageSchema>;

/**
 * Widget -> loader, once its script runs: the page framed it and it can talk. A loader that
 * never hears this (the page's origin missing from the site's `allowedOrigins`, a page CSP
 * without the widget in `frame-src`) says so in the console instead of leaving a grey frame.
 */
export const WidgetReadyMessageSchema = z.strictObject({ type: z.literal('ctc:ready') });
export type WidgetReadyMessage = z.infer<typeof WidgetReadyMessageSchema>;

/**
 * Widget -> loader, whenever the current step's content changes height: the frame takes that
 * height (never more than the viewport allows, never less than a floor), so the panel is as
 * tall as its step rather than a fixed 560 px.
 */
export const WidgetSizeMessageSchema = z.strictObject({
  type: z.literal('ctc:size'),
  height: z.number().int().min(0).max(widgetMaxHeightPx),
});
export type WidgetSizeMessage = z.infer<typeof WidgetSizeMessageSchema>;
