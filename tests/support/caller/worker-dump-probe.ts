// Preloaded into the media gateway by tests only (NODE_OPTIONS=--import=<this file>, with
// CTC_WORKER_DUMP_PORT): the gateway has no endpoint that shows its mediasoup worker's state,
// and tests must not add one to media/src. mediasoup's module-level observer announces every
// worker and router, so from here we can ask the worker itself what it still holds.
import { createServer } from 'node:http';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';

export interface WorkerDumpReport {
  /** The first worker the gateway started that still runs. */
  workerPid: number | undefined;
  /** From the worker processes themselves: the routers they still have (one per call). */
  routerIds: string[];
  /** Each running worker and the routers it has, as the worker itself reports them. */
  workers: { pid: number; routerIds: string[] }[];
  /** Per router still open: what the worker reports inside it. */
  routers: { id: string; transportIds: string[]; producerIds: string[]; consumerIds: string[] }[];
  /**
   * The gateway's memory after V8's last-resort garbage collection, in bytes. `heapPhysical` is what
   * V8's heap holds in RAM: its young generation grows in steps of tens of MB under load
   * and stays grown, so RSS minus it is the native memory a leak outside the JS heap shows in.
   */
  memory: { rss: number; heapUsed: number; heapPhysical: number; external: number };
}

const workers = new Set<types.Worker>();
const routers = new Set<types.Router>();
mediasoup.observer.on('newworker', (worker) => {
  workers.add(worker);
  worker.observer.on('close', () => workers.delete(worker));
  worker.observer.on('newrouter', (router) => {
    routers.add(router);
    router.observer.on('close', () => routers.delete(router));
  });
});

// The collection V8 runs under memory pressure before measuring ('last-resort': every
// generation, twice, then its free pages unmapped and the young generation shrunk back), so
// the figures are what the gateway retains. A plain gc() frees the objects but V8 keeps the
// pages as a cache: the RSS after a busy soak stayed 90-127 MB up with the heap back at its
// level, while after this collection it reads what a leak would leave.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options: {
  type: 'major';
  execution: 'sync';
  flavor: 'last-resort';
}) => void;

async function report(): Promise<WorkerDumpReport> {
  const perWorker = await Promise.all(
    [...workers].map(async (worker) => ({
      pid: worker.pid,
      routerIds: (await worker.dump()).routerIds,
    })),
  );
  const routerDumps = await Promise.all(
    [...routers].map(async (router) => {
      const inside = await router.dump();
      return {
        id: router.id,
        transportIds: inside.transportIds,
        producerIds: inside.mapProducerIdConsumerIds.map((entry) => entry.key),
        consumerIds: inside.mapConsumerIdProducerId.map((entry) => entry.key),
      };
    }),
  );
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  const { rss, heapUsed, external } = process.memoryUsage();
  const heapPhysical = getHeapStatistics().total_physical_size;
  return {
    workerPid: perWorker[0]?.pid,
    routerIds: perWorker.flatMap((worker) => worker.routerIds),
    workers: perWorker,
    routers: routerDumps,
    memory: { rss, heapUsed, heapPhysical, external },
  };
}

const port = Number(process.env.CTC_WORKER_DUMP_PORT);
if (Number.isInteger(port) && port > 0) {
  const server = createServer((_request, response) => {
    report().then(
      (body) => response.end(JSON.stringify(body)),
      (error: Error) => {
        response.statusCode = 500;
        response.end(error.message);
      },
    );
  });
  server.listen(port, '127.0.0.1');
  // The probe must never keep the gateway alive when it is told to stop.
  server.unref();
}
