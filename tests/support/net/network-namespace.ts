// Network namespaces and veth links a test makes itself (iproute2), for rigs where services
// sit on networks of their own: a public side, an internal side. Names are unique per run
// (`ip netns` names are machine-wide), and remove() deletes them.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import {
  ProcessRegistry,
  type SpawnOptions,
  type TrackedProcess,
} from '../../../infra/rig/processes.ts';

const run = promisify(execFile);
const ip = async (...args: string[]) => (await run('ip', args)).stdout;

export interface NetworkNamespace {
  readonly name: string;
  /** Runs a command inside the namespace and resolves with its output. */
  exec(command: string, args: string[]): Promise<string>;
  /** Deletes the namespace (stop the processes in it first). Idempotent. */
  remove(): Promise<void>;
}

/**
 * The rig adds links and addresses to the test's own namespace too: refused in one with a
 * default route (the machine's own, on a real network). `npm test` runs in `unshare -n`,
 * which has none; other test files may add links of their own there meanwhile.
 */
export async function assertPrivateNetworkNamespace(): Promise<void> {
  if ((await ip('route', 'show', 'default')).trim()) {
    throw new Error(
      'this rig adds links and addresses: run it in a private network namespace, as npm test ' +
        "does (unshare -n sh -c 'ip link set lo up && exec vitest run FILE')",
    );
  }
}

/** A fresh namespace with `lo` up and IPv6 off (only the test's IPv4 addresses exist in it). */
export async function createNetworkNamespace(role: string): Promise<NetworkNamespace> {
  const name = `ctc-${role}-${process.pid}-${randomBytes(3).toString('hex')}`;
  await ip('netns', 'add', name);
  let removed = false;
  const namespace: NetworkNamespace = {
    name,
    exec: async (command, args) =>
      (await run('ip', ['netns', 'exec', name, command, ...args])).stdout,
    async remove() {
      if (removed) return;
      removed = true;
      await ip('netns', 'del', name);
    },
  };
  try {
    await ip('-n', name, 'link', 'set', 'lo', 'up');
    await namespace.exec('sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
    await namespace.exec('sysctl', ['-qw', 'net.ipv6.conf.default.disable_ipv6=1']);
    return namespace;
  } catch (error) {
    await namespace.remove();
    throw error;
  }
}

/** One end of a veth link: its namespace (unset: the test's own), interface name, address/prefix. */
export interface LinkEnd {
  namespace?: NetworkNamespace;
  iface: string;
  cidr: string;
}

/**
 * A veth pair between two namespaces, each end addressed and up; IPv4 only. Each end is made
 * in its own namespace, so no name is taken, even for a moment, in another one (the test's
 * own is shared with the other test files running meanwhile).
 */
export async function linkNamespaces(a: LinkEnd, b: LinkEnd): Promise<void> {
  const peerNamespace = b.namespace?.name ?? String(process.pid);
  await ip(
    ...inside(a),
    'link',
    'add',
    a.iface,
    'type',
    'veth',
    'peer',
    'name',
    b.iface,
    'netns',
    peerNamespace,
  );
  for (const end of [a, b]) {
    if (!end.namespace) await run('sysctl', ['-qw', `net.ipv6.conf.${end.iface}.disable_ipv6=1`]);
    await ip(...inside(end), 'addr', 'add', end.cidr, 'dev', end.iface);
    await ip(...inside(end), 'link', 'set', end.iface, 'up');
  }
}

/** `ip` options that make it act inside the end's namespace (none: the test's own). */
const inside = (end: LinkEnd) => (end.namespace ? ['-n', end.namespace.name] : []);

/**
 * A ProcessRegistry whose processes run inside `namespace` (`ip netns exec` execs, so the
 * tracked pid is the program's own and stopping its group stops it). Callers stop it with
 * stopAll() before removing the namespace.
 */
export class NamespacedProcesses extends ProcessRegistry {
  readonly namespace: NetworkNamespace;

  constructor(logDir: string, namespace: NetworkNamespace) {
    super(logDir);
    this.namespace = namespace;
  }

  override spawn(options: Omit<SpawnOptions, 'logDir'>): TrackedProcess {
    return super.spawn({
      ...options,
      command: 'ip',
      args: ['netns', 'exec', this.namespace.name, options.command, ...options.args],
    });
  }
}
