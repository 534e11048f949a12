import fc from 'fast-check';
import { z } from 'zod';
import { isWidgetEvent } from '../../../embed/src/is-widget-event.ts';
import { isWidgetSize } from '../../../embed/src/is-widget-size.ts';
import * as embedMessages from '../../../protocol/embed-messages.ts';
import {
  WidgetEventMessageSchema,
  WidgetSizeMessageSchema,
} from '../../../protocol/embed-messages.ts';
import { postMessageData } from '../arbitraries/post-message-data.ts';
import { check, timed, type FuzzSession, type FuzzTarget } from '../fuzz-target.ts';

/** Checking one message takes microseconds; a megabyte string a millisecond or two. */
const boundMs = 1_000;

/** Every other message schema of the contract, whichever it holds now. */
const messageSchemas = Object.values(embedMessages).filter(
  (value) => value instanceof z.ZodType && value !== WidgetEventMessageSchema,
);

/** zod leaves an own `__proto__` key out of a record (its guard against the setter). */
const hasProtoKey = (value: unknown) =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__');

/**
 * postMessage data between the embed loader and the widget, as the receiving window gets it
 * (each value passed through structuredClone, as postMessage does), into the checks each side
 * runs: the loader's isWidgetEvent and isWidgetSize (zod-free, for its size budget) and the contract's schemas
 * (protocol/embed-messages.ts; the widget receives no message yet). None throws or takes long, whatever arrives; and the loader's
 * check takes what the contract takes, no more (nothing else reaches the page's dataLayer)
 * and no less (save a hostile `__proto__` key, which the contract only takes by dropping it).
 */
export const postMessageTarget: FuzzTarget = {
  name: 'post-message',
  async start(): Promise<FuzzSession> {
    let inputs = 0;
    const receives = (sent: unknown) => {
      inputs += 1;
      let data: unknown;
      try {
        data = timed(boundMs, 'structuredClone', () => structuredClone(sent));
      } catch (error) {
        // Nested past the serializer's stack: the sender's postMessage throws, nothing is sent.
        if (error instanceof RangeError) return;
        throw error;
      }
      const loaderTakes = timed(boundMs, 'isWidgetEvent', () => isWidgetEvent(data));
      // The oracle, not timed: zod spends a while on an issue per key of a huge refused detail.
      const contract = WidgetEventMessageSchema.safeParse(data);
      check(
        !loaderTakes || contract.success,
        () =>
          `the loader takes an event the contract refuses: ${contract.error?.issues[0]?.message}`,
      );
      check(
        loaderTakes || !contract.success || hasProtoKey((data as { detail?: unknown }).detail),
        () => 'the loader refuses an event the contract takes',
      );
      // The frame's height: the loader sizes it from what the contract takes, and nothing else.
      const sizeTaken = timed(boundMs, 'isWidgetSize', () => isWidgetSize(data));
      check(
        sizeTaken === WidgetSizeMessageSchema.safeParse(data).success,
        () => `the loader ${sizeTaken ? 'takes' : 'refuses'} a size the contract does not`,
      );
      for (const schema of messageSchemas)
        timed(boundMs, 'a message schema', () => schema.safeParse(data));
    };
    return {
      property: fc.property(postMessageData, receives),
      get inputs() {
        return inputs;
      },
      async stillServes() {
        const event = {
          type: 'ctc:event',
          name: 'call_ended',
          detail: { reason: 'busy', durationS: 12 },
        };
        check(
          isWidgetEvent(structuredClone(event)),
          () => 'a well-formed event is refused after the runs',
        );
      },
      async close() {},
    };
  },
};
