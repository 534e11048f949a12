/**
 * The analytics events the widget reports to the embedding page (embed/README.md says when
 * each comes and what it carries). Kept apart from the zod
 * schemas in embed-messages.ts so the embed loader (1.5 KB budget) can import the list alone.
 */
export const widgetEventNames = [
  'opened',
  'closed',
  'call_clicked',
  'captcha_passed',
  'connection_tested',
  'callback_offered',
  'call_started',
  'call_answered',
  'call_ended',
  'rating_sent',
  'callback_requested',
] as const;
export type WidgetEventName = (typeof widgetEventNames)[number];
