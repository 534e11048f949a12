import type { CallbackSlot } from '../../../protocol/api/callback-slots.ts';
import type { ExpectedWait } from '../../../protocol/api/expected-wait.ts';
import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import { agentsAllBusy, type QueueWaitHistory } from '../calls/expected-wait.ts';
import { callbackSlots } from './callback-slots.ts';

export interface WaitFacts {
  history: QueueWaitHistory;
  /** The estimate the visitor is shown. */
  wait: ExpectedWait;
  now: Date;
  /** The visitor's call while it rings. */
  callId?: string | undefined;
}

/**
 * The slot "call me back instead" offers, when waiting is not worth it: the queue's agents
 * are all busy and the wait the visitor reads is at least the site's threshold. The first
 * slot the queue's hours allow; undefined otherwise (or when none is left within the days).
 */
export function callbackInstead(
  site: SiteConfig,
  queue: string,
  facts: WaitFacts,
): CallbackSlot | undefined {
  const long = facts.wait.moreThan || facts.wait.minutes >= site.callbacks.offerAfterWaitMinutes;
  if (!long || !agentsAllBusy(facts.history, facts.now, facts.callId)) return undefined;
  return callbackSlots(site.queues[queue]?.hours, site.callbacks, facts.now)[0];
}
