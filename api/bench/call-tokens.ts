// `npm run bench:api`: call tokens per second and p99 latency of POST /v1/calls, against the
// real API process (api/src/main.ts on its embedded store) on loopback, under concurrent load
// from autocannon for a fixed time. Prints one JSON object per metric and exits non-zero when it could not
// measure. Budget (issue 4): >= 5000 tokens/s, p99 <= 20 ms.
import autocannon from 'autocannon';
import { startBenchServer } from './bench-server.ts';
import { coresBetween, cpuSnapshot, type CpuSnapshot } from './cpu-usage.ts';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const durationS = Number(process.env.BENCH_DURATION_S ?? 8);

const server = await startBenchServer();
function fail(reason: string): never {
  console.error(`bench:api could not measure: ${reason}`);
  void server.stop();
  process.exit(1);
}
server.onExit((code) => fail(`the API exited (${code})`));

const run = (seconds: number) =>
  autocannon({
    url: `${server.baseUrl}/v1/calls`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: {
      'content-type': 'application/json',
      origin: server.origin,
      authorization: `Bearer ${server.sessionToken}`,
    },
    body: JSON.stringify({ routing: { intent: 'support', language: 'en', country: 'US' } }),
  });

await run(2); // warm-up: JIT, connections, caches
const cpu = (): CpuSnapshot | undefined => {
  try {
    return cpuSnapshot(server.pid!);
  } catch {
    return undefined; // no /proc here: the CPU figures are left out
  }
};
const cpuBefore = cpu();
const result = await run(durationS);
const cpuAfter = cpu();
await server.stop();

const failed = result.errors + result.timeouts + result.non2xx;
if (failed > 0)
  fail(`${failed} requests failed (errors ${result.errors}, non-2xx ${result.non2xx})`);
if (result['2xx'] < 1000) fail(`only ${result['2xx']} tokens issued`);
const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
const perSecond = result['2xx'] / seconds;
console.log(
  JSON.stringify({ metric: 'call_tokens_per_s', value: Math.round(perSecond), unit: 'tokens/s' }),
);
console.log(
  JSON.stringify({ metric: 'call_token_latency_ms_p99', value: result.latency.p99, unit: 'ms' }),
);
const cores = cpuBefore && cpuAfter && coresBetween(cpuBefore, cpuAfter, seconds);
if (cores) {
  // Where the cores went: the API (all its threads), autocannon in this process, and
  // whatever else ran on the machine meanwhile (other work makes the figures noisy).
  const perToken = (cores.apiCpuSeconds * 1e6) / result['2xx'];
  console.log(
    JSON.stringify({ metric: 'api_cpu_per_token', value: Math.round(perToken), unit: 'µs' }),
  );
  for (const [metric, value] of [
    ['api_cores', cores.api],
    ['load_generator_cores', cores.loadGenerator],
    ['other_processes_cores', cores.everythingElse],
  ] as const) {
    console.log(JSON.stringify({ metric, value, unit: 'cores' }));
  }
  console.error(`bench:api: API cores by thread ${JSON.stringify(cores.apiThreads)}`);
}
const withinBudget = perSecond >= 5000 && result.latency.p99 <= 20;
console.error(
  `bench:api: ${result['2xx']} tokens with ${connections} connections; p50 ${result.latency.p50} ms, ` +
    `max ${result.latency.max} ms; budget (>= 5000/s, p99 <= 20 ms) ${withinBudget ? 'met' : 'NOT met'}`,
);
process.exit(0);
