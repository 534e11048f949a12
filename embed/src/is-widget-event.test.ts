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
  // Found by fuzzing postMessage data (tests/fuzz/targets/post-message.ts): what structured
  // clone carries and the loader took, although the contract refuses it.
  { type: 'ctc:event', name: 'call_ended', detail: new Uint8Array(2) },
  { type: 'ctc:event', name: 'call_ended', detail: new Map([['reason', 'busy']]) },
  { type: 'ctc:event', name: 'call_ended', detail: new Date(0) },
  { type: 'ctc:event', name: 'call_ended', detail: { durationS: NaN } },
  { type: 'ctc:event', name: 'call_ended', detail: { durationS: Infinity } },
  // ... and what it refused, although the contract takes it: zod counts code points.
  { type: 'ctc:event', name: 'call_ended', detail: { ['😀'.repeat(21)]: 0 } },
  { type: 'ctc:event', name: 'call_ended', detail: { reason: '😀'.repeat(41) } },
  { type: 'ctc:event', name: 'call_ended', detail: { reason: '😀'.repeat(81) } },
];

describe('isWidgetEvent', () => {
  it.each(samples.map((sample) => [JSON.stringify(sample), sample]))(
    'agrees with the schema on %s',
    (_label, sample) => {
      expect(isWidgetEvent(sample)).toBe(WidgetEventMessageSchema.safeParse(sample).success);
    },
  );
});
