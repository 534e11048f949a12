import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  Impairment,
  RelayCommand,
  RelayRecord,
  RelayReply,
} from './impairment-relay-protocol.ts';

export interface ImpairmentRelayOptions {
  /** Where browsers send: the address the media service announces. */
  listen: { ip: string; port: number };
  /** The media service's real socket. */
  target: { ip: string; port: number };
}

export interface ImpairmentRelay {
  /** Delay and jitter from now on (`{ delayMs: 0, jitterMs: 0 }` forwards at once); the
   * record starts afresh. */
  impose(impairment: Impairment): Promise<void>;
  /** What the relay really did to each datagram since the last impose(). */
  record(): Promise<RelayRecord>;
  close(): Promise<void>;
}

const relayProcess = fileURLToPath(new URL('./impairment-relay-process.ts', import.meta.url));

/**
 * The kernel here has no netem: a userspace relay in front of the media port delays each
 * datagram by its own random amount, both ways, so ICE, DTLS and SCTP ride an impaired path
 * as they would over a real network. Loss is not the relay's job: nftables drops in the
 * namespace. The relay runs in a process of its own at real-time priority (SCHED_FIFO), so
 * that a busy machine does not make it late; and it records each datagram's real hold, so
 * that what it imposed is known even if it was.
 */
export async function startImpairmentRelay(
  options: ImpairmentRelayOptions,
): Promise<ImpairmentRelay> {
  const child: ChildProcess = spawn('chrt', ['--fifo', '50', process.execPath, relayProcess], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let ended = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = String(code ?? signal);
      resolve();
    }),
  );
  // chrt missing: the spawn fails; chrt refused real-time priority: it exits, saying why.
  const failed = new Promise<Error>((resolve) => child.once('error', resolve));
  const gone = exited.then(() => new Error(`the impairment relay exited (${ended})`));
  /** Sends a command and resolves with the relay's reply (one at a time, in order). */
  const ask = async (command: RelayCommand): Promise<RelayReply> => {
    const answer = new Promise<RelayReply>((resolve) => child.once('message', resolve));
    child.send(command);
    const first = await Promise.race([answer, failed, gone]);
    if (first instanceof Error) throw first;
    return first;
  };
  const started = await ask({ type: 'start', listen: options.listen, target: options.target });
  if (started.type === 'failed') {
    child.kill();
    throw new Error(`the impairment relay could not start: ${started.message}`);
  }
  return {
    async impose(impairment) {
      await ask({ type: 'impose', impairment });
    },
    async record() {
      const reply = await ask({ type: 'record' });
      if (reply.type !== 'record') throw new Error(`the relay answered ${reply.type}`);
      return { toward: reply.toward, back: reply.back };
    },
    async close() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
