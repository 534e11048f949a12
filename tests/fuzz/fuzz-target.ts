import type fc from 'fast-check';
import { timeGiven } from './time-given.ts';

/**
 * One external input of the product, fuzzed through its real entry point. The same target
 * serves the short seeded run inside `npm test` and the long one of `npm run fuzz`.
 */
export interface FuzzTarget {
  /** Stable label for the metrics lines (`"target":"sip-websocket"`). */
  readonly name: string;
  /**
   * Sessions the long run feeds side by side: more than one for a target that waits on the
   * network (a connection, a retransmission) rather than on the CPU.
   */
  readonly lanes?: number;
  /**
   * How long the product may rightly hold what the last inputs left once the session closed
   * (a SIP transaction lives up to 64·T1 = 32 s after its last message): the long run reads
   * memory after it.
   */
  readonly lingerMs?: number;
  /** Starts what the input reaches (a server, an app); one session serves every run. */
  start(): Promise<FuzzSession>;
}

export interface FuzzSession {
  /**
   * One run feeds one or more inputs and checks what came back; it throws (a `FuzzHang` when
   * nothing came back in time) when the product misbehaved.
   */
  readonly property: fc.IRawProperty<unknown>;
  /** Inputs fed so far, shrinking included. */
  readonly inputs: number;
  /** After the runs: a well-formed input is still served as it should be. Throws if not. */
  stillServes(): Promise<void>;
  close(): Promise<void>;
}

/** No answer, or no return, within the bound: what `fuzz_hangs` counts. */
export class FuzzHang extends Error {
  readonly code = 'fuzz_hang';
  override readonly name = 'FuzzHang';
}

/** The product answered, but wrongly (a 5xx, a malformed or missing answer, a crash). */
export class FuzzViolation extends Error {
  readonly code = 'fuzz_violation';
  override readonly name = 'FuzzViolation';
}

/** Fails the run with a violation unless `condition` holds. */
export function check(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new FuzzViolation(message());
}

/**
 * `promise`, or a `FuzzHang` naming `what` once `ms` of time given to this process passed
 * without it settling (time-given.ts: the wall clock less the time spent waiting for a core),
 * or 30 times `ms` on the wall clock, whichever comes first.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const given = timeGiven();
  const wallDeadline = performance.now() + 30 * ms;
  const hang = new Promise<never>((_resolve, reject) => {
    const wake = () => {
      const left = ms - given();
      if (left <= 0 || performance.now() >= wallDeadline)
        reject(new FuzzHang(`${what}: nothing within ${ms} ms`));
      else timer = setTimeout(wake, left);
    };
    timer = setTimeout(wake, ms);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Times a synchronous entry point: it cannot be interrupted, but one that spent more than
 * `ms` of CPU on an input is reported as a hang (a regular expression gone quadratic, a loop).
 * CPU time, not the clock's: on a busy machine the process may wait seconds for a core.
 */
export function timed<T>(ms: number, what: string, call: () => T): T {
  const started = process.cpuUsage();
  const result = call();
  const spent = process.cpuUsage(started);
  const took = (spent.user + spent.system) / 1000;
  if (took > ms) throw new FuzzHang(`${what}: took ${Math.round(took)} ms of CPU (bound ${ms} ms)`);
  return result;
}

/**
 * Errors that escaped the product into the process (an exception thrown from a socket
 * listener, a promise rejected with nobody listening): each would have ended the service.
 * A target's property calls `rethrow()` after each input so the input that caused one fails.
 */
export function watchEscapedErrors() {
  const escaped: unknown[] = [];
  const keep = (error: unknown) => void escaped.push(error);
  process.on('uncaughtException', keep);
  process.on('unhandledRejection', keep);
  return {
    rethrow() {
      const error = escaped.shift();
      // With its stack: the run that reports it may not be the one that caused it (lanes).
      if (error !== undefined)
        throw new FuzzViolation(
          `an error escaped to the process: ${error instanceof Error ? (error.stack ?? String(error)) : String(error)}`,
        );
    },
    stop() {
      process.off('uncaughtException', keep);
      process.off('unhandledRejection', keep);
    },
  };
}
