import { existsSync, mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, LOOPBACK } from '../../../infra/rig/ports.ts';
import {
  stopProcess,
  type ProcessRegistry,
  type TrackedProcess,
} from '../../../infra/rig/processes.ts';
import { sipOptionsPing } from '../../../infra/rig/sip-ping.ts';
import { tcpConnects, waitFor } from '../../../infra/rig/wait.ts';
import { treeCpuSeconds } from '../process-tree-cpu.ts';
import { rtpengineAnswersPing } from './rtpengine-ng-ping.ts';

const TEMPLATE = fileURLToPath(new URL('./kamailio.cfg', import.meta.url));
const RTPENGINE_BIN = '/usr/bin/rtpengine';
const KAMAILIO_BIN = '/usr/sbin/kamailio';
const WEBSOCKET_MODULE = '/usr/lib/x86_64-linux-gnu/kamailio/modules/websocket.so';
/**
 * rtpengine's media ports: apart from baresip's (10000-19999), the gateway's browser and PBX
 * ranges (20000-23000, 61000-62999), the rig's picked ports (24000-32767) and the kernel's
 * ephemeral ones (32768-60999). Four per call (RTP and RTCP on each side).
 */
const RTP_PORTS = { min: 63000, max: 64999 };

export interface RtpenginePeer {
  /** Where the callers' SIP goes: `ws://127.0.0.1:PORT` (kamailio's WebSocket). */
  readonly url: string;
  readonly wsPort: number;
  /** CPU seconds used so far by each of the peer's process trees. */
  cpuSeconds(): { rtpengine: number; kamailio: number };
  stop(): Promise<void>;
}

/**
 * The reference peer: rtpengine (userspace, `--table=-1`) and, once its ng port answers,
 * kamailio with its WebSocket transport, relaying every INVITE to `pbx` (the bench's own
 * kamailio, so the same agents answer). Both are tracked in `processes`.
 */
export async function startRtpenginePeer(options: {
  processes: ProcessRegistry;
  workDir: string;
  pbx: { host: string; port: number };
}): Promise<RtpenginePeer> {
  for (const [bin, what] of [
    [RTPENGINE_BIN, 'rtpengine-daemon'],
    [KAMAILIO_BIN, 'kamailio'],
    [WEBSOCKET_MODULE, 'kamailio-websocket-modules'],
  ] as const)
    if (!existsSync(bin))
      throw new Error(`${bin} not found: bash infra/system-packages.sh bench installs ${what}`);
  mkdirSync(options.workDir, { recursive: true });
  const [ngPort, sipPort, wsPort] = await Promise.all([
    freePort({ udp: true }),
    freePort({ udp: true }),
    freePort(),
  ]);

  const rtpengine = options.processes.spawn({
    name: 'rtpengine',
    command: RTPENGINE_BIN,
    args: [
      '--config-file=none',
      '--table=-1',
      `--interface=${LOOPBACK}`,
      `--listen-ng=${LOOPBACK}:${ngPort}`,
      `--port-min=${RTP_PORTS.min}`,
      `--port-max=${RTP_PORTS.max}`,
      '--foreground',
      '--log-stderr',
      // Notice: a few lines per call, as in the reference rig's measurements.
      '--log-level=5',
      '--timeout=60',
      '--delete-delay=0',
    ],
    cwd: options.workDir,
  });
  await waitFor(() => rtpengineAnswersPing(ngPort), {
    timeoutMs: 10_000,
    what: `rtpengine's ng port ${ngPort}`,
    abort: () => exitedMessage(rtpengine),
  });

  const cfgPath = join(options.workDir, 'kamailio.cfg');
  const template = await readFile(TEMPLATE, 'utf8');
  await writeFile(
    cfgPath,
    template
      .replaceAll('@@WS_PORT@@', String(wsPort))
      .replaceAll('@@SIP_PORT@@', String(sipPort))
      .replaceAll('@@NG_PORT@@', String(ngPort))
      .replaceAll('@@PBX@@', `${options.pbx.host}:${options.pbx.port}`),
  );
  // -DD: foreground with its workers forked; -E: log to stderr (the log file).
  const kamailio = options.processes.spawn({
    name: 'peer-kamailio',
    command: KAMAILIO_BIN,
    args: ['-f', cfgPath, '-DD', '-E', '-m', '128', '-M', '16'],
    cwd: options.workDir,
  });
  await waitFor(
    async () => (await sipOptionsPing(sipPort)) === 200 && (await tcpConnects(wsPort)),
    {
      timeoutMs: 10_000,
      what: `the peer's kamailio on udp ${sipPort} and ws ${wsPort}`,
      abort: () => exitedMessage(kamailio),
    },
  );

  return {
    url: `ws://${LOOPBACK}:${wsPort}`,
    wsPort,
    cpuSeconds: () => ({
      rtpengine: treeCpuSeconds(rtpengine.pid),
      kamailio: treeCpuSeconds(kamailio.pid),
    }),
    async stop() {
      await stopProcess(kamailio);
      await stopProcess(rtpengine);
    },
  };
}

const exitedMessage = (tracked: TrackedProcess) =>
  tracked.hasExited()
    ? `${tracked.name} exited during start-up, see ${tracked.logPath}`
    : undefined;
