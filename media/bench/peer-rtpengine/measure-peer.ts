import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessRegistry } from '../../../infra/rig/processes.ts';
import { percentile, type MetricLine } from '../bench-stats.ts';
import type { SignallingTarget } from '../call-target.ts';
import { callerSendRateLine } from '../caller-figures.ts';
import { holdConcurrentCalls, type LoadCallers } from '../concurrent-calls.ts';
import { loadFigures } from '../load-figures.ts';
import { startLoopbackCapture } from '../packet-capture.ts';
import { placeCallsInRow } from '../sequential-calls.ts';
import { rowCaptureFigures } from '../row-capture-figures.ts';
import { startRtpenginePeer } from './start-peer.ts';

export interface PeerSettings {
  warmUpCalls: number;
  measuredCalls: number;
  talkMs: number;
  concurrentCalls: number;
  rampMs: number;
  holdMs: number;
}

/** The peer's figures the bench divides ours by. */
export interface PeerFigures {
  audioP99Ms: number;
  setupP95Ms: number;
  cpuPerCallMinute: number;
}

/**
 * kamailio + rtpengine measured exactly as the gateway is (call-bench.ts): the same callers,
 * calls in a row under tcpdump (setup and audio delay added, from the capture), then
 * concurrent calls held (CPU of rtpengine's and kamailio's process trees, loss at the
 * callers), to the same agents behind the same PBX. Prints the peer's lines
 * (`rtpengine_*`, `peer: "rtpengine"`); the peer is stopped before this returns.
 */
export async function measureRtpenginePeer(options: {
  processes: ProcessRegistry;
  workDir: string;
  /** The bench's PBX (the stack's kamailio) and the URI of each agent's queue on it. */
  pbx: { host: string; port: number; queueUri: (intent: string) => string };
  intents: string[];
  settings: PeerSettings;
  metric: (line: MetricLine) => void;
  log: (message: string) => void;
  problems: string[];
  /** The same callers as the gateway's load (pion). */
  callers: LoadCallers;
}): Promise<PeerFigures> {
  const { settings, problems } = options;
  const metric = (line: MetricLine) => options.metric({ ...line, peer: 'rtpengine' });
  options.log('starting the peer: rtpengine (userspace) + kamailio (websocket)');
  const peer = await startRtpenginePeer({
    processes: options.processes,
    workDir: options.workDir,
    pbx: options.pbx,
  });
  try {
    const target: SignallingTarget = {
      kind: 'peer',
      url: peer.url,
      queueUri: options.pbx.queueUri,
    };
    const intent = options.intents[0]!;
    const warmUp = await placeCallsInRow({
      target,
      intent,
      count: settings.warmUpCalls,
      talkMs: 500,
    });
    problems.push(...warmUp.failures.map((failure) => `peer warm-up ${failure}`));
    options.log(`peer: ${settings.measuredCalls} calls in a row under tcpdump`);
    const capture = await startLoopbackCapture(join(options.workDir, 'peer-calls.pcap'));
    const row = await placeCallsInRow({
      target,
      intent,
      count: settings.measuredCalls,
      talkMs: settings.talkMs,
    });
    await capture.stop();
    problems.push(...row.failures.map((failure) => `peer ${failure}`));
    const { calls, delays, setup, answer, ...inRow } = await rowCaptureFigures(
      capture.path,
      { gatewayHttp: peer.wsPort, pbxSip: options.pbx.port },
      row.calls,
    );
    problems.push(...inRow.problems.map((problem) => `peer: ${problem}`));
    for (const p of [50, 95])
      metric({
        metric: `rtpengine_setup_added_ms_p${p}`,
        value: percentile(setup, p),
        unit: 'ms',
        calls,
      });
    for (const p of [50, 99])
      metric({
        metric: `rtpengine_audio_added_delay_ms_p${p}`,
        value: percentile(delays, p),
        unit: 'ms',
        packets: delays.length,
        direction: 'browser_to_pbx',
      });
    metric({
      metric: 'rtpengine_answer_added_ms_p50',
      value: percentile(answer, 50),
      unit: 'ms',
      calls: answer.length,
      note: 'PBX 200 in -> 200 out to the browser (extra)',
    });
    rmSync(capture.path, { force: true });

    options.log(
      `peer: ${settings.concurrentCalls} concurrent calls held ${settings.holdMs / 1000} s`,
    );
    const load = await holdConcurrentCalls({
      target,
      intents: options.intents,
      count: settings.concurrentCalls,
      rampMs: settings.rampMs,
      holdMs: settings.holdMs,
      cpu: peer.cpuSeconds,
      callers: options.callers,
    });
    problems.push(...load.failures.map((failure) => `peer ${failure}`));
    if (load.heldCalls < settings.concurrentCalls)
      problems.push(`peer: only ${load.heldCalls} of ${settings.concurrentCalls} calls up at once`);
    const figures = loadFigures(load);
    if (!Number.isFinite(figures.cpuPerCallMinute) || !Number.isFinite(figures.lossPct))
      problems.push('peer: no load figures');
    const honest = {
      calls_requested: settings.concurrentCalls,
      calls_held: load.heldCalls,
      held_s: load.heldSeconds,
      caller_loop_delay_p99_ms: load.callerLoopDelayP99Ms,
      caller_packets_sent: figures.callerPacketsSent,
      caller_send_rate_pct: figures.callerSendRatePct,
    };
    metric({
      metric: 'rtpengine_cpu_s_per_call_minute_50',
      value: figures.cpuPerCallMinute,
      unit: 's',
      ...honest,
      peer_cpu_s: load.cpuSeconds,
      rtpengine_cpu_s: load.cpuSecondsByPart.rtpengine,
      kamailio_cpu_s: load.cpuSecondsByPart.kamailio,
      peer_idle_cores: load.idleCores,
      cpu_cores_peak: Math.max(...load.cpuSamples),
    });
    metric({
      metric: 'rtpengine_packet_loss_pct_50',
      value: figures.lossPct,
      unit: '%',
      ...honest,
      direction: 'agent_to_caller (RFC 3550 expected vs received at the callers)',
      packets_expected: figures.packetsExpected,
      packets_received: figures.packetsReceived,
    });
    const sendRate = callerSendRateLine(load, figures);
    metric({ ...sendRate.line, metric: 'rtpengine_caller_send_rate_pct' });
    problems.push(...sendRate.problems.map((problem) => `peer ${problem}`));
    return {
      audioP99Ms: percentile(delays, 99),
      setupP95Ms: percentile(setup, 95),
      cpuPerCallMinute: figures.cpuPerCallMinute,
    };
  } finally {
    await peer.stop();
  }
}
