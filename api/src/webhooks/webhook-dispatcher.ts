import type { SiteConfig } from '../../../protocol/api/site-config.ts';
import { retryDelayMs } from './retry-schedule.ts';
import { sendWebhook, type SendOutcome } from './send-webhook.ts';
import type { WebhookSecrets } from './webhook-secrets.ts';
import type {
  ClaimedDelivery,
  WebhookAttemptResult,
  WebhookStore,
  WebhookSubscribers,
} from './webhook-store.ts';

export interface WebhookDispatcherOptions {
  repo: WebhookStore;
  /** The current sites: each endpoint's URL and the event types it wants. */
  sites: { get(siteId: string): Pick<SiteConfig, 'webhooks'> | undefined };
  secrets: Pick<WebhookSecrets, 'secretFor'>;
  /** API_WEBHOOK_RETRY_DELAYS_MS: the waits before each retry. */
  retryDelaysMs: readonly number[];
  /** The API's clock: when deliveries are due, and each attempt's signed timestamp. */
  now: () => Date;
  /** How long a receiver has to answer. */
  timeoutMs?: number;
  /** How often to look for work when the last look found none. */
  pollMs?: number;
  /** Deliveries sent at once by this instance. */
  batchSize?: number;
  /** For the retries' jitter; in [0, 1). */
  random?: () => number;
  /** Told of every attempt (logs). */
  onAttempt?: (delivery: ClaimedDelivery, result: WebhookAttemptResult) => void;
  /** A round failed (the database is down): logged, tried again after `pollMs`. */
  onError: (error: unknown) => void;
}

export interface WebhookDispatcher {
  /** Stops looking for work; resolves once the attempts under way are recorded. */
  stop(): Promise<void>;
}

const subscribersOf =
  (sites: WebhookDispatcherOptions['sites']): WebhookSubscribers =>
  (siteId, type) =>
    (sites.get(siteId)?.webhooks ?? [])
      .filter((endpoint) => endpoint.events.includes(type))
      .map((endpoint) => endpoint.id);

/**
 * Sends the outbox's deliveries, in every API instance: fans new events out to the endpoints
 * that want them, claims due deliveries (no two instances claim the same), signs and POSTs
 * each, and records the attempt with its next try on the retry schedule. At least once: a
 * delivery is done only when its receiver answered 2xx and that was recorded, so an instance
 * that dies in between leaves it to be sent again, under the same webhook-id.
 */
export function startWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  // Longer than any send: a claim outlives its attempt unless the instance died during it.
  const leaseMs = 2 * timeoutMs + 30_000;
  const subscribers = subscribersOf(options.sites);

  const attempt = async (delivery: ClaimedDelivery): Promise<void> => {
    const startedAt = options.now();
    const started = performance.now();
    const endpoint = options.sites
      .get(delivery.siteId)
      ?.webhooks.find((candidate) => candidate.id === delivery.endpointId);
    const secret = options.secrets.secretFor(delivery.siteId, delivery.endpointId);
    // Either may come back (a sites file or secrets file being fixed): retried meanwhile.
    const outcome: SendOutcome = !endpoint
      ? { delivered: false, error: 'endpoint no longer in the sites file' }
      : !secret
        ? { delivered: false, error: 'no secret for the endpoint in API_WEBHOOK_SECRETS_FILE' }
        : await sendWebhook(
            { url: endpoint.url, secret, webhookId: delivery.eventId, body: delivery.body },
            { at: startedAt, timeoutMs },
          );
    const durationMs = performance.now() - started;
    const delay = outcome.delivered
      ? undefined
      : retryDelayMs(delivery.attempt, options.retryDelaysMs, options.random);
    const result: WebhookAttemptResult = {
      ...outcome,
      startedAt,
      durationMs,
      ...(delay !== undefined ? { nextAttemptAt: new Date(options.now().getTime() + delay) } : {}),
    };
    await options.repo.recordWebhookAttempt(delivery, result);
    options.onAttempt?.(delivery, result);
  };

  /** One look for work; how much it found (0: wait before the next). */
  const round = async (): Promise<number> => {
    const now = options.now();
    const fannedOut = await options.repo.fanOutWebhookEvents(subscribers, now, batchSize);
    const claimed = await options.repo.claimWebhookDeliveries(
      now,
      new Date(now.getTime() + leaseMs),
      batchSize,
    );
    // Every attempt finishes (or fails to be recorded) before the round ends.
    const settled = await Promise.allSettled(claimed.map(attempt));
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return fannedOut + claimed.length;
  };

  let stopped = false;
  let wakeUp: (() => void) | undefined;
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      let found = 0;
      try {
        found = await round();
      } catch (error) {
        options.onError(error);
      }
      if (!stopped && found === 0) await pause();
    }
  })();

  return {
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
