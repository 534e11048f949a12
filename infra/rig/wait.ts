import { connect } from 'node:net';
import { LOOPBACK } from './ports.ts';

export class RigTimeoutError extends Error {
  readonly code = 'RIG_TIMEOUT';
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Says what was awaited, for the timeout message. */
  what: string;
  /** Stop early with this error when it returns a message (e.g. the process died). */
  abort?: () => string | undefined;
}

/** Polls `check` until it returns something other than undefined/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    const aborted = options.abort?.();
    if (aborted) throw new Error(`${options.what}: ${aborted}`);
    if (Date.now() > deadline)
      throw new RigTimeoutError(
        `timed out after ${options.timeoutMs} ms waiting for ${options.what}`,
      );
    await sleep(options.intervalMs ?? 50);
  }
}

/** True when a TCP connection to 127.0.0.1:port is accepted. */
export function tcpConnects(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
