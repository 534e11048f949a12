// A flood of bad SIP messages from one address, run as its own process so that the flood's
// own work never shares an event loop with the call or the probes a test measures. Started by
// sip-flood.ts; prints one JSON line (FloodReport) when done.
import WebSocket from 'ws';
import { badSipMessage } from './bad-sip-messages.ts';
import { FloodPlanSchema, type FloodReport } from './sip-flood-plan.ts';

const plan = FloodPlanSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const started = performance.now();
const report: FloodReport = {
  sent: 0,
  answers: 0,
  refusedUpgrades: 0,
  closeCodes: {},
  statuses: {},
  durationMs: 0,
  lastAnswerMs: 0,
};

function openSocket(): Promise<WebSocket | undefined> {
  const socket = new WebSocket(plan.url, 'sip', {
    origin: plan.origin,
    localAddress: plan.localAddress,
  });
  socket.on('message', (data: Buffer) => {
    const status = /^SIP\/2\.0 (\d{3})/.exec(data.toString('latin1', 0, 16))?.[1];
    if (status) report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    // Provisional responses (100 Trying) are not answers: each request gets one final one.
    if (!status || Number(status) >= 200) report.answers += 1;
    report.lastAnswerMs = performance.now() - started;
  });
  socket.on('close', (code) => {
    report.closeCodes[code] = (report.closeCodes[code] ?? 0) + 1;
  });
  return new Promise((resolve) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', () => {
      report.refusedUpgrades += 1;
      resolve(undefined);
    });
    socket.on('error', () => resolve(undefined));
  });
}

const sockets = (await Promise.all(Array.from({ length: plan.sockets }, openSocket))).filter(
  (socket) => socket !== undefined,
);
// Sent in slices: one message each 1/ratePerS s when a rate is set, else 100 at a time as
// fast as the sockets take them. Once the gateway closed every socket (a ban), the flood
// keeps knocking with new ones, as a real one would.
const slice = plan.ratePerS ? 1 : 100;
const intervalMs = plan.ratePerS ? 1000 / plan.ratePerS : 0;
for (let n = 0; n < plan.messages; n += slice) {
  const live = sockets.filter((socket) => socket.readyState === WebSocket.OPEN);
  if (live.length === 0) {
    const socket = await openSocket();
    if (socket) sockets.push(socket);
  } else {
    for (let i = n; i < Math.min(n + slice, plan.messages); i += 1) {
      live[i % live.length]!.send(badSipMessage(i, plan.kind));
      report.sent += 1;
    }
  }
  const due = started + (n + slice) * intervalMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
}
report.durationMs = performance.now() - started;
// Answers to what the gateway still has queued: until the expected count, or a quiet spell.
const lingerUntil = performance.now() + 60_000;
const answered = () =>
  plan.awaitAnswers === undefined
    ? performance.now() - started - report.lastAnswerMs > plan.quietMs
    : report.answers >= plan.awaitAnswers;
while (!answered() && performance.now() < lingerUntil) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
for (const socket of sockets) socket.terminate();
process.stdout.write(`${JSON.stringify(report)}\n`);
