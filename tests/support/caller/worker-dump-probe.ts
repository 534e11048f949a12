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
  /**
   * From the worker processes themselves: the routers they still have for calls (one per
   * call). The spare router a worker makes ahead for its next call (call-router.ts) holds no
   * call: it is in `spareRouters`.
   */
  routerIds: string[];
  /** Each running worker and the routers it has for calls, as the worker itself reports them. */
  workers: { pid: number; routerIds: string[] }[];
  /** Per router still open for a call: what the worker reports inside it. */
  routers: RouterInside[];
  /** The spares waiting for a call, with what the worker reports inside each. */
  spareRouters: (RouterInside & { workerPid: number })[];
  /**
   * The gateway's memory after V8's last-resort garbage collection, in bytes. `heapPhysical` is what
   * V8's heap holds in RAM: its young generation grows in steps of tens of MB under load
   * and stays grown, so RSS minus it is the native memory a leak outside the JS heap shows in.
   */
  memory: { rss: number; heapUsed: number; heapPhysical: number; external: number };
}

export interface RouterInside {
  id: string;
  transportIds: string[];
  producerIds: string[];
  consumerIds: string[];
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
  // Which routers are spares is the gateway's mark (appData); which exist is the worker's word.
  const spares = new Map(
    [...routers].filter((router) => router.appData.spare === true).map((r) => [r.id, r]),
  );
  const perWorker = await Promise.all(
    [...workers].map(async (worker) => {
      const ids = (await worker.dump()).routerIds;
      return {
        pid: worker.pid,
        routerIds: ids.filter((id) => !spares.has(id)),
        spareIds: ids.filter((id) => spares.has(id)),
      };
    }),
  );
  const inside = async (router: types.Router): Promise<RouterInside> => {
    const dump = await router.dump();
    return {
      id: router.id,
      transportIds: dump.transportIds,
      producerIds: dump.mapProducerIdConsumerIds.map((entry) => entry.key),
      consumerIds: dump.mapConsumerIdProducerId.map((entry) => entry.key),
    };
  };
  const routerDumps = await Promise.all(
    [...routers].filter((router) => !spares.has(router.id)).map(inside),
  );
  const spareRouters = await Promise.all(
    perWorker.flatMap((worker) =>
      worker.spareIds.map(async (id) => ({
        ...(await inside(spares.get(id)!)),
        workerPid: worker.pid,
      })),
    ),
  );
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  const { rss, heapUsed, external } = process.memoryUsage();
  const heapPhysical = getHeapStatistics().total_physical_size;
  return {
    workerPid: perWorker[0]?.pid,
    routerIds: perWorker.flatMap((worker) => worker.routerIds),
    workers: perWorker.map(({ pid, routerIds }) => ({ pid, routerIds })),
    routers: routerDumps,
    spareRouters,
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
