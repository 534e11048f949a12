import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type {
  ConnectionTestAnswer,
  ConnectionTestOffer,
} from '../../../protocol/connection-test-exchange.ts';
import {
  connectionTestConnectMs,
  connectionTestProbeChannelId,
  connectionTestProbeMs,
} from '../../../protocol/connection-test-timing.ts';
import { assessConnection } from './connection-verdict.ts';
import { createProbeLog, type ProbeLog } from './probe-stats.ts';
import type { TestPhase } from './test-progress.ts';

/** Where and with what to run the test (from the API's POST /v1/connection-tests). */
export interface ConnectionTestTarget {
  testUrl: string;
  probeToken: string;
  /** STUN/TURN servers from the grant (TURN credential minted for it), as a call uses them. */
  iceServers?: RTCIceServer[];
}

export interface ProbeTiming {
  /** A probe leaves every this many ms. */
  intervalMs: number;
  /** From the channel opening to the verdict. */
  probeMs: number;
  /** Probes stop this long before the end; later echoes count as lost (too late for voice). */
  graceMs: number;
  /** ICE, DTLS and SCTP must be up within this time, or the verdict is 'failed'. */
  connectMs: number;
}

/**
 * A probe every 4 ms (Chromium's shortest timer): ~1,000 probes in the 4.2 s of sending, so
 * a loss of a few percent is measured to within about ±1.5 points (95 %); at a voice-like
 * 50 a second it would be ±3. Each probe is 16 bytes: about 200 kbit/s with headers.
 */
export const defaultProbeTiming: ProbeTiming = {
  intervalMs: 4,
  probeMs: connectionTestProbeMs,
  graceMs: 800,
  connectMs: connectionTestConnectMs,
};

/** The gateway refused to run the test (token, load): not a verdict on the network. */
export class ConnectionTestError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ConnectionTestError';
    this.status = status;
    this.code = code;
  }
}

const failed: ConnectionTest = { verdict: 'failed', lossPct: 100, rttMs: 0, jitterMs: 0 };

/**
 * The connection test on the call's real media path: a WebRTC data channel to the media
 * gateway (unordered, never retransmitted, like voice), which echoes every probe. Resolves
 * with the figures and the E-model's verdict, or `failed` when no connection could be made
 * at all; rejects with a ConnectionTestError when the gateway refuses to run it. `onPhase`
 * hears when probing starts, for the visitor's progress bar.
 */
export async function runConnectionTest(
  target: ConnectionTestTarget,
  timing: ProbeTiming = defaultProbeTiming,
  onPhase?: (phase: TestPhase) => void,
): Promise<ConnectionTest> {
  const pc = new RTCPeerConnection({ iceServers: target.iceServers ?? [] });
  try {
    const probe = pc.createDataChannel('probe', {
      negotiated: true,
      id: connectionTestProbeChannelId,
      ordered: false,
      maxRetransmits: 0,
    });
    probe.binaryType = 'arraybuffer';
    await pc.setLocalDescription(await pc.createOffer());
    await iceGathered(pc, timing.connectMs / 2);
    const answer = await exchangeOffer(target, pc.localDescription?.sdp ?? '', timing.connectMs);
    if (!answer) return failed;
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    const echo =
      answer.echoChannelId === connectionTestProbeChannelId
        ? probe
        : pc.createDataChannel('echo', {
            negotiated: true,
            id: answer.echoChannelId,
            ordered: false,
            maxRetransmits: 0,
          });
    echo.binaryType = 'arraybuffer';
    if (!(await opened(probe, timing.connectMs))) return failed;
    onPhase?.('probing');

    const log = await probePath(probe, echo, timing);
    const figures = log.figures();
    if (figures.answered === 0) return failed;
    const measured = {
      rttMs: round(figures.rttMs),
      jitterMs: round(figures.jitterMs),
      lossPct: round(figures.lossPct),
    };
    const transport = await selectedTransport(pc);
    return {
      verdict: assessConnection(measured).verdict,
      ...measured,
      ...(transport ? { transport } : {}),
    };
  } finally {
    // Sends DTLS close_notify: the gateway frees the test's transport at once.
    pc.close();
  }
}

/** Posts the offer; undefined when the gateway cannot be reached at all (network blocked). */
async function exchangeOffer(
  target: ConnectionTestTarget,
  sdp: string,
  timeoutMs: number,
): Promise<ConnectionTestAnswer | undefined> {
  let res: Response;
  try {
    res = await fetch(target.testUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${target.probeToken}`,
      },
      body: JSON.stringify({ sdp } satisfies ConnectionTestOffer),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return undefined;
  }
  const body = (await res.json().catch(() => ({}))) as Partial<ConnectionTestAnswer> & {
    code?: string;
    message?: string;
  };
  if (!res.ok || typeof body.sdp !== 'string' || typeof body.echoChannelId !== 'number') {
    throw new ConnectionTestError(
      res.status,
      body.code ?? 'http_error',
      body.message ?? `HTTP ${res.status}`,
    );
  }
  return { sdp: body.sdp, echoChannelId: body.echoChannelId };
}

/** Sends probes (sequence number and send time) and logs their echoes. */
async function probePath(
  probe: RTCDataChannel,
  echo: RTCDataChannel,
  timing: ProbeTiming,
): Promise<ProbeLog> {
  const log = createProbeLog();
  echo.onmessage = (event: MessageEvent<ArrayBuffer>) => {
    const arrived = performance.now();
    if (!(event.data instanceof ArrayBuffer) || event.data.byteLength !== 16) return;
    const [seq] = new Float64Array(event.data);
    if (seq !== undefined) log.echoed(seq, arrived);
  };
  const sendUntil = performance.now() + timing.probeMs - timing.graceMs;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (now >= sendUntil || probe.readyState !== 'open') {
        clearInterval(timer);
        resolve();
        return;
      }
      const seq = log.sent(now);
      probe.send(new Float64Array([seq, now]));
    }, timing.intervalMs);
  });
  await sleep(timing.graceMs);
  echo.onmessage = null;
  return log;
}

/** UDP, or TCP when only TCP got through (ICE-TCP, or TURN over TCP/TLS). */
async function selectedTransport(pc: RTCPeerConnection): Promise<'udp' | 'tcp' | undefined> {
  const stats = await pc.getStats();
  let pairId: string | undefined;
  stats.forEach((stat: { type: string; selectedCandidatePairId?: string }) => {
    if (stat.type === 'transport' && stat.selectedCandidatePairId)
      pairId = stat.selectedCandidatePairId;
  });
  const pair = pairId ? (stats.get(pairId) as { localCandidateId?: string }) : undefined;
  const local = pair?.localCandidateId
    ? (stats.get(pair.localCandidateId) as {
        candidateType?: string;
        protocol?: string;
        relayProtocol?: string;
      })
    : undefined;
  if (!local) return undefined;
  const protocol = local.candidateType === 'relay' ? local.relayProtocol : local.protocol;
  return protocol === 'udp' ? 'udp' : 'tcp';
}

function iceGathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  // The gateway is ICE lite and takes no trickled candidates: wait for them all (bounded:
  // an unreachable STUN server must not hold the test).
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(resolve, timeoutMs);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      resolve();
    });
  });
}

function opened(channel: RTCDataChannel, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (channel.readyState === 'open') return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    channel.addEventListener('open', () => {
      clearTimeout(timer);
      resolve(true);
    });
    channel.addEventListener('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number) => Math.round(value * 10) / 10;
