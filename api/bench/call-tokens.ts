// `npm run bench:api`: call tokens per second and p99 latency of POST /v1/calls, against the
// real API process (api/src/main.ts on its embedded store) on loopback, under concurrent load
// from wrk (Debian's, a C load generator: on a 2-core machine a Node one took a fifth of the
// cores from the API it measured) for a fixed time. Prints one JSON object per metric and
// exits non-zero when it could not measure. Budget (issue 4): >= 5000 tokens/s, p99 <= 20 ms.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { startBenchServer } from './bench-server.ts';
import { coresBetween, cpuSnapshot, type CpuSnapshot } from './cpu-usage.ts';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const durationS = Number(process.env.BENCH_DURATION_S ?? 8);
const script = fileURLToPath(new URL('./post-call.lua', import.meta.url));

const WrkSummarySchema = z.object({
  requests: z.number(),
  durationUs: z.number(),
  statusErrors: z.number(),
  socketErrors: z.number(),
  p50Us: z.number(),
  p99Us: z.number(),
  maxUs: z.number(),
});

const server = await startBenchServer();
function fail(reason: string): never {
  console.error(`bench:api could not measure: ${reason}`);
  void server.stop();
  process.exit(1);
}
server.onExit((code) => fail(`the API exited (${code})`));

function run(seconds: number): Promise<z.infer<typeof WrkSummarySchema>> {
  const wrk = spawn(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', script, `${server.baseUrl}/v1/calls`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        BENCH_BODY: JSON.stringify({
          routing: { intent: 'support', language: 'en', country: 'US' },
        }),
        BENCH_ORIGIN: server.origin,
        BENCH_SESSION_TOKEN: server.sessionToken,
      },
    },
  );
  let out = '';
  wrk.stdout.on('data', (chunk: Buffer) => (out += chunk));
  return new Promise((resolve) => {
    wrk.on('error', (error) =>
      fail(`wrk did not start (${error.message}): infra/system-packages.sh test installs it`),
    );
    wrk.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      const summary = code === 0 ? WrkSummarySchema.safeParse(JSON.parse(last || '{}')) : null;
      if (!summary?.success) fail(`wrk exited ${code}: ${out.trim().slice(-300)}`);
      resolve(summary.data);
    });
  });
}

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

const failed = result.statusErrors + result.socketErrors;
if (failed > 0)
  fail(`${failed} requests failed (refused ${result.statusErrors}, socket ${result.socketErrors})`);
if (result.requests < 1000) fail(`only ${result.requests} tokens issued`);
const seconds = result.durationUs / 1e6;
const perSecond = result.requests / seconds;
const p99Ms = Math.round(result.p99Us / 100) / 10;
console.log(
  JSON.stringify({ metric: 'call_tokens_per_s', value: Math.round(perSecond), unit: 'tokens/s' }),
);
console.log(JSON.stringify({ metric: 'call_token_latency_ms_p99', value: p99Ms, unit: 'ms' }));
const cores = cpuBefore && cpuAfter && coresBetween(cpuBefore, cpuAfter, seconds);
if (cores) {
  // Where the cores went: the API (all its threads), wrk, and whatever else ran on the
  // machine meanwhile (other work makes the figures noisy).
  const perToken = (cores.apiCpuSeconds * 1e6) / result.requests;
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
const withinBudget = perSecond >= 5000 && p99Ms <= 20;
console.error(
  `bench:api: ${result.requests} tokens with ${connections} connections; p50 ${result.p50Us / 1000} ms, ` +
    `max ${result.maxUs / 1000} ms; budget (>= 5000/s, p99 <= 20 ms) ${withinBudget ? 'met' : 'NOT met'}`,
);
process.exit(0);
