// Debian's nginx running the reference configuration (infra/deploy/nginx/), rendered by its
// own renderer into a folder laid out like /etc/nginx, under a main file that keeps Debian's
// http-level defaults that matter here (TLS 1.0 and 1.1 allowed, server cipher order), so the
// tests show the rendered servers override them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NginxParams } from '../deploy/nginx/nginx-params.ts';
import { writeNginxConfig } from '../deploy/nginx/render.ts';
import type { ProcessRegistry, TrackedProcess } from './processes.ts';
import { tcpConnects, waitFor } from './wait.ts';

const NGINX_BIN = '/usr/sbin/nginx';

export interface NginxOptions {
  processes: ProcessRegistry;
  /** nginx's prefix: its configuration (conf/), logs and temporary files go here. */
  workDir: string;
  params: NginxParams;
}

export interface RigNginx {
  readonly process: TrackedProcess;
  /** The access log: one line per request, with the client address nginx saw. */
  readonly accessLog: string;
}

const mainConf = (workDir: string) => `# Written by infra/rig/nginx.ts.
daemon off;
pid ${join(workDir, 'nginx.pid')};
error_log stderr notice;
events {
    worker_connections 1024;
}
http {
    # As Debian's /etc/nginx/nginx.conf has them.
    include /etc/nginx/mime.types;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    gzip on;
    access_log ${join(workDir, 'access.log')};
    client_body_temp_path ${join(workDir, 'tmp/body')};
    proxy_temp_path ${join(workDir, 'tmp/proxy')};
    fastcgi_temp_path ${join(workDir, 'tmp/fastcgi')};
    uwsgi_temp_path ${join(workDir, 'tmp/uwsgi')};
    scgi_temp_path ${join(workDir, 'tmp/scgi')};
    include conf.d/*.conf;
}
`;

/** The host and port of a `listen` value (a bare port listens on every address). */
function listenAddress(listen: string): { host: string; port: number } {
  const match = /^(?:\[?([^\]]*?)\]?:)?(\d+)$/.exec(listen);
  if (!match) throw new Error(`cannot read listen value ${listen}`);
  return { host: match[1] || '127.0.0.1', port: Number(match[2]) };
}

/** Renders the configuration, checks it with `nginx -t`, starts nginx and waits for HTTPS. */
export async function startNginx(options: NginxOptions): Promise<RigNginx> {
  if (!existsSync(NGINX_BIN)) {
    throw new Error(`${NGINX_BIN} not found: apt-get install -y nginx (infra/system-packages.sh)`);
  }
  const { workDir } = options;
  const confDir = join(workDir, 'conf');
  await writeNginxConfig(options.params, confDir);
  await mkdir(join(workDir, 'tmp'), { recursive: true });
  const confFile = join(confDir, 'nginx.conf');
  await writeFile(confFile, mainConf(workDir));
  const args = ['-p', workDir, '-c', confFile];
  const checked = spawnSync(NGINX_BIN, ['-t', ...args], { encoding: 'utf8' });
  if (checked.status !== 0)
    throw new Error(`nginx -t refused the configuration:\n${checked.stderr}`);

  const proc = options.processes.spawn({ name: 'nginx', command: NGINX_BIN, args });
  const https = listenAddress(options.params.httpsListen);
  await waitFor(() => tcpConnects(https.port, https.host), {
    timeoutMs: 10_000,
    what: `nginx on ${options.params.httpsListen}`,
    abort: () => (proc.hasExited() ? `nginx exited, see ${proc.logPath}` : undefined),
  });
  return { process: proc, accessLog: join(workDir, 'access.log') };
}
