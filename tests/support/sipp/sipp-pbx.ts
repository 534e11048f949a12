import { createSocket, type RemoteInfo } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, LOOPBACK } from '../../../infra/rig/ports.ts';
import type { ExitInfo, ProcessRegistry, TrackedProcess } from '../../../infra/rig/processes.ts';
import { stopProcess } from '../../../infra/rig/processes.ts';
import { waitFor } from '../../../infra/rig/wait.ts';
import { parseSip, type SipMessage } from '../sip/sip-responder.ts';

const scenarioDir = fileURLToPath(new URL('./scenarios/', import.meta.url));
/** Branches of the cues we inject: SIPp's answers to them stay here. */
const cueBranch = 'z9hG4bK-cue-';

/**
 * SIPp (Debian's sip-tester) playing the PBX, one scenario per call, behind a relay that is
 * the gateway's trunk address for the whole test file. The relay answers the gateway's OPTIONS
 * pings itself (SIPp in server mode takes each as a call of its own, and exits after `-m 1`),
 * so the trunk stays healthy between scenarios; everything else passes through unchanged.
 * It also keeps the wire for the test to read, and injects cues: an in-dialog INFO that a
 * scenario waits for (`<recv request="INFO">`) before its next move, so the PBX acts when the
 * test is ready, not after a guessed pause.
 */
export interface SippPbx {
  /** The trunk address the gateway is given (MEDIA_TRUNK_PORT). */
  readonly port: number;
  /**
   * Starts SIPp on `scenarios/<name>.xml` for the next call; `keys` fill its `[name]`s.
   * `calls`: how many new INVITEs the scenario takes (a transfer's INVITE is a second), 1 by
   * default; SIPp exits once that many calls went through it.
   */
  play(
    name: string,
    keys?: Record<string, string | number>,
    options?: { calls?: number },
  ): Promise<SippCall>;
  /**
   * What the PBX answers from now on: everything; only OPTIONS (its SIP stack is up, its
   * call handling hung); or nothing (down). Whatever it answers, it counts the calls offered.
   */
  answer(what: 'everything' | 'options only' | 'nothing'): void;
  /** Call-IDs of the new INVITEs that reached this address, answered or not. */
  readonly invited: ReadonlySet<string>;
  close(): Promise<void>;
}

export interface SippCall {
  /** Every SIP message of the call on the wire, in order, with who sent it. */
  readonly wire: { from: 'gateway' | 'pbx'; message: SipMessage }[];
  /**
   * Lets the scenario take its next step (it waits in `<recv request="INFO">`), in its first
   * call or in its `call`th (0-based), once the PBX answered it with a tag (a 1xx will do).
   */
  cue(call?: number): void;
  /** Requests the gateway sent with `method`, in order. */
  requests(method: string): SipMessage[];
  /**
   * The gateway's messages while this scenario ran that belong to none of its calls (the
   * relay dropped them): an INVITE here is one the scenario never expected.
   */
  readonly strays: SipMessage[];
  /** Resolves with the first message on the wire that `matches`, once it passed. */
  passed(what: string, matches: (entry: SippCall['wire'][number]) => boolean): Promise<SipMessage>;
  /** SIPp's exit, with its errors log when it failed: 0 means every step went as written. */
  finished(timeoutMs?: number): Promise<{ code: number | null; errors: string }>;
}

export async function startSippPbx(options: {
  processes: ProcessRegistry;
  workDir: string;
}): Promise<SippPbx> {
  const relay = createSocket('udp4');
  await new Promise<void>((resolve) => relay.bind(0, LOOPBACK, resolve));
  const port = relay.address().port;
  let current: { sippPort: number; call: RelayedCall } | undefined;
  let gateway: RemoteInfo | undefined;
  let running: TrackedProcess | undefined;
  let answering: 'everything' | 'options only' | 'nothing' = 'everything';
  const invited = new Set<string>();

  relay.on('message', (data, from) => {
    const text = data.toString('utf8');
    if (current && from.port === current.sippPort) {
      const message = parseSip(text, from);
      if (message.header('via')?.includes(cueBranch)) return; // SIPp's 200 to a cue
      current.call.seen('pbx', message);
      if (gateway) relay.send(data, gateway.port, gateway.address);
      return;
    }
    const message = parseSip(text, from);
    if (message.method === 'INVITE' && !/;tag=/.test(message.header('to') ?? ''))
      invited.add(message.header('call-id') ?? '');
    if (answering === 'nothing') return;
    if (answering === 'options only' && message.method !== 'OPTIONS') return;
    gateway = from;
    if (message.method === 'OPTIONS')
      return void relay.send(okTo(message), from.port, from.address);
    // Only the scenario's own call reaches it: a call a failed test left behind (its BYE
    // retransmitted, say) would otherwise end the next scenario as unexpected.
    if (!current?.call.owns(message)) return void current?.call.strays.push(message);
    current.call.seen('gateway', message);
    relay.send(data, current.sippPort, LOOPBACK);
  });

  return {
    port,
    invited,
    answer(what) {
      answering = what;
    },
    async play(name, keys = {}, { calls = 1 } = {}) {
      // A scenario a failed test left waiting: its call is over for the gateway anyway.
      if (running && !running.hasExited()) await stopProcess(running);
      const sippPort = await freePort({ udp: true });
      const send = (text: string) => relay.send(text, sippPort, LOOPBACK);
      const call = new RelayedCall(send, port, sippPort, calls);
      const keyArgs = Object.entries(keys).flatMap(([key, value]) => ['-key', key, String(value)]);
      running = options.processes.spawn({
        name: `sipp-${name}`,
        command: 'sipp',
        cwd: options.workDir,
        args: [
          ...['-sf', join(scenarioDir, `${name}.xml`)],
          ...['-i', LOOPBACK, '-p', String(sippPort), '-t', 'u1'],
          // Its calls, then exit: 0 when they went as written, 1 when a step failed.
          ...['-m', String(calls), '-nostdin', '-trace_err', '-trace_msg'],
          ...['-timeout', '90s', '-timeout_error'],
          ...keyArgs,
        ],
      });
      current = { sippPort, call };
      const sipp = running;
      // SIPp answers on its port once it is up: our own OPTIONS would be a call of its own,
      // so wait for the socket to be bound instead.
      await waitForUdpBound(sippPort, sipp);
      call.attach(sipp, options.workDir);
      return call;
    },
    async close() {
      if (running) await stopProcess(running);
      relay.close();
    },
  };
}

class RelayedCall implements SippCall {
  readonly wire: SippCall['wire'] = [];
  readonly strays: SipMessage[] = [];
  #process: TrackedProcess | undefined;
  #workDir = '';
  #cues = 0;
  readonly #send: (text: string) => void;
  readonly #relayPort: number;
  readonly #sippPort: number;

  readonly #calls: number;

  constructor(send: (text: string) => void, relayPort: number, sippPort: number, calls: number) {
    this.#send = send;
    this.#relayPort = relayPort;
    this.#sippPort = sippPort;
    this.#calls = calls;
  }

  attach(process: TrackedProcess, workDir: string): void {
    this.#process = process;
    this.#workDir = workDir;
  }

  /** The scenario's messages: its first `calls` new INVITEs, and whatever shares their Call-IDs. */
  owns(message: SipMessage): boolean {
    const callId = message.header('call-id');
    const callIds = new Set(this.requests('INVITE').map((invite) => invite.header('call-id')));
    if (callIds.has(callId)) return true;
    const isNew = message.method === 'INVITE' && !/;tag=/.test(message.header('to') ?? '');
    return isNew && callIds.size < this.#calls;
  }

  seen(from: 'gateway' | 'pbx', message: SipMessage): void {
    this.wire.push({ from, message });
  }

  requests(method: string): SipMessage[] {
    return this.wire
      .filter((entry) => entry.from === 'gateway' && entry.message.method === method)
      .map((entry) => entry.message);
  }

  async passed(
    what: string,
    matches: (entry: SippCall['wire'][number]) => boolean,
  ): Promise<SipMessage> {
    const entry = await waitFor(() => this.wire.find(matches), { timeoutMs: 10_000, what });
    return entry.message;
  }

  cue(call = 0): void {
    const invite = this.requests('INVITE').filter((r) => !/;tag=/.test(r.header('to') ?? ''))[call];
    const answer = this.wire.find(
      (entry) =>
        entry.from === 'pbx' &&
        entry.message.header('call-id') === invite?.header('call-id') &&
        /;tag=/.test(entry.message.header('to') ?? ''),
    );
    if (!invite || !answer) throw new Error('no dialog to cue yet');
    this.#cues += 1;
    this.#send(
      [
        `INFO sip:pbx@${LOOPBACK}:${this.#sippPort} SIP/2.0`,
        `Via: SIP/2.0/UDP ${LOOPBACK}:${this.#relayPort};branch=${cueBranch}${this.#cues}`,
        `From: ${invite.header('from')}`,
        `To: ${answer.message.header('to')}`,
        `Call-ID: ${invite.header('call-id')}`,
        `CSeq: ${1000 + this.#cues} INFO`,
        'Max-Forwards: 70',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  }

  async finished(timeoutMs = 30_000): Promise<{ code: number | null; errors: string }> {
    const process = this.#process;
    if (!process) throw new Error('SIPp was not started');
    const exit = await Promise.race([
      process.exited,
      new Promise<ExitInfo>((resolve) =>
        setTimeout(() => resolve({ code: null, signal: null }), timeoutMs),
      ),
    ]);
    if (exit.code === null) await stopProcess(process);
    return { code: exit.code, errors: exit.code === 0 ? '' : this.#errors(process.pid) };
  }

  /** SIPp's own account of what went wrong (`<scenario>_<pid>_errors.log`). */
  #errors(pid: number): string {
    const log = readdirSync(this.#workDir).find((file) => file.endsWith(`_${pid}_errors.log`));
    return log ? readFileSync(join(this.#workDir, log), 'utf8').slice(-4000) : 'no errors log';
  }
}

/** A 200 to the gateway's OPTIONS ping, as a PBX sends it. */
function okTo(options: SipMessage): string {
  const copy = (name: string) => (options.headers.get(name) ?? []).map((v) => `${name}: ${v}`);
  return [
    'SIP/2.0 200 OK',
    ...copy('via'),
    ...copy('from'),
    `to: ${options.header('to') ?? ''};tag=relay`,
    ...copy('call-id'),
    ...copy('cseq'),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** Resolves once SIPp has bound UDP `port` (read from /proc, never by binding it ourselves). */
async function waitForUdpBound(port: number, sipp: TrackedProcess): Promise<void> {
  const local = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (sipp.hasExited()) throw new Error(`SIPp exited at start (see ${sipp.logPath})`);
    const table = readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1);
    if (table.some((line) => line.trim().split(/\s+/)[1]?.concat(' ').endsWith(local))) return;
    if (Date.now() > deadline) throw new Error(`SIPp did not bind UDP ${port} in 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
