import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Datagrams the kernel dropped because a socket's receive buffer was full, summed per
 * process that owns the socket (this network namespace's /proc/net/udp, `drops` column):
 * where loss happens (the gateway, the agents, the callers). Processes are named by their
 * command (`baresip`, `mediasoup-worke`), Node ones by their script (`media/src/main.ts`).
 * Counts are since each socket opened.
 */
export function udpDropsByProcess(): Record<string, number> {
  const dropsByInode = new Map<string, number>();
  for (const line of readFileSync('/proc/net/udp', 'utf8').trim().split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    dropsByInode.set(fields[9]!, Number(fields[12]));
  }
  const drops: Record<string, number> = {};
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const inodes = readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkOrEmpty(`/proc/${pid}/fd/${fd}`));
        return match && dropsByInode.has(match[1]!) ? [match[1]!] : [];
      });
      if (inodes.length === 0) continue;
      const name = processName(pid);
      for (const inode of inodes) {
        drops[name] = (drops[name] ?? 0) + dropsByInode.get(inode)!;
        dropsByInode.delete(inode); // a socket shared by parent and child counts once
      }
    } catch {
      // the process ended meanwhile, or is not ours to read
    }
  }
  return drops;
}

/** `after - before` per process (a process new since `before` counts from 0). */
export function dropsSince(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, count]) => [name, count - (before[name] ?? 0)]),
  );
}

function processName(pid: string): string {
  const command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  if (command !== 'node' && command !== 'MainThread') return command;
  const script = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    .split('\0')
    .find((arg) => arg.endsWith('.ts') || arg.endsWith('.js'));
  return script ? script.replace(/^.*\/(\w+\/\w+\/[^/]+)$/, '$1') : command;
}

function readlinkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}
