// `npm run bench:flood`: what a SIP flood on the browsers' WebSocket costs the calls and the
// gateway's health endpoint (issue 15's budgets), on the product's API and gateway with a
// scripted PBX whose audio is timed at both ends of a call (tests/support/flood/). Inside a
// private network namespace; the flood limits are raised out of the way, so every message is
// parsed and answered: the worst case. Prints one JSON object per line; exits 1 when
// something could not be measured.
//  - A burst of 10,000 bad SIP messages from 127.0.0.2 on 5 sockets, beside a call from
//    127.0.0.1: the longest audio gap each way (audio-gaps.ts), budget 100 ms.
//  - 50 tokenless INVITEs a second for 10 s from 127.0.0.2: /healthz probed every 50 ms,
//    budget 50 ms, and a new call from 127.0.0.1 answered with audio both ways meanwhile.
import { startHealthProbe } from '../../tests/support/flood/health-probe.ts';
import { startSchedulingCanary } from '../../tests/support/flood/scheduling-canary.ts';
import { sipFlood } from '../../tests/support/flood/sip-flood.ts';
import { startTimedCallRig } from '../../tests/support/flood/timed-call-rig.ts';
import { startBenchRun } from './bench-run.ts';
import { percentile, printMetric } from './bench-stats.ts';
import { reExecInPrivateNamespace } from './in-private-namespace.ts';

reExecInPrivateNamespace(import.meta.url);

const budgets = { audioGapMs: 100, healthzMs: 50 };
const origin = 'https://www.acme.example';
const attacker = '127.0.0.2';
const { workDir, processes, problems, log, failed, finish } = startBenchRun('bench:flood');

try {
  log(`starting the API and the gateway in ${workDir}`);
  const rig = await startTimedCallRig({
    processes,
    workDir,
    mediaEnv: {
      MEDIA_FLOOD_SIP_REQUESTS_PER_S: '100000',
      MEDIA_FLOOD_REFUSED_INVITES_PER_MIN: '100000',
      MEDIA_FLOOD_NEW_CONNECTIONS_PER_10S: '100000',
      MEDIA_LOG_LEVEL: 'error',
    },
  });

  log('a burst of 10,000 bad messages beside a call');
  const call = await rig.timedCall();
  const canary = startSchedulingCanary();
  const since = performance.now();
  const burst = await sipFlood({
    url: rig.stack.gatewayUrl,
    origin,
    localAddress: attacker,
    sockets: 5,
    messages: 10_000,
    awaitAnswers: 8_000,
  });
  await Promise.all([call.visitor.hears(50), call.agentHears(50)]);
  await call.hangUp();
  // How late the machine itself woke a process like the worker meanwhile: a noisy run says so.
  const machineLateMs = (await canary.stop()).worstLateMs;
  if (burst.sent !== 10_000) problems.push(`the burst sent ${burst.sent} of 10,000 messages`);
  const extra = { messages: burst.sent, answered: burst.answers };
  printMetric({ metric: 'sip_burst_sent_ms', value: burst.durationMs, unit: 'ms', ...extra });
  printMetric({
    metric: 'sip_burst_worked_off_ms',
    value: burst.lastAnswerMs,
    unit: 'ms',
    ...extra,
  });
  for (const [direction, timeline] of [
    ['to_visitor', call.toVisitor],
    ['to_agent', call.toAgent],
  ] as const) {
    const figures = timeline.figures(since);
    if (figures.packetsReceived < 100) problems.push(`the call's audio ${direction} stopped`);
    printMetric({
      metric: `audio_gap_ms_max_${direction}_during_burst`,
      value: figures.largestGapMs,
      unit: 'ms',
      budget: budgets.audioGapMs,
      met: figures.largestGapMs <= budgets.audioGapMs,
      packets: figures.packetsReceived,
      machineLateMs,
    });
  }

  log('50 tokenless INVITEs a second for 10 s, /healthz probed every 50 ms, a new call');
  const flooding = sipFlood({
    url: rig.stack.gatewayUrl,
    origin,
    localAddress: attacker,
    sockets: 1,
    kind: 'tokenless-invite',
    ratePerS: 50,
    messages: 500,
    awaitAnswers: 500,
  });
  const probe = startHealthProbe(rig.healthUrl, 50);
  const during = await rig.timedCall();
  await Promise.all([during.visitor.hears(100), during.agentHears(100)]);
  await during.hangUp();
  const flood = await flooding;
  const { latenciesMs: latencies, statuses } = await probe.stop();
  if (Object.keys(statuses).some((status) => status !== '200')) {
    problems.push(`/healthz answered ${JSON.stringify(statuses)}`);
  }
  if (flood.statuses['403'] !== flood.sent) {
    problems.push(`of ${flood.sent} tokenless INVITEs, ${flood.statuses['403'] ?? 0} got 403`);
  }
  for (const [name, value] of [
    ['p50', percentile(latencies, 50)],
    ['p99', percentile(latencies, 99)],
    ['max', Math.max(...latencies)],
  ] as const) {
    printMetric({
      metric: `healthz_ms_${name}_during_invite_flood`,
      value,
      unit: 'ms',
      budget: budgets.healthzMs,
      met: value <= budgets.healthzMs,
      probes: latencies.length,
      invitesPerS: 50,
    });
  }
  printMetric({
    metric: 'call_answered_during_invite_flood',
    value: 1,
    unit: 'calls',
    audioPacketsToVisitor: during.toVisitor.figures().packetsReceived,
    audioPacketsToAgent: during.toAgent.figures().packetsReceived,
  });
  await rig.close();
} catch (error) {
  failed(error);
}
await finish();
