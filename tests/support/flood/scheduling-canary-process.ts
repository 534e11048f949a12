// Wakes every 20 ms, as a mediasoup worker does for each packet of a call, and records how
// late each wake-up came: the scheduling delay this machine imposed on a process like the
// worker, at that moment, that no part of the product caused. Prints one JSON line
// (CanaryReport) once stopped. Started by scheduling-canary.ts (child-report.ts).
import { stopRequested } from './child-report.ts';
import type { CanaryReport } from './scheduling-canary.ts';

const periodMs = 20;
const report: CanaryReport = { lateMs: [] };
let stopped = false;
void stopRequested().then(() => (stopped = true));

const started = performance.now();
for (let n = 1; !stopped; n += 1) {
  const due = started + n * periodMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  report.lateMs.push(Math.max(0, performance.now() - due));
}
process.stdout.write(`${JSON.stringify(report)}\n`);
