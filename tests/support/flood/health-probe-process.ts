// Probes a health URL every `intervalMs` until stopped, then prints one JSON line
// (HealthProbeReport). Started by health-probe.ts (child-report.ts).
import { z } from 'zod';
import { stopRequested } from './child-report.ts';
import type { HealthProbeReport } from './health-probe.ts';

const { url, intervalMs } = z
  .object({ url: z.url(), intervalMs: z.int().min(1) })
  .parse(JSON.parse(process.argv[2] ?? '{}'));
const report: HealthProbeReport = { latenciesMs: [], statuses: {} };
let stopped = false;
void stopRequested().then(() => (stopped = true));

// Node loads its fetch (undici) on the first call, tens of ms: a probe not counted.
await fetch(url).then(
  (res) => res.body?.cancel(),
  () => undefined,
);
while (!stopped) {
  const started = performance.now();
  let status = 'error';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.body?.cancel();
    status = String(res.status);
  } catch {
    // Counted as `error`: no answer within 5 s, or the connection refused.
  }
  report.latenciesMs.push(performance.now() - started);
  report.statuses[status] = (report.statuses[status] ?? 0) + 1;
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
process.stdout.write(`${JSON.stringify(report)}\n`);
