import { describe, expect, it } from 'vitest';
import { WidgetEventMessageSchema } from '../../protocol/embed-messages.ts';
import { widgetEventNames } from '../../protocol/widget-event-names.ts';
import { isWidgetEvent } from './is-widget-event.ts';

// The loader cannot carry zod; its hand-written check must accept and refuse exactly what the
// contract's schema does.
const samples: unknown[] = [
  ...widgetEventNames.map((name) => ({ type: 'ctc:event', name })),
  {
    type: 'ctc:event',
    name: 'call_ended',
    detail: { reason: 'busy', durationS: 12, answered: false },
  },
  { type: 'ctc:event', name: 'call_ended', detail: { reason: 'x'.repeat(81) } },
  { type: 'ctc:event', name: 'call_ended', detail: { ['k'.repeat(41)]: 1 } },
  { type: 'ctc:event', name: 'call_ended', detail: { nested: { a: 1 } } },
  { type: 'ctc:event', name: 'call_ended', detail: [1, 2] },
  { type: 'ctc:event', name: 'hacked' },
  { type: 'ctc:event', name: 'opened', extra: 1 },
  { type: 'other', name: 'opened' },
  'ctc:event',
  null,
  42,
];

describe('isWidgetEvent', () => {
  it.each(samples.map((sample) => [JSON.stringify(sample), sample]))(
    'agrees with the schema on %s',
    (_label, sample) => {
      expect(isWidgetEvent(sample)).toBe(WidgetEventMessageSchema.safeParse(sample).success);
    },
  );
});
