import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { MediaConfig } from '../../../protocol/config/media-config.ts';
import type { ConnectionTestEngine, MediaEngine } from '../media-engine.ts';
import type { CallMediaSettings } from './call-media.ts';
import { createMediasoupEngine } from './mediasoup-engine.ts';
import { assertWorkerCarriesSipPeerPatch } from './worker-patch-check.ts';

export interface MediaWorkerOptions {
  config: Pick<MediaConfig, 'workerBin' | 'workerLogLevel' | 'rtcSinglePort'>;
  /** Where calls' media goes on both sides: the same for every worker of the gateway. */
  media: Omit<CallMediaSettings, 'worker' | 'webRtcServer'>;
}

/** One mediasoup worker process and the engine on it, as the worker pool sees it. */
export interface MediaWorker {
  readonly pid: number;
  readonly engine: MediaEngine & ConnectionTestEngine;
  /** True while the worker process is alive and answers requests. */
  isHealthy(): Promise<boolean>;
  /** Told once if the worker process dies by itself (not after close()). */
  onDied(listener: (error: Error) => void): void;
  close(): void;
}

/**
 * Starts one mediasoup worker process, with its WebRtcServer in single-port mode (the port is
 * bound by this worker alone: the config allows one worker in that mode).
 */
export async function startMediaWorker({
  config,
  media,
}: MediaWorkerOptions): Promise<MediaWorker> {
  const worker = await mediasoup.createWorker({
    logLevel: config.workerLogLevel,
    ...(config.workerBin ? { workerBin: config.workerBin } : {}),
  });
  keepThroughStopSignals(worker);
  try {
    await assertWorkerCarriesSipPeerPatch(worker);
    const singlePort = config.rtcSinglePort;
    const webRtcServer = singlePort
      ? await worker.createWebRtcServer({
          listenInfos: (['udp', 'tcp'] as const).map((protocol) => ({
            protocol,
            ip: media.listenIp,
            port: singlePort,
            ...(media.announcedAddress ? { announcedAddress: media.announcedAddress } : {}),
          })),
        })
      : undefined;
    const engine = createMediasoupEngine({
      ...media,
      ...(webRtcServer ? { webRtcServer } : {}),
      worker,
    });
    return {
      pid: worker.pid,
      engine,
      async isHealthy() {
        if (worker.closed || worker.died) return false;
        // A dump is a round trip through the worker's channel: it proves the worker answers.
        return worker.dump().then(
          () => true,
          () => false,
        );
      },
      onDied: (listener) => worker.once('died', listener),
      close: () => worker.close(),
    };
  } catch (error) {
    worker.close();
    throw error;
  }
}

/**
 * mediasoup closes each worker when the Node process gets SIGINT or SIGTERM (its Worker adds
 * `process.once` listeners, `onSignal`), which would cut every call at the start of a drain.
 * Those listeners go: main.ts decides what a signal does, and gateway.close() closes workers.
 * (Should a mediasoup release rename them, the drain test sees calls end on SIGTERM.)
 */
function keepThroughStopSignals(worker: types.Worker): void {
  const onSignal = (worker as unknown as { onSignal?: unknown }).onSignal;
  if (typeof onSignal !== 'function') return;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeListener(signal, onSignal as (signal: NodeJS.Signals) => void);
  }
}
