import { z } from 'zod';

/**
 * How long the visitor should expect to wait for an agent of the queue, as the API estimates
 * it from the queue's recent calls (api/src/calls/expected-wait.ts has the rule). Rounded
 * there, never to the second: `minutes` 0 reads "under a minute", `moreThan` "more than
 * 30 minutes". Absent from an answer when the API has too few recent calls to say.
 */
export const ExpectedWaitSchema = z
  .strictObject({
    /** Whole minutes: 0 (under a minute), 1 to 10, then multiples of 5 up to 30. */
    minutes: z.int().min(0).max(30),
    /** true: longer than `minutes` (30), more than the API will put a figure on. */
    moreThan: z.boolean(),
    /** The visitor's place among the queue's web callers waiting (1: next), the visitor counted. */
    position: z.int().min(1),
  })
  .meta({ id: 'ExpectedWait' });
export type ExpectedWait = z.infer<typeof ExpectedWaitSchema>;
