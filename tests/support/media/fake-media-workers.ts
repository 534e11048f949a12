// In-memory mediasoup workers for the worker pool's unit tests: each records the calls and
// connection tests opened on it, and the test decides when it dies or fails to start.
import type { MediaWorker } from '../../../media/src/engine/media-worker.ts';
import type {
  ConnectionTestEcho,
  OpenCallOptions,
  OpenConnectionTestOptions,
} from '../../../media/src/media-engine.ts';
import { FakeCallMedia, type Deferred } from './call-bridge-fakes.ts';

export class FakeMediaWorker implements MediaWorker {
  readonly pid: number;
  readonly calls: { options: OpenCallOptions; media: FakeCallMedia }[] = [];
  readonly tests: { options: OpenConnectionTestOptions; closed: number }[] = [];
  /** While set, openCall waits for the test to release it (a call opening as the worker dies). */
  holdOpens: Deferred<void> | undefined;
  closed = false;
  dead = false;
  readonly #died: ((error: Error) => void)[] = [];

  constructor(pid: number) {
    this.pid = pid;
  }

  readonly engine = {
    openCall: async (options: OpenCallOptions) => {
      await this.holdOpens?.promise;
      if (this.dead) throw new Error('Channel closed');
      const media = new FakeCallMedia();
      this.calls.push({ options, media });
      return media;
    },
    openConnectionTest: async (options: OpenConnectionTestOptions): Promise<ConnectionTestEcho> => {
      const test = { options, closed: 0 };
      this.tests.push(test);
      return { answerSdp: 'answer', echoChannelId: 1, close: () => void (test.closed += 1) };
    },
  };

  async isHealthy() {
    return !this.dead && !this.closed;
  }

  onDied(listener: (error: Error) => void) {
    this.#died.push(listener);
  }

  close() {
    this.closed = true;
  }

  /** The worker process dies (SIGKILL, a crash). */
  die() {
    this.dead = true;
    for (const listener of this.#died) listener(new Error(`[pid:${this.pid}, signal:SIGKILL]`));
  }

  /** Calls opened here whose media the pool has not closed. */
  openCalls() {
    return this.calls.filter((call) => call.media.closed === 0);
  }
}

/** Hands out fake workers with growing pids; `failNext` makes the next starts fail. */
export class FakeWorkerFactory {
  readonly started: FakeMediaWorker[] = [];
  failNext = 0;
  #nextPid = 1000;

  readonly start = async (): Promise<MediaWorker> => {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('mediasoup-worker: cannot bind');
    }
    const worker = new FakeMediaWorker(this.#nextPid++);
    this.started.push(worker);
    return worker;
  };
}
