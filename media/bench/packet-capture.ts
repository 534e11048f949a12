import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

/** tcpdump on the loopback, writing a pcap file until stopped. */
export interface PacketCapture {
  readonly path: string;
  stop(): Promise<void>;
}

/**
 * Starts `tcpdump -i lo` and resolves once it is capturing (it says so on stderr). Packets are
 * written unbuffered (-U) so nothing is lost when it is stopped right after the last call.
 */
export async function startLoopbackCapture(
  path: string,
  filter = 'udp or tcp',
): Promise<PacketCapture> {
  const child: ChildProcess = spawn(
    'tcpdump',
    ['-i', 'lo', '-n', '-U', '-B', '8192', '-w', path, filter],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start: ${stderr}`)), 5000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`tcpdump could not run (apt-get install tcpdump): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tcpdump exited with ${code}: ${stderr}`));
    });
  });
  return {
    path,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      if (/(\d+) packets? dropped by kernel/.exec(stderr)?.[1] !== '0')
        process.stderr.write(`[bench] tcpdump: ${stderr.trim()}\n`);
      if (!existsSync(path) || statSync(path).size === 0) throw new Error('tcpdump wrote nothing');
    },
  };
}
