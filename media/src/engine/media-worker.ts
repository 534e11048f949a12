import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { MediaConfig } from '../../../protocol/config/media-config.ts';

export interface MediaWorkerOptions {
  config: Pick<MediaConfig, 'workerBin' | 'workerLogLevel'>;
  /** Told when the worker dies unexpectedly, so the process can stop and be restarted. */
  onDied: (error: Error) => void;
}

export interface MediaWorker {
  readonly worker: types.Worker;
  /** True while the worker process is alive and answers requests. */
  isHealthy(): Promise<boolean>;
  close(): void;
}

/** Starts the mediasoup worker process the gateway's media runs in. */
export async function startMediaWorker({
  config,
  onDied,
}: MediaWorkerOptions): Promise<MediaWorker> {
  const worker = await mediasoup.createWorker({
    logLevel: config.workerLogLevel,
    ...(config.workerBin ? { workerBin: config.workerBin } : {}),
  });
  worker.on('died', onDied);
  return {
    worker,
    async isHealthy() {
      if (worker.closed || worker.died) return false;
      // A dump is a round trip through the worker's channel: it proves the worker answers.
      return worker.dump().then(
        () => true,
        () => false,
      );
    },
    close: () => worker.close(),
  };
}
