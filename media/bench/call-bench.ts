// `npm run bench:call`: the gateway's own cost, measured on the whole product (kamailio,
// baresip agents, API, gateway) inside a private network namespace, with programmable WebRTC
// callers (werift in a row, pion under load). Prints one JSON object per line; exits 1 when
// something could not be measured. `--calls N` holds N concurrent calls instead of 50;
// `--step-up` then holds 50, 100, 150 and 200 for `calls_per_core_at_0_1pct_loss`.
// `--peer` also measures the reference peer, kamailio + rtpengine (peer-rtpengine/), with the
// same callers and agents in the same run, and prints ours over its figures as ratios.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchRun } from './bench-run.ts';
import { startBenchStack } from './bench-stack.ts';
import { reExecInPrivateNamespace } from './in-private-namespace.ts';
import { percentile, printMetric, type MetricLine } from './bench-stats.ts';
import type { SignallingTarget } from './call-target.ts';
import { holdConcurrentCalls } from './concurrent-calls.ts';
import { callerSendRateLine, callsArgument } from './caller-figures.ts';
import { measureCallsPerCore, stepCounts } from './calls-per-core.ts';
import { loadFigures } from './load-figures.ts';
import { startLoopbackCapture } from './packet-capture.ts';
import { measureRtpenginePeer, type PeerFigures } from './peer-rtpengine/measure-peer.ts';
import { ratioLinesVsRtpengine } from './peer-rtpengine/ratio-lines.ts';
import { providePionCallers, startPionCallers } from './pion-callers.ts';
import { gatewayCpuMeter } from './process-tree-cpu.ts';
import { placeCallsInRow } from './sequential-calls.ts';
import { rowCaptureFigures } from './row-capture-figures.ts';
import { logSize, readSetUpSplit } from './set-up-split.ts';

// `--quick` is a smoke run of the bench itself (fewer calls, shorter hold): its figures are
// marked `quick: true` and are not the measurements.
const quick = process.argv.includes('--quick');
const withPeer = process.argv.includes('--peer');
const stepUp = process.argv.includes('--step-up');
const settings = {
  /** Calls before the measured ones: JWKS fetch, JIT, first router. Not counted. */
  warmUpCalls: 3,
  // Enough that a p95 is not one hiccup of a shared machine (the 3rd-worst of 60, not the 2nd of 25).
  measuredCalls: quick ? 20 : 60,
  talkMs: quick ? 1000 : 1500,
  concurrentCalls: callsArgument(process.argv) ?? (quick ? 10 : 50),
  rampMs: 150,
  holdMs: quick ? 10_000 : 60_000,
};
const budgets = {
  setupP95Ms: 8,
  audioP99Ms: 0.5,
  cpuPerCallMinute: 0.2,
  lossPct: 0.1,
};

// Everything runs on 127.0.0.1 in a namespace of its own (as the tests do): nothing leaves
// the machine, and the capture on lo holds only our traffic.
if (!process.argv.includes('--in-namespace')) {
  // The callers' Go binary, built (and its Debian packages installed) now: inside the
  // namespace apt has no network, and there it is a cache hit.
  try {
    providePionCallers();
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    process.stderr.write(`[bench:call] ${(error as Error).message}: ${cause?.message}\n`);
    process.exit(1);
  }
  // The peer's Debian packages, installed now: inside the namespace apt has no network.
  if (withPeer) {
    const install = spawnSync('bash', ['infra/system-packages.sh', 'bench'], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      stdio: 'inherit',
    });
    if (install.status !== 0) {
      process.stderr.write(
        '[bench:call] --peer: infra/system-packages.sh bench could not install kamailio-websocket-modules and rtpengine-daemon\n',
      );
      process.exit(1);
    }
  }
}
reExecInPrivateNamespace(import.meta.url);

const { workDir, processes, problems, log, failed, finish } = startBenchRun('bench:call');
const metric = (line: MetricLine) => printMetric(line, quick ? { quick: true } : {});
// The agents (baresip, the stack's) send a 1000 Hz tone: every caller checks it hears it.
const callers = startPionCallers({ binary: providePionCallers(), listenHz: 1000 });

try {
  log(`starting the stack in ${workDir}`);
  const bench = await startBenchStack({
    processes,
    workDir,
    concurrentCalls: Math.max(settings.concurrentCalls, ...(stepUp ? stepCounts : [])),
  });
  const { stack } = bench;
  const gateway: SignallingTarget = {
    kind: 'gateway',
    apiUrl: stack.apiUrl,
    gatewayUrl: stack.gatewayUrl,
  };
  const callOptions = { target: gateway, intent: bench.intents[0]! };

  await placeCallsInRow({ ...callOptions, count: settings.warmUpCalls, talkMs: 500 });
  log(`${settings.measuredCalls} calls in a row under tcpdump`);
  const capture = await startLoopbackCapture(join(workDir, 'calls.pcap'));
  const logFrom = logSize(bench.mediaLogPath);
  const row = await placeCallsInRow({
    ...callOptions,
    count: settings.measuredCalls,
    talkMs: settings.talkMs,
  });
  await capture.stop();
  problems.push(...row.failures);

  const { calls, delays, setup, answer, ...inRow } = await rowCaptureFigures(
    capture.path,
    { gatewayHttp: bench.mediaPort, pbxSip: stack.kamailio.port },
    row.calls,
  );
  problems.push(...inRow.problems);
  const ringing = row.calls.flatMap(({ result: r }) =>
    r.timings.ringingAt ? [r.timings.ringingAt - r.timings.inviteSentAt] : [],
  );
  const answered = row.calls.flatMap(({ result: r }) =>
    r.timings.answeredAt ? [r.timings.answeredAt - r.timings.inviteSentAt] : [],
  );

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
  // Which step the set-up spent, as the gateway timed it (extra: the capture's figure is the
  // measurement; these say where to look).
  const split = readSetUpSplit(bench.mediaLogPath, logFrom);
  for (const [step, values] of Object.entries(split))
    metric({
      metric: `setup_${step.replace(/Ms$/, '')}_ms_p95`,
      value: percentile(values, 95),
      unit: 'ms',
      calls: values.length,
      p50: percentile(values, 50),
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
  metric({
    metric: 'answer_added_ms_p50',
    value: percentile(answer, 50),
    unit: 'ms',
    calls: answer.length,
    note: 'PBX 200 in -> 200 out to the browser (extra)',
  });
  rmSync(capture.path, { force: true });

  // Order: gateway in a row, peer in a row, peer under load, gateway under load, so that
  // neither always runs on the warmer (or the busier) machine; never both at once (2 cores).
  let peer: PeerFigures | undefined;
  if (withPeer)
    peer = await measureRtpenginePeer({
      processes,
      workDir: join(workDir, 'peer'),
      pbx: {
        host: stack.kamailio.host,
        port: stack.kamailio.port,
        queueUri: (intent) => stack.kamailio.queueUri(intent),
      },
      intents: bench.intents,
      settings,
      metric,
      log,
      problems,
      callers,
    });

  log(`${settings.concurrentCalls} concurrent calls held ${settings.holdMs / 1000} s`);
  const gatewayLoad = {
    target: gateway,
    intents: bench.intents,
    rampMs: settings.rampMs,
    holdMs: settings.holdMs,
    cpu: gatewayCpuMeter(bench.mediaPid),
    callers,
  };
  const load = await holdConcurrentCalls({ ...gatewayLoad, count: settings.concurrentCalls });
  problems.push(...load.failures);
  const figures = loadFigures(load);
  const { lossPct, packetsExpected: expected, packetsReceived: received } = figures;
  const cpu = figures.cpuPerCallMinute;
  const honest = {
    calls_requested: settings.concurrentCalls,
    calls_held: load.heldCalls,
    held_s: load.heldSeconds,
    caller_loop_delay_p99_ms: load.callerLoopDelayP99Ms,
    caller_send_rate_pct: figures.callerSendRatePct,
  };
  if (load.heldCalls < settings.concurrentCalls)
    problems.push(`only ${load.heldCalls} of ${settings.concurrentCalls} calls were up at once`);
  if (!Number.isFinite(cpu) || !Number.isFinite(lossPct)) problems.push('no load figures');
  metric({
    metric: 'cpu_s_per_call_minute_50',
    value: cpu,
    unit: 's',
    ...honest,
    gateway_cpu_s: load.cpuSeconds,
    node_process_cpu_s: load.cpuSecondsByPart.node,
    mediasoup_worker_cpu_s: load.cpuSecondsByPart.worker,
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
    // Where packets were lost: the kernel's receive-buffer drops, by owning process.
    udp_receive_drops_in_hold: load.udpDropsInHold,
    budget: budgets.lossPct,
    within_budget: lossPct <= budgets.lossPct,
  });
  const sendRate = callerSendRateLine(load, figures);
  metric(sendRate.line);
  problems.push(...sendRate.problems);
  if (stepUp) {
    const capacity = await measureCallsPerCore({
      lossBudgetPct: budgets.lossPct,
      hold: (count) => holdConcurrentCalls({ ...gatewayLoad, count }),
      log,
    });
    metric(capacity.line);
    problems.push(...capacity.problems);
  }
  if (peer) {
    const ours = {
      cpuPerCallMinute: cpu,
      audioP99Ms: percentile(delays, 99),
      setupP95Ms: percentile(setup, 95),
    };
    for (const line of ratioLinesVsRtpengine(ours, peer)) metric(line);
  }
} catch (error) {
  failed(error);
}
await callers.close();
await finish();
