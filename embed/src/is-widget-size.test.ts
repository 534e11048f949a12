import { describe, expect, it } from 'vitest';
import { WidgetSizeMessageSchema } from '../../protocol/embed-messages.ts';
import { isWidgetSize } from './is-widget-size.ts';

// The loader's hand-written check must take and refuse exactly what the contract's schema does:
// a page's frame must never be sized by a malformed or hostile message.
const samples: unknown[] = [
  { type: 'ctc:size', height: 412 },
  { type: 'ctc:size', height: 0 },
  { type: 'ctc:size', height: 4000 },
  { type: 'ctc:size', height: 4001 },
  { type: 'ctc:size', height: -1 },
  { type: 'ctc:size', height: 412.5 },
  { type: 'ctc:size', height: NaN },
  { type: 'ctc:size', height: Infinity },
  { type: 'ctc:size', height: '412' },
  { type: 'ctc:size', height: 412, width: 360 },
  { type: 'ctc:size' },
  { type: 'ctc:size', extra: 1 },
  { type: 'ctc:sized', height: 412 },
  [412],
  'ctc:size',
  null,
  412,
];

describe('isWidgetSize', () => {
  it.each(samples.map((sample) => [JSON.stringify(sample), sample]))(
    'agrees with the schema on %s',
    (_label, sample) => {
      expect(isWidgetSize(sample)).toBe(WidgetSizeMessageSchema.safeParse(sample).success);
    },
  );
});
