import { defaultGatewayLostAfterMs } from '../../../protocol/config/api-config.ts';
import {
  endCallsOfGoneGateways,
  type GoneGatewaySweepOptions,
} from '../gateways/end-calls-of-gone-gateways.ts';
import type { ErasedPersonalData, Repository } from './repository.ts';

// An event, or a rating, waits this long for its call's `created` (media retries a delivery
// for minutes).
const earlyEventLifetimeMs = 24 * 3600_000;
const dayMs = 24 * 3600_000;

export interface ExpirySweepOptions {
  /** The API's clock, the one limits are taken with. */
  now: () => Date;
  /** Personal data is erased this many days after its row was made (API_RETENTION_DAYS). */
  retentionDays: number;
  everyMs?: number;
  /** Told what a sweep erased, when it erased anything (counts only, nothing personal). */
  onErased?: (erased: ErasedPersonalData) => void;
  /** API_GATEWAY_LOST_AFTER_MS: the open calls of a node silent this long are ended. */
  gatewayLostAfterMs?: number;
  /** Told how many calls of gone gateway processes a sweep ended, and why. */
  onGatewayCallsEnded?: GoneGatewaySweepOptions['onEnded'];
  onError: (error: unknown) => void;
}

/**
 * At start and then every minute, forgets what no longer limits anyone and events whose
 * call never came, so the tables stay bounded, erases personal data past its retention, and
 * ends the calls whose gateway process is gone (restarted, or silent for too long).
 * Every API instance sweeps; sweeps of the same keys take turns, erasures of the same rows
 * skip each other's (personal-data-retention.ts). Returns the function that stops it.
 */
export function startExpirySweeps(repo: Repository, options: ExpirySweepOptions): () => void {
  let running = false;
  const sweep = async () => {
    const now = options.now();
    await repo.sweepLimits(now);
    await repo.forgetEarlyEvents(new Date(now.getTime() - earlyEventLifetimeMs));
    // A rating waits as long for its call's record: a day, within the shortest retention.
    await repo.forgetHeldRatings(new Date(now.getTime() - earlyEventLifetimeMs));
    // And a callback request's link to its call (the request itself is stored already).
    await repo.forgetHeldCallbackLinks(new Date(now.getTime() - earlyEventLifetimeMs));
    const erased = await repo.erasePersonalData(
      new Date(now.getTime() - options.retentionDays * dayMs),
      now,
    );
    if (erased.calls + erased.ratings + erased.callbacks > 0) options.onErased?.(erased);
    // The webhook outbox, sent or not, goes whole at the same age: a callback's number is in it.
    await repo.forgetWebhookEvents(new Date(now.getTime() - options.retentionDays * dayMs));
    await endCallsOfGoneGateways(repo, now, {
      lostAfterMs: options.gatewayLostAfterMs ?? defaultGatewayLostAfterMs,
      ...(options.onGatewayCallsEnded ? { onEnded: options.onGatewayCallsEnded } : {}),
    });
  };
  const run = () => {
    // A slow database must not stack sweeps on top of each other.
    if (running) return;
    running = true;
    sweep()
      .catch(options.onError)
      .finally(() => (running = false));
  };
  // At start too: an API restarted more often than every minute still erases on time.
  run();
  const timer = setInterval(run, options.everyMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
