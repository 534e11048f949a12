// `npm run bench:api`: call tokens per second and p99 latency of POST /v1/calls, against the
// real API process (api/src/main.ts on its embedded store) on loopback, under concurrent load
// from autocannon for a fixed time. Prints one JSON object per metric and exits non-zero when it could not
// measure. Budget (issue 4): >= 5000 tokens/s, p99 <= 20 ms.
import autocannon from 'autocannon';
import { startBenchServer } from './bench-server.ts';

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
const result = await run(durationS);
await server.stop();

const failed = result.errors + result.timeouts + result.non2xx;
if (failed > 0)
  fail(`${failed} requests failed (errors ${result.errors}, non-2xx ${result.non2xx})`);
if (result['2xx'] < 1000) fail(`only ${result['2xx']} tokens issued`);
const perSecond = result['2xx'] / ((result.finish.getTime() - result.start.getTime()) / 1000);
console.log(
  JSON.stringify({ metric: 'call_tokens_per_s', value: Math.round(perSecond), unit: 'tokens/s' }),
);
console.log(
  JSON.stringify({ metric: 'call_token_latency_ms_p99', value: result.latency.p99, unit: 'ms' }),
);
const withinBudget = perSecond >= 5000 && result.latency.p99 <= 20;
console.error(
  `bench:api: ${result['2xx']} tokens with ${connections} connections; p50 ${result.latency.p50} ms, ` +
    `max ${result.latency.max} ms; budget (>= 5000/s, p99 <= 20 ms) ${withinBudget ? 'met' : 'NOT met'}`,
);
process.exit(0);
