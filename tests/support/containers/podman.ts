// Podman as the deployment tests drive it: as root, with the project's containers.conf (runc,
// ulimits), from inside the suite's private network namespace. Containers, pods and bridges
// then live in that namespace too; only image builds reach out, for Debian's archive and the
// npm registry, through the host's namespace (CTC_BUILD_NETNS).
import { execFile, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../../infra/rig/run-dir.ts';

const run = promisify(execFile);

const containersConf = join(REPO_ROOT, 'infra/deploy/containers/containers.conf');
/** The environment every podman and podman-compose command of the tests runs with. */
export const podmanEnv: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: containersConf };

/** Runs podman; its stdout, or an error carrying its stderr. */
export async function podman(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('podman', args, { env: podmanEnv, maxBuffer: 16 << 20 });
    return stdout;
  } catch (error) {
    const failed = error as { stderr?: string; code?: number };
    throw new Error(`podman ${args.join(' ')} failed (${failed.code}): ${failed.stderr}`, {
      cause: error,
    });
  }
}

/** A container's output, stdout and stderr, or why there is none. */
export async function containerLogs(container: string): Promise<string> {
  try {
    const { stdout, stderr } = await run('podman', ['logs', container], {
      env: podmanEnv,
      maxBuffer: 16 << 20,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    return `no logs of ${container}: ${String(error)}`;
  }
}

/**
 * The network namespace the suite was started from, when this process runs in another one
 * (the suite's private namespace holds only lo): image builds download through it. It is the
 * first ancestor process in another namespace (`npm test` itself); undefined when none is.
 */
function outerNetnsForDownloads(): string | undefined {
  const own = readlinkSync('/proc/self/ns/net');
  for (let pid = process.ppid; pid > 1;) {
    const path = `/proc/${pid}/ns/net`;
    if (readlinkSync(path) !== own) return path;
    pid = Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  }
  return undefined;
}

export interface BuiltImages {
  /** The tag every image carries: the commit, or `<commit>-dirty-<hash>`. */
  tag: string;
  /** Image names by service: api, gateway, postgres, nginx, coturn. */
  images: Record<string, string>;
  /** How long build-images.sh took (5 to 12 s when every image existed). */
  seconds: number;
}

/**
 * Builds the images from the repository with the operator's script (skipped for each image
 * whose tag exists), its progress going to `logFile`.
 */
export async function buildImages(logFile: string): Promise<BuiltImages> {
  const started = Date.now();
  const netns = outerNetnsForDownloads();
  const child = spawn('bash', ['infra/deploy/containers/build-images.sh'], {
    cwd: REPO_ROOT,
    env: { ...podmanEnv, ...(netns ? { CTC_BUILD_NETNS: netns } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr.pipe(log);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`build-images.sh exited with ${code}: see ${logFile}`);
  const images = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const tag = images.api?.split(':').pop();
  if (!tag) throw new Error(`build-images.sh named no api image: ${stdout}`);
  return { tag, images, seconds: Math.round((Date.now() - started) / 1000) };
}

/** Every container, pod, volume, network and secret podman has, as `kind name`. */
export async function podmanObjects(): Promise<string[]> {
  const kinds: [string, string[]][] = [
    ['container', ['ps', '--all', '--format', '{{.Names}}']],
    ['pod', ['pod', 'ps', '--format', '{{.Name}}']],
    ['volume', ['volume', 'ls', '--format', '{{.Name}}']],
    ['network', ['network', 'ls', '--format', '{{.Name}}']],
    ['secret', ['secret', 'ls', '--format', '{{.Name}}']],
  ];
  const found = await Promise.all(
    kinds.map(async ([kind, args]) =>
      (await podman(args))
        .split('\n')
        .filter(Boolean)
        .map((name) => `${kind} ${name}`),
    ),
  );
  return found.flat();
}

/** Removes what podmanObjects() listed, containers first (they hold the rest). */
export async function removePodmanObjects(objects: string[]): Promise<void> {
  for (const object of objects) {
    const [kind, name] = object.split(' ') as [string, string];
    await podman([kind, 'rm', ...(['container', 'pod'].includes(kind) ? ['--force'] : []), name]);
  }
}

/**
 * What a test run made in podman and left: everything named with its `prefix`, and whatever
 * else appeared since `before` (a default network podman made on the side). Objects of other
 * runs of the deployment tests (`ctc-` names of other runs) are theirs.
 */
export async function podmanLeftovers(prefix: string, before: readonly string[]) {
  const existed = new Set(before);
  return (await podmanObjects()).filter((object) => {
    const name = object.split(' ')[1] ?? '';
    if (name.startsWith(prefix)) return true;
    return !existed.has(object) && !name.startsWith('ctc-');
  });
}

/**
 * Throws unless podman-compose is 1.0.6 or later: bookworm's 1.0.3 adds a bridge network to
 * host-network services, which podman refuses (infra/system-packages.sh upgrades it).
 */
export async function checkPodmanCompose(): Promise<void> {
  const { stdout } = await run('podman-compose', ['version'], { env: podmanEnv });
  const version = /podman-compose version:? ([\d.]+)/.exec(stdout)?.[1] ?? '0';
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (major * 1e6 + minor * 1e3 + patch < 1_000_006)
    throw new Error(
      `podman-compose ${version} is too old: 1.0.6 or later is needed ` +
        '(apt-get install -t bookworm-backports podman-compose)',
    );
}
