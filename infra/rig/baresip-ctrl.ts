import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { LOOPBACK } from './ports.ts';
import { RigTimeoutError, sleep } from './wait.ts';

// baresip's ctrl_tcp module (modules/ctrl_tcp/ctrl_tcp.c): netstring-framed JSON
// ("<length>:<json>,"). We send {command, params, token}; it answers {response: true, ok, data,
// token} and pushes {event: true, class, type, param, accountaor, direction, peeruri, id}.
// It accepts one client at a time: a new connection replaces the previous one.

export const BaresipEventSchema = z.looseObject({
  event: z.literal(true),
  type: z.string(),
  class: z.string(),
  param: z.string().optional(),
  accountaor: z.string().optional(),
  direction: z.string().optional(),
  peeruri: z.string().optional(),
  /** The SIP Call-ID of the call the event is about. */
  id: z.string().optional(),
});
export type BaresipEvent = z.infer<typeof BaresipEventSchema>;

export const BaresipResponseSchema = z.object({
  response: z.literal(true),
  ok: z.boolean(),
  data: z.string(),
  token: z.string().optional(),
});

export class BaresipCommandError extends Error {
  readonly code = 'BARESIP_COMMAND';
}

export function encodeNetstring(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
}

/** Splits complete netstrings off `buffer`; returns them and the unconsumed rest. */
export function decodeNetstrings(buffer: Buffer): { messages: string[]; rest: Buffer } {
  const messages: string[] = [];
  let rest = buffer;
  for (;;) {
    const colon = rest.indexOf(0x3a);
    if (colon < 0) break;
    const length = Number(rest.subarray(0, colon).toString('ascii'));
    if (!Number.isInteger(length))
      throw new Error(`bad netstring length from baresip: ${rest.subarray(0, colon).toString()}`);
    const end = colon + 1 + length;
    if (rest.length < end + 1) break;
    messages.push(rest.subarray(colon + 1, end).toString('utf8'));
    rest = rest.subarray(end + 1); // skip the trailing ','
  }
  return { messages, rest };
}

type EventListener = (event: BaresipEvent) => void;

export class BaresipCtrl {
  /** Every event received on this connection, oldest first. */
  readonly events: BaresipEvent[] = [];
  readonly #socket: Socket;
  readonly #pending = new Map<
    string,
    { resolve: (data: string) => void; reject: (error: Error) => void }
  >();
  readonly #listeners = new Set<EventListener>();
  #nextToken = 1;
  #buffer: Buffer = Buffer.alloc(0);

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk) => this.#receive(chunk));
    // baresip being stopped can reset the connection; that must not crash the test process.
    socket.on('error', (error) => {
      for (const { reject } of this.#pending.values()) reject(error);
      this.#pending.clear();
    });
    socket.on('close', () => {
      for (const { reject } of this.#pending.values())
        reject(new BaresipCommandError('ctrl_tcp connection closed'));
      this.#pending.clear();
    });
  }

  /** Connects to ctrl_tcp, retrying while baresip is still starting. */
  static async connect(
    port: number,
    timeoutMs = 5_000,
    abort?: () => string | undefined,
  ): Promise<BaresipCtrl> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const socket = await new Promise<Socket | undefined>((resolve) => {
        const s = connect({ port, host: LOOPBACK });
        s.once('connect', () => resolve(s));
        s.once('error', () => resolve(undefined));
      });
      if (socket) return new BaresipCtrl(socket);
      const reason = abort?.();
      if (reason) throw new Error(`baresip ctrl_tcp on port ${port}: ${reason}`);
      if (Date.now() > deadline)
        throw new RigTimeoutError(
          `baresip ctrl_tcp on port ${port} not reachable after ${timeoutMs} ms`,
        );
      await sleep(30);
    }
  }

  /** Runs a menu command (`dial`, `hangup`, `listcalls`, `reginfo`...) and returns its text output. */
  command(command: string, params = ''): Promise<string> {
    const token = `t${this.#nextToken++}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(token, { resolve, reject });
      this.#socket.write(encodeNetstring(JSON.stringify({ command, params, token })));
    });
  }

  onEvent(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves with the first event (at or after index `from` of `events`) matching `predicate`. */
  waitForEvent(
    predicate: (event: BaresipEvent) => boolean,
    timeoutMs: number,
    from = 0,
  ): Promise<BaresipEvent> {
    const seen = this.events.slice(from).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new RigTimeoutError(`no matching baresip event within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onEvent((event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        off();
        resolve(event);
      });
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    const { messages, rest } = decodeNetstrings(Buffer.concat([this.#buffer, chunk]));
    this.#buffer = rest;
    for (const text of messages) this.#dispatch(JSON.parse(text) as unknown);
  }

  #dispatch(message: unknown): void {
    const event = BaresipEventSchema.safeParse(message);
    if (event.success) {
      this.events.push(event.data);
      for (const listener of [...this.#listeners]) listener(event.data);
      return;
    }
    const parsed = BaresipResponseSchema.safeParse(message);
    if (!parsed.success) {
      // Not worth killing the test process over, but never silently dropped.
      process.stderr.write(
        `[rig] unexpected ctrl_tcp message from baresip: ${JSON.stringify(message)}\n`,
      );
      return;
    }
    const response = parsed.data;
    const pending = response.token ? this.#pending.get(response.token) : undefined;
    if (!pending || !response.token) return;
    this.#pending.delete(response.token);
    if (response.ok) pending.resolve(response.data);
    else pending.reject(new BaresipCommandError(`baresip command failed: ${response.data}`));
  }
}
