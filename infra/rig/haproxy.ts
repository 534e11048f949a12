// Debian's HAProxy as a layer-4 (TCP) load balancer in front of the services, as a contact
// center may run one: round robin over the backends, and optionally HAProxy's PROXY protocol
// (v1 text or v2 binary) so the services learn each client's address.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessRegistry, TrackedProcess } from './processes.ts';
import { LOOPBACK } from './ports.ts';
import { tcpConnects, waitFor } from './wait.ts';

const HAPROXY_BIN = '/usr/sbin/haproxy';

export interface HaproxyFrontend {
  /** A name of letters and dashes, for the configuration and the logs. */
  name: string;
  /** The port it listens on, on 127.0.0.1. */
  port: number;
  /** The backends' `host:port`, balanced round robin. */
  servers: string[];
  /** Send the PROXY protocol header to the backends (`send-proxy` / `send-proxy-v2`). */
  sendProxy?: 'v1' | 'v2';
  /**
   * HTTP mode: each request balanced on its own (not each connection), X-Forwarded-For
   * added, and a backend whose `readiness` path does not answer 200 taken out of rotation
   * within a second (a draining service), put back once it answers again.
   */
  http?: { readiness: string };
}

export interface HaproxyOptions {
  processes: ProcessRegistry;
  workDir: string;
  frontends: HaproxyFrontend[];
}

function haproxyConfig(frontends: HaproxyFrontend[]): string {
  const sections = frontends.map((frontend) => {
    const option = frontend.sendProxy
      ? { v1: ' send-proxy', v2: ' send-proxy-v2' }[frontend.sendProxy]
      : '';
    const check = frontend.http ? ' check inter 250 fall 2 rise 1' : '';
    const servers = frontend.servers.map(
      (server, index) => `    server ${frontend.name}-${index} ${server}${option}${check}`,
    );
    const mode = frontend.http ? ['    mode http'] : [];
    return [
      `frontend ${frontend.name}`,
      ...mode,
      `    bind ${LOOPBACK}:${frontend.port}`,
      `    default_backend ${frontend.name}`,
      `backend ${frontend.name}`,
      ...mode,
      '    balance roundrobin',
      ...(frontend.http
        ? [
            '    option forwardfor',
            `    option httpchk GET ${frontend.http.readiness}`,
            '    http-check expect status 200',
          ]
        : []),
      ...servers,
    ].join('\n');
  });
  return `# Written by infra/rig/haproxy.ts.
global
    maxconn 2000
defaults
    mode tcp
    timeout connect 5s
    timeout client 1h
    timeout server 1h
    timeout http-request 10s
${sections.join('\n')}
`;
}

/** Writes the configuration, checks it (`haproxy -c`), starts HAProxy and waits for its ports. */
export async function startHaproxy(options: HaproxyOptions): Promise<{ process: TrackedProcess }> {
  if (!existsSync(HAPROXY_BIN)) {
    throw new Error(
      `${HAPROXY_BIN} not found: apt-get install -y haproxy (infra/system-packages.sh)`,
    );
  }
  const confFile = join(options.workDir, 'haproxy.cfg');
  await writeFile(confFile, haproxyConfig(options.frontends));
  const checked = spawnSync(HAPROXY_BIN, ['-c', '-q', '-f', confFile], { encoding: 'utf8' });
  if (checked.status !== 0)
    throw new Error(`haproxy -c refused the configuration:\n${checked.stderr}${checked.stdout}`);
  // -db: stay in the foreground, so the rig tracks (and stops) the process itself.
  const proc = options.processes.spawn({
    name: 'haproxy',
    command: HAPROXY_BIN,
    args: ['-db', '-f', confFile],
  });
  for (const frontend of options.frontends) {
    await waitFor(() => tcpConnects(frontend.port), {
      timeoutMs: 10_000,
      what: `haproxy frontend ${frontend.name} on ${frontend.port}`,
      abort: () => (proc.hasExited() ? `haproxy exited, see ${proc.logPath}` : undefined),
    });
  }
  return { process: proc };
}
