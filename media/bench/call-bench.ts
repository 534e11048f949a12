// `npm run bench:call`: the gateway's own cost, measured on the whole product (kamailio,
// baresip agents, API, gateway) inside a private network namespace, with programmable WebRTC
// callers (werift). Prints one JSON object per line; exits 1 when something could not be measured.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessRegistry } from '../../infra/rig/processes.ts';
import { startBenchStack } from './bench-stack.ts';
import { percentile, printMetric, type MetricLine } from './bench-stats.ts';
import { analyseSignalling, audioDelays } from './capture-analysis.ts';
import { holdConcurrentCalls } from './concurrent-calls.ts';
import { startLoopbackCapture } from './packet-capture.ts';
import { readUdpDatagrams } from './pcap-reader.ts';
import { placeCallsInRow } from './sequential-calls.ts';
import { readCapturedSip } from './sip-capture.ts';

// `--quick` is a smoke run of the bench itself (fewer calls, shorter hold): its figures are
// marked `quick: true` and are not the measurements.
const quick = process.argv.includes('--quick');
const settings = {
  /** Calls before the measured ones: JWKS fetch, JIT, first router. Not counted. */
  warmUpCalls: 3,
  measuredCalls: quick ? 20 : 25,
  talkMs: quick ? 1000 : 1500,
  concurrentCalls: quick ? 10 : 50,
  rampMs: 150,
  holdMs: quick ? 10_000 : 60_000,
};
const budgets = {
  setupP95Ms: 15,
  audioP99Ms: 1,
  cpuPerCallMinute: 0.2,
  lossPct: 0.1,
};

// Everything runs on 127.0.0.1 in a namespace of its own (as the tests do): nothing leaves
// the machine, and the capture on lo holds only our traffic.
if (!process.argv.includes('--in-namespace')) {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(
    'unshare',
    [
      '-n',
      'sh',
      '-c',
      'ip link set lo up && exec "$0" "$@"',
      process.execPath,
      self,
      '--in-namespace',
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}

const workDir = mkdtempSync(join(tmpdir(), 'ctc-bench-call-'));
const processes = new ProcessRegistry(join(workDir, 'logs'));
const problems: string[] = [];
const metric = (line: MetricLine) => printMetric(line, quick ? { quick: true } : {});
const log = (message: string) => process.stderr.write(`[bench:call] ${message}\n`);

try {
  log(`starting the stack in ${workDir}`);
  const bench = await startBenchStack({
    processes,
    workDir,
    concurrentCalls: settings.concurrentCalls,
  });
  const { stack } = bench;
  const callOptions = {
    apiUrl: stack.apiUrl,
    gatewayUrl: stack.gatewayUrl,
    intent: bench.intents[0]!,
  };

  await placeCallsInRow({ ...callOptions, count: settings.warmUpCalls, talkMs: 500 });
  log(`${settings.measuredCalls} calls in a row under tcpdump`);
  const capture = await startLoopbackCapture(join(workDir, 'calls.pcap'));
  const row = await placeCallsInRow({
    ...callOptions,
    count: settings.measuredCalls,
    talkMs: settings.talkMs,
  });
  await capture.stop();
  problems.push(...row.failures);

  const sip = await readCapturedSip(capture.path, {
    gatewayHttp: bench.mediaPort,
    pbxSip: stack.kamailio.port,
  });
  const inCapture = analyseSignalling(sip, row.calls);
  const datagrams = readUdpDatagrams(capture.path);
  const perCall = inCapture.map((call) => audioDelays(datagrams, call));
  const delays = perCall.flatMap((d) => d.total);
  const workerDelays = perCall.flatMap((d) => d.worker);
  const relayDelays = perCall.flatMap((d) => d.relay);
  const setup = inCapture.map((call) => call.setupAddedMs);
  const answer = inCapture.flatMap((call) =>
    call.answerAddedMs === undefined ? [] : [call.answerAddedMs],
  );
  const ringing = row.calls.flatMap(({ result: r }) =>
    r.timings.ringingAt ? [r.timings.ringingAt - r.timings.inviteSentAt] : [],
  );
  const answered = row.calls.flatMap(({ result: r }) =>
    r.timings.answeredAt ? [r.timings.answeredAt - r.timings.inviteSentAt] : [],
  );
  if (inCapture.length < 20) problems.push(`only ${inCapture.length} calls paired in the capture`);
  if (delays.length < 20 * 40) problems.push(`only ${delays.length} RTP packets matched`);

  const calls = inCapture.length;
  metric({ metric: 'setup_added_ms_p50', value: percentile(setup, 50), unit: 'ms', calls });
  metric({
    metric: 'setup_added_ms_p95',
    value: percentile(setup, 95),
    unit: 'ms',
    calls,
    budget: budgets.setupP95Ms,
    within_budget: percentile(setup, 95) <= budgets.setupP95Ms,
    warmup_calls_excluded: settings.warmUpCalls,
  });
  metric({
    metric: 'invite_to_180_ms_p50',
    value: percentile(ringing, 50),
    unit: 'ms',
    calls: ringing.length,
  });
  metric({
    metric: 'invite_to_200_ms_p50',
    value: percentile(answered, 50),
    unit: 'ms',
    calls: answered.length,
    note: 'includes the agent auto-answering (baresip)',
  });
  metric({
    metric: 'audio_added_delay_ms_p50',
    value: percentile(delays, 50),
    unit: 'ms',
    packets: delays.length,
    direction: 'browser_to_pbx',
  });
  metric({
    metric: 'audio_added_delay_ms_p99',
    value: percentile(delays, 99),
    unit: 'ms',
    packets: delays.length,
    direction: 'browser_to_pbx',
    budget: budgets.audioP99Ms,
    within_budget: percentile(delays, 99) <= budgets.audioP99Ms,
  });
  for (const [part, values] of [
    ['mediasoup_worker', workerDelays],
    ['node_rtp_relay', relayDelays],
  ] as const)
    metric({
      metric: `audio_added_delay_ms_p99_${part}`,
      value: percentile(values, 99),
      unit: 'ms',
      p50: percentile(values, 50),
      packets: values.length,
      note: 'extra: where the added delay is spent',
    });
  metric({
    metric: 'answer_added_ms_p50',
    value: percentile(answer, 50),
    unit: 'ms',
    calls: answer.length,
    note: 'PBX 200 in -> 200 out to the browser (extra)',
  });
  rmSync(capture.path, { force: true });

  log(`${settings.concurrentCalls} concurrent calls held ${settings.holdMs / 1000} s`);
  const load = await holdConcurrentCalls({
    apiUrl: stack.apiUrl,
    gatewayUrl: stack.gatewayUrl,
    intents: bench.intents,
    count: settings.concurrentCalls,
    rampMs: settings.rampMs,
    holdMs: settings.holdMs,
    mediaPid: bench.mediaPid,
  });
  problems.push(...load.failures);
  const callMinutes = (load.heldCalls * load.heldSeconds) / 60;
  const received = load.results.reduce((sum, r) => sum + r.packets.received, 0);
  const expected = load.results.reduce((sum, r) => sum + r.packets.expected, 0);
  const sent = load.results.reduce((sum, r) => sum + r.packets.sent, 0);
  // 50 packets/s for as long as each call was answered: what a browser would have sent.
  const due = load.results.reduce(
    (sum, r) =>
      sum + ((r.timings.endedAt - (r.timings.answeredAt ?? r.timings.endedAt)) / 1000) * 50,
    0,
  );
  const lossPct = expected > 0 ? (100 * (expected - received)) / expected : Number.NaN;
  const cpu = load.gatewayCpuSeconds / callMinutes;
  const honest = {
    calls_requested: settings.concurrentCalls,
    calls_held: load.heldCalls,
    held_s: load.heldSeconds,
    caller_loop_delay_p99_ms: load.callerLoopDelayP99Ms,
    // What the werift callers managed to send against 50 packets/s per call for the whole call.
    caller_packets_sent: sent,
    caller_send_rate_pct: due > 0 ? Math.round((1000 * sent) / due) / 10 : 0,
  };
  if (load.heldCalls < settings.concurrentCalls)
    problems.push(`only ${load.heldCalls} of ${settings.concurrentCalls} calls were up at once`);
  if (!Number.isFinite(cpu) || !Number.isFinite(lossPct)) problems.push('no load figures');
  metric({
    metric: 'cpu_s_per_call_minute_50',
    value: cpu,
    unit: 's',
    ...honest,
    gateway_cpu_s: load.gatewayCpuSeconds,
    node_process_cpu_s: load.nodeCpuSeconds,
    mediasoup_worker_cpu_s: load.workerCpuSeconds,
    gateway_idle_cores: load.idleCores,
    cpu_cores_peak: Math.max(...load.cpuSamples),
    budget: budgets.cpuPerCallMinute,
    within_budget: cpu <= budgets.cpuPerCallMinute,
  });
  metric({
    metric: 'packet_loss_pct_50',
    value: lossPct,
    unit: '%',
    ...honest,
    direction: 'agent_to_caller (RFC 3550 expected vs received at the callers)',
    packets_expected: expected,
    packets_received: received,
    budget: budgets.lossPct,
    within_budget: lossPct <= budgets.lossPct,
  });
} catch (error) {
  problems.push((error as Error).stack ?? String(error));
} finally {
  await processes.stopAll();
}
if (problems.length > 0) {
  log(`could not measure everything (logs kept in ${workDir}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
rmSync(workDir, { recursive: true, force: true });
process.exit(0);
