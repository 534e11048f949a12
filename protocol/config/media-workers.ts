import { availableParallelism } from 'node:os';
import type { z } from 'zod';

/**
 * How many mediasoup workers the gateway runs. Unset: one per core. In single-port mode a
 * port is bound by one worker's WebRtcServer, so that mode runs one worker, and asking for
 * more fails start-up: a firewall that opens one port gets one gateway per port instead.
 */
export function workerCountDefault<
  Config extends { workers?: number | undefined; rtcSinglePort?: number | undefined },
>(config: Config, ctx: z.RefinementCtx): Config & { workers: number } {
  const singlePort = config.rtcSinglePort !== undefined;
  if (singlePort && config.workers !== undefined && config.workers > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['workers'],
      message:
        'must be 1 with MEDIA_RTC_SINGLE_PORT: one port serves one mediasoup worker ' +
        '(run one gateway per port to use more cores, or use the MEDIA_RTC_MIN_PORT-MEDIA_RTC_MAX_PORT range)',
    });
  }
  return { ...config, workers: config.workers ?? (singlePort ? 1 : availableParallelism()) };
}
