// `npm run soak`: the product under a working day's churn, on the product's own stack
// (kamailio, baresip agents, API on PGlite, gateway) in a private network namespace, with
// pion callers (one Go process) for the visitors' media. `--calls N` visitor lanes at once
// (default 50: what this 2-core machine carries with its baresip agents; 100 left baresip
// dropping calls at a load of 8, which measures the agents, not the gateway) for `--minutes M`
// (default 10): each lane calls, talks 20 to 60 s, hangs up, rates the call and asks for a
// callback, then the next visitor. At the end:
//  - soak_dropped: calls that ended other than by the visitor's hang-up (must be 0);
//  - soak_lost_ratings / soak_lost_callbacks: accepted (201) but not in the database, read
//    from the API's data directory once it is stopped (must be 0), and soak_refused: ratings
//    and callbacks the API did not accept;
//  - soak_fd_growth, soak_rss_growth_mb, soak_worker_object_growth: the gateway, its workers
//    and the API after the last call (once its connections closed) against before the first
//    (after warm-up calls); soak_gateway_heap_growth_mb: the gateway's JS heap after a full
//    GC (retained objects), and soak_gateway_native_growth_mb: its RSS less V8's heap in RAM
//    (native memory), which together tell a leak from the young generation V8 keeps grown.
// One JSON object per line; exits 1 when something could not be measured.
import { freePort } from '../../infra/rig/ports.ts';
import { workerDumpProbeEnv } from '../../tests/support/caller/worker-dump-client.ts';
import { startBenchRun } from './bench-run.ts';
import { startBenchStack } from './bench-stack.ts';
import { printMetric } from './bench-stats.ts';
import { callsArgument } from './caller-figures.ts';
import { reExecInPrivateNamespace } from './in-private-namespace.ts';
import { providePionCallers, startPionCallers } from './pion-callers.ts';
import { missingFromDatabase } from './soak-database.ts';
import {
  resourceLevels,
  settledLevels,
  slopePerStep,
  type ResourceLevels,
} from './soak-resources.ts';
import { runVisitorLane, type LaneRecord } from './soak-visitor.ts';

if (!process.argv.includes('--in-namespace')) {
  // Built now: inside the namespace there is no network for its Debian packages.
  providePionCallers();
}
reExecInPrivateNamespace(import.meta.url);

const minutesArgument = () => {
  const i = process.argv.indexOf('--minutes');
  return i < 0 ? undefined : Number(process.argv[i + 1]);
};
const lanes = callsArgument(process.argv) ?? 50;
const minutes = minutesArgument() ?? 10;
if (!(minutes > 0) || !(lanes > 0)) {
  process.stderr.write('[soak] usage: npm run soak -- [--calls N] [--minutes M]\n');
  process.exit(2);
}
const { workDir, processes, problems, log, failed, finish } = startBenchRun('soak');
const callers = startPionCallers({ binary: providePionCallers(), listenHz: 1000 });

try {
  const dumpPort = await freePort();
  log(`starting the stack for ${lanes} lanes in ${workDir}`);
  const bench = await startBenchStack({
    processes,
    workDir,
    concurrentCalls: lanes,
    mediaEnv: workerDumpProbeEnv(dumpPort),
  });
  const { stack } = bench;
  const apiPid = () => {
    const api = processes.list().find((p) => p.name === 'api');
    if (!api) throw new Error('the stack started no API process');
    return api.pid;
  };
  const levels = () => resourceLevels({ mediaPid: bench.mediaPid, apiPid: apiPid(), dumpPort });
  const lane = (i: number, until: number, talkMs: () => number) =>
    runVisitorLane({
      apiUrl: stack.apiUrl,
      gatewayUrl: stack.gatewayUrl,
      intent: bench.intents[i % bench.intents.length]!,
      until,
      talkMs,
      callers,
    });

  // Warm-up: one short call per agent (JIT, JWKS, first routers), not counted.
  await Promise.all(bench.intents.map((_, i) => lane(i, Date.now() + 500, () => 1000)));
  const before = await levels();
  log(`before: ${JSON.stringify(before)}`);

  const until = Date.now() + minutes * 60_000;
  const talkMs = () => 20_000 + Math.random() * 40_000;
  log(`${lanes} lanes for ${minutes} min`);
  // Under load, once a minute: a leak grows on, memory kept once grown levels off.
  const underLoad: ResourceLevels[] = [];
  const sampling = setInterval(() => void levels().then((l) => underLoad.push(l), failed), 60_000);
  const records: LaneRecord[] = await Promise.all(
    // Ramped 200 ms apart, so the calls' starts and ends spread out from the beginning.
    Array.from({ length: lanes }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 200));
      return lane(i, until, talkMs);
    }),
  );
  clearInterval(sampling);
  const after = await settledLevels(levels, before);
  log(`after: ${JSON.stringify(after)}`);

  const all = {
    calls: records.reduce((n, r) => n + r.calls, 0),
    dropped: records.flatMap((r) => r.dropped),
    refused: records.flatMap((r) => r.refused),
    ratingIds: records.flatMap((r) => r.ratingIds),
    callbackIds: records.flatMap((r) => r.callbackIds),
  };
  const missing = await stack.whileApiStopped((dataDir) => missingFromDatabase(dataDir, all));
  for (const line of [...all.dropped, ...all.refused].slice(0, 20)) log(line);

  const extra = { lanes, minutes };
  const growth = (pick: (l: ResourceLevels) => Record<string, number>) => {
    const [b, a] = [pick(before), pick(after)];
    const byPart = Object.fromEntries(Object.keys(a).map((k) => [k, (a[k] ?? 0) - (b[k] ?? 0)]));
    return { total: Object.values(byPart).reduce((x, y) => x + y, 0), byPart };
  };
  const fds = growth((l) => l.fds);
  const rss = growth((l) => l.rssMb);
  printMetric({ metric: 'soak_calls', value: all.calls, unit: 'calls', ...extra });
  printMetric({ metric: 'soak_dropped', value: all.dropped.length, unit: 'calls', ...extra });
  printMetric({ metric: 'soak_refused', value: all.refused.length, unit: 'requests', ...extra });
  printMetric({
    metric: 'soak_lost_ratings',
    value: missing.ratings.length,
    unit: 'ratings',
    accepted: all.ratingIds.length,
  });
  printMetric({
    metric: 'soak_lost_callbacks',
    value: missing.callbacks.length,
    unit: 'callbacks',
    accepted: all.callbackIds.length,
  });
  printMetric({ metric: 'soak_fd_growth', value: fds.total, unit: 'fds', ...fds.byPart });
  printMetric({ metric: 'soak_rss_growth_mb', value: rss.total, unit: 'MiB', ...rss.byPart });
  printMetric({
    metric: 'soak_gateway_heap_growth_mb',
    value: after.gatewayHeapMb - before.gatewayHeapMb,
    unit: 'MiB',
  });
  const nativeByMinute = underLoad.map((l) => Math.round(l.gatewayNativeMb));
  printMetric({
    metric: 'soak_gateway_native_growth_mb',
    value: after.gatewayNativeMb - before.gatewayNativeMb,
    unit: 'MiB',
    underLoadByMinute: nativeByMinute,
  });
  printMetric({
    metric: 'soak_gateway_native_slope_mb_per_min',
    value: slopePerStep(nativeByMinute.slice(Math.floor(nativeByMinute.length / 2))),
    unit: 'MiB/min',
    note: 'over the second half of the soak, under load',
  });
  printMetric({
    metric: 'soak_worker_object_growth',
    value: after.workerObjects - before.workerObjects,
    unit: 'objects',
  });
  if (all.calls < lanes) problems.push(`only ${all.calls} calls for ${lanes} lanes`);
} catch (error) {
  failed(error);
}
await callers.close();
await finish();
