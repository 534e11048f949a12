import type { Logger } from 'pino';
import type {
  CallMedia,
  ConnectionTestEcho,
  ConnectionTestEngine,
  MediaEngine,
  OpenCallOptions,
  OpenConnectionTestOptions,
} from '../media-engine.ts';
import { leastLoaded } from './least-loaded.ts';
import { MediaWorkerError } from './media-worker-error.ts';
import type { MediaWorker } from './media-worker.ts';
import { PooledCallMedia } from './pooled-call-media.ts';
import {
  defaultRestartBackoff,
  restartBackoff,
  type RestartBackoffOptions,
} from './restart-backoff.ts';

export interface MediaWorkerPoolOptions {
  /** Workers to keep running (MEDIA_WORKERS). */
  size: number;
  startWorker(): Promise<MediaWorker>;
  backoff?: RestartBackoffOptions;
  logger: Pick<Logger, 'info' | 'error'>;
}

/** One worker's life in a slot; a replacement gets a new run, with a load of its own. */
interface WorkerRun {
  readonly worker: MediaWorker;
  readonly slot: number;
  readonly startedAt: number;
  /** Calls and connection tests on this worker. */
  load: number;
  alive: boolean;
  /** For each call on this worker: ends it with `worker_lost`. */
  readonly calls: Set<() => void>;
}

/**
 * The gateway's mediasoup workers, one per core, as one MediaEngine: each call and connection
 * test goes to the least-loaded live worker. A worker that dies ends only its own calls
 * (`worker_lost`), and a new worker takes its slot, at once or after a backoff when workers
 * there keep dying young.
 */
export class MediaWorkerPool implements MediaEngine, ConnectionTestEngine {
  readonly #options: MediaWorkerPoolOptions;
  readonly #runs: (WorkerRun | undefined)[];
  readonly #backoffs: ReturnType<typeof restartBackoff>[];
  readonly #restarts = new Set<NodeJS.Timeout>();
  #closed = false;

  /** Starts every worker; start-up fails if one cannot start (a bad binary, a busy port). */
  static async start(options: MediaWorkerPoolOptions): Promise<MediaWorkerPool> {
    const started = await Promise.allSettled(
      Array.from({ length: options.size }, () => options.startWorker()),
    );
    const workers = started.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : [],
    );
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) {
      for (const worker of workers) worker.close();
      throw failure.reason;
    }
    return new MediaWorkerPool(options, workers);
  }

  private constructor(options: MediaWorkerPoolOptions, workers: MediaWorker[]) {
    this.#options = options;
    this.#runs = workers.map(() => undefined);
    this.#backoffs = workers.map(() => restartBackoff(options.backoff ?? defaultRestartBackoff));
    workers.forEach((worker, slot) => this.#install(slot, worker));
  }

  /** Workers running now (fewer than `size` while one is being replaced). */
  get liveWorkers(): number {
    return this.#live().length;
  }

  /** Process ids of the workers running now. */
  get workerPids(): number[] {
    return this.#live().map((run) => run.worker.pid);
  }

  /** True while at least one worker answers: the gateway can still take calls. */
  async isHealthy(): Promise<boolean> {
    const answers = await Promise.all(this.#live().map((run) => run.worker.isHealthy()));
    return answers.includes(true);
  }

  async openCall(options: OpenCallOptions): Promise<CallMedia> {
    const run = this.#pick();
    let media: CallMedia | undefined;
    let released = false;
    /** The call leaves the worker's load once, however it ends; true the first time. */
    const release = () => {
      if (released) return false;
      released = true;
      run.load -= 1;
      run.calls.delete(loseWorker);
      return true;
    };
    const loseWorker = () => {
      media?.close();
      if (release()) options.onEnded('worker_lost');
    };
    run.load += 1;
    run.calls.add(loseWorker);
    try {
      media = await run.worker.engine.openCall({
        ...options,
        // Once the worker is dead, whatever its media reports is that death.
        onEnded: (reason) => {
          if (release()) options.onEnded(run.alive ? reason : 'worker_lost');
        },
      });
    } catch (error) {
      release();
      if (run.alive) throw error;
      throw new MediaWorkerError('worker_lost', 'the mediasoup worker died as the call opened', {
        cause: error,
      });
    }
    if (!run.alive) {
      // The call was told (`worker_lost`) while its media opened: nothing of it is usable.
      media.close();
      throw new MediaWorkerError('worker_lost', 'the mediasoup worker died as the call opened');
    }
    return new PooledCallMedia(media, release);
  }

  async openConnectionTest(options: OpenConnectionTestOptions): Promise<ConnectionTestEcho> {
    const run = this.#pick();
    let released = false;
    const release = () => {
      if (!released) run.load -= 1;
      released = true;
    };
    run.load += 1;
    try {
      // A test whose worker dies ends by itself (`router_closed`): the browser retries.
      const echo = await run.worker.engine.openConnectionTest({
        ...options,
        onEnded: (reason) => {
          release();
          options.onEnded(reason);
        },
      });
      return {
        answerSdp: echo.answerSdp,
        echoChannelId: echo.echoChannelId,
        close: () => {
          echo.close();
          release();
        },
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Closes every worker (their calls' media with them) and replaces none any more. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#restarts) clearTimeout(timer);
    for (const run of this.#live()) run.worker.close();
  }

  #live(): WorkerRun[] {
    return this.#runs.filter((run) => run !== undefined);
  }

  #pick(): WorkerRun {
    const run = leastLoaded(this.#runs, (candidate) => candidate.load);
    if (!run) throw new MediaWorkerError('no_media_worker', 'every mediasoup worker is restarting');
    return run;
  }

  #install(slot: number, worker: MediaWorker): void {
    const run: WorkerRun = {
      worker,
      slot,
      startedAt: Date.now(),
      load: 0,
      alive: true,
      calls: new Set(),
    };
    this.#runs[slot] = run;
    worker.onDied((error) => this.#died(run, error));
  }

  #died(run: WorkerRun, error: Error): void {
    run.alive = false;
    this.#runs[run.slot] = undefined;
    const restartInMs = this.#backoffs[run.slot]!.nextDelayMs(Date.now() - run.startedAt);
    this.#options.logger.error(
      { err: error, pid: run.worker.pid, calls: run.calls.size, restartInMs },
      'mediasoup worker died: its calls end, a new worker takes its place',
    );
    for (const loseWorker of [...run.calls]) loseWorker();
    this.#replace(run.slot, restartInMs);
  }

  #replace(slot: number, delayMs: number): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#restarts.delete(timer);
      this.#options.startWorker().then(
        (worker) => {
          if (this.#closed) return worker.close();
          this.#install(slot, worker);
          this.#options.logger.info({ pid: worker.pid, slot }, 'mediasoup worker replaced');
        },
        (error: unknown) => {
          const retryInMs = this.#backoffs[slot]!.nextDelayMs(0);
          this.#options.logger.error(
            { err: error, slot, retryInMs },
            'a replacement mediasoup worker could not start',
          );
          this.#replace(slot, retryInMs);
        },
      );
    }, delayMs);
    this.#restarts.add(timer);
  }
}
