import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, LOOPBACK } from './ports.ts';
import { stopProcess } from './processes.ts';
import type { ProcessRegistry, TrackedProcess } from './processes.ts';
import { sipOptionsPing } from './sip-ping.ts';
import { tcpConnects, waitFor } from './wait.ts';

const TEMPLATE = fileURLToPath(new URL('./kamailio.cfg', import.meta.url));
const KAMAILIO_BIN = '/usr/sbin/kamailio';

export type SipTransport = 'udp' | 'tcp';

export interface KamailioOptions {
  processes: ProcessRegistry;
  /** Where the generated config goes. */
  workDir: string;
  /** A free UDP+TCP port is picked when omitted. */
  port?: number;
  /**
   * The one address kamailio listens on and names in its headers: 127.0.0.1 unless a test
   * puts the PBX on a network of its own (an address of this network namespace).
   */
  host?: string;
  /**
   * Also listen on TLS with this certificate (a test CA's, made at run time), and refuse a
   * queue call that does not come over TLS: a contact center requiring TLS of the gateway.
   */
  tls?: { certFile: string; keyFile: string };
  /** A test's own additions to the generated config (e.g. digest authentication). */
  editConfig?: (config: string) => string;
  readyTimeoutMs?: number;
}

/** An SDP body kamailio saw in a reply it relayed (logged by the LOG_SDP reply route). */
export interface RelayedSdp {
  callId: string;
  status: number;
  sdp: string;
}

export interface Kamailio {
  readonly host: string;
  readonly port: number;
  /** The TLS port, with the `tls` option. */
  readonly tlsPort: number | undefined;
  readonly process: TrackedProcess;
  /** `sip:queue-NAME@HOST:PORT`, routed to the contacts registered as agent-NAME. */
  queueUri(name: string, transport?: SipTransport | 'tls'): string;
  /** SDP bodies of the replies relayed so far for `callId`, in log order. */
  relayedSdp(callId: string): Promise<RelayedSdp[]>;
  /** The SDP answer of the 2xx that set up `callId`, waiting for it to be logged. */
  waitForSdpAnswer(callId: string, timeoutMs?: number): Promise<RelayedSdp>;
  stop(): Promise<void>;
}

/** Debian's kamailio-tls-modules puts tls.so beside the other modules, per architecture. */
function hasTlsModule(): boolean {
  return readdirSync('/usr/lib').some((dir) =>
    existsSync(join('/usr/lib', dir, 'kamailio/modules/tls.so')),
  );
}

const SDP_LINE = /rig-sdp ci=(\S*) st=(\d{3}) b=(\S*)/g;

function parseSdpLog(log: string): RelayedSdp[] {
  const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
  return [...log.matchAll(SDP_LINE)].map((m) => ({
    callId: decode(m[1] ?? ''),
    status: Number(m[2]),
    sdp: decode(m[3] ?? ''),
  }));
}

/**
 * Starts kamailio as the queue's proxy/registrar on <host>:<port> (UDP and TCP) and
 * resolves once it answers a SIP OPTIONS on UDP and accepts TCP connections.
 */
export async function startKamailio(options: KamailioOptions): Promise<Kamailio> {
  if (!existsSync(KAMAILIO_BIN)) {
    throw new Error(
      `${KAMAILIO_BIN} not found: apt-get install -y --no-install-recommends kamailio`,
    );
  }
  if (options.tls && !hasTlsModule()) {
    throw new Error(
      "kamailio's tls module is missing: apt-get install -y --no-install-recommends kamailio-tls-modules",
    );
  }
  const port = options.port ?? (await freePort({ udp: true }));
  const host = options.host ?? LOOPBACK;
  const cfgPath = join(options.workDir, 'kamailio.cfg');
  const tlsCfgPath = join(options.workDir, 'tls.cfg');
  const tlsPort = options.tls ? await freePort() : undefined;
  const template = await readFile(TEMPLATE, 'utf8');
  const edit = options.editConfig ?? ((config: string) => config);
  await writeFile(
    cfgPath,
    edit(template)
      .replaceAll('@@PORT@@', String(port))
      .replaceAll('@@HOST@@', host)
      .replaceAll('@@TLS_PORT@@', String(tlsPort ?? 0))
      .replaceAll('@@TLS_CFG@@', tlsCfgPath),
  );
  if (options.tls) {
    // The tls module's own file: our certificate; clients (the gateway) present none.
    await writeFile(
      tlsCfgPath,
      [
        '[server:default]',
        'method = TLSv1.2+',
        'verify_certificate = no',
        'require_certificate = no',
        `certificate = ${options.tls.certFile}`,
        `private_key = ${options.tls.keyFile}`,
        '',
      ].join('\n'),
    );
  }

  const withTls = options.tls ? ['-A', 'WITH_TLS'] : [];
  // -DD: stay in the foreground with workers forked; -E: log to stderr (our log file).
  const proc = options.processes.spawn({
    name: 'kamailio',
    command: KAMAILIO_BIN,
    // -A WITH_TLS: the #!ifdef WITH_TLS parts of kamailio.cfg.
    args: ['-f', cfgPath, '-DD', '-E', '-m', '64', '-M', '8', ...withTls],
    cwd: options.workDir,
  });
  const died = () =>
    proc.hasExited() ? `kamailio exited during start-up, see ${proc.logPath}` : undefined;
  await waitFor(
    async () =>
      (await sipOptionsPing(port, host)) === 200 &&
      (await tcpConnects(port, host)) &&
      (tlsPort === undefined || (await tcpConnects(tlsPort, host))),
    {
      timeoutMs: options.readyTimeoutMs ?? 10_000,
      what: `kamailio on ${host}:${port}`,
      abort: died,
    },
  );

  const relayedSdp = async (callId: string) =>
    parseSdpLog(await readFile(proc.logPath, 'utf8')).filter((entry) => entry.callId === callId);

  return {
    host,
    port,
    tlsPort,
    process: proc,
    queueUri: (name, transport) =>
      transport === 'tls'
        ? `sip:queue-${name}@${host}:${tlsPort};transport=tls`
        : `sip:queue-${name}@${host}:${port}${transport === 'tcp' ? ';transport=tcp' : ''}`,
    relayedSdp,
    waitForSdpAnswer: (callId, timeoutMs = 5_000) =>
      waitFor(
        async () =>
          (await relayedSdp(callId)).find((entry) => entry.status >= 200 && entry.status < 300),
        {
          timeoutMs,
          what: `kamailio to relay a 2xx with SDP for Call-ID ${callId}`,
        },
      ),
    stop: async () => {
      await stopProcess(proc);
    },
  };
}
