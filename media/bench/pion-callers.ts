import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { cpuSeconds } from '../../tests/support/caller/proc-stats.ts';
import type {
  AudioPeerStats,
  WebRtcAudioPeer,
  WebRtcAudioPeerOptions,
} from '../../tests/support/caller/webrtc-audio-peer.ts';

// The bench's callers: the same peer interface as the werift one the tests use, with the
// media in one Go process (pion, pion-callers/) that holds every call's peer connection.
// Signalling stays in Node (web-caller.ts). Node's event loop, shared with fifty werift peers,
// kept only 77-82 % of their 50 packets/s; the Go process keeps its own clock.

const provider = fileURLToPath(new URL('pion-callers/provide-pion-callers.sh', import.meta.url));

/**
 * The Go binary's path: built once per source and Debian package version, then cached outside
 * the work tree. Installs its Debian packages first, so run it where apt has network (outside
 * the bench's namespace); a second call is a cache hit. Throws naming what is missing.
 */
export function providePionCallers(): string {
  try {
    const out = execFileSync('bash', [provider], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return out.trim().split('\n').at(-1)!;
  } catch (error) {
    throw new Error(`pion callers unavailable: ${provider} failed`, { cause: error });
  }
}

/** How late the Go process sent its packets against each call's own 20 ms schedule. */
const SenderHealthSchema = z.object({
  /** Packets due by every call's own 20 ms clock since the last report, sent or not. */
  due: z.number(),
  /** Packets sent since the last report. */
  sent: z.number(),
  /** Packets more than 100 ms late, not sent at all (they lower the send rate). */
  skipped: z.number(),
  latenessP50Ms: z.number(),
  latenessP99Ms: z.number(),
  latenessMaxMs: z.number(),
});
export type SenderHealth = z.infer<typeof SenderHealthSchema>;

const StatsSchema = z.object({
  sent: z.number(),
  received: z.number(),
  expected: z.number(),
  ssrc: z.number(),
  heardTone: z.number(),
});

const ReplySchema = z.object({
  id: z.number(),
  error: z.string().optional(),
  sdp: z.string().optional(),
  ssrc: z.number().optional(),
  codec: z.string().optional(),
  stats: StatsSchema.optional(),
  sender: SenderHealthSchema.optional(),
});
type Reply = z.infer<typeof ReplySchema>;

export interface PionCallers {
  /** A peer for one call; `listenHz` is the tone the far end sends, counted in `heardTone`. */
  createPeer(options?: WebRtcAudioPeerOptions): WebRtcAudioPeer;
  /** Lateness since the last call of this (each call starts a new window). */
  senderHealth(): Promise<SenderHealth>;
  /** CPU seconds the Go process has used so far. */
  cpuSeconds(): number;
  close(): Promise<void>;
}

export function startPionCallers(options: {
  binary: string;
  listenHz?: number;
  /**
   * Send on this grid (ms) instead of each packet at its own time: cheaper for the callers,
   * but the gateway then takes packets in batches, fewer wake-ups than browsers cost it.
   */
  gridMs?: number;
}): PionCallers {
  const args = options.gridMs ? ['-grid', `${options.gridMs}ms`] : [];
  const child = spawn(options.binary, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let gone: Error | undefined;
  let nextId = 1;
  let nextCall = 1;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const reply = ReplySchema.parse(JSON.parse(line));
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error) waiter?.reject(new Error(`pion caller: ${reply.error}`));
    else waiter?.resolve(reply);
  });
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      gone = new Error(`pion-callers exited (${signal ?? `code ${code}`})`);
      for (const waiter of pending.values()) waiter.reject(gone);
      pending.clear();
      resolve();
    }),
  );
  const request = (message: Record<string, unknown>): Promise<Reply> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    child.stdin.write(`${JSON.stringify({ ...message, id })}\n`);
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  };

  return {
    createPeer(peerOptions = {}) {
      if (peerOptions.onRtp) throw new Error('pion callers do not hand RTP packets to Node');
      return pionPeer(`c${nextCall++}`, request, options.listenHz ?? 0);
    },
    async senderHealth() {
      const reply = await request({ op: 'health' });
      if (!reply.sender) throw new Error('pion caller: health reply without figures');
      return reply.sender;
    },
    cpuSeconds: () => cpuSeconds(child.pid!),
    async close() {
      if (gone) return;
      child.stdin.end();
      await exited;
    },
  };
}

function pionPeer(
  call: string,
  request: (message: Record<string, unknown>) => Promise<Reply>,
  listenHz: number,
): WebRtcAudioPeer {
  const stats: AudioPeerStats = { sent: 0, received: 0, expected: 0, ssrc: 0, heardTone: 0 };
  let codec: string | undefined;
  let offered = false;
  let started: Promise<unknown> = Promise.resolve();
  const update = (reply: Reply) => {
    if (reply.stats) Object.assign(stats, reply.stats);
  };
  return {
    async createOffer() {
      offered = true;
      const reply = await request({ op: 'offer', call, listenHz });
      if (!reply.sdp) throw new Error('pion caller: offer reply without SDP');
      stats.ssrc = reply.ssrc ?? 0;
      return reply.sdp;
    },
    async acceptAnswer(sdp) {
      codec = (await request({ op: 'answer', call, sdp })).codec;
    },
    get codec() {
      return codec;
    },
    async connected(timeoutMs = 5000) {
      await request({ op: 'connected', call, timeoutMs });
    },
    startSending(hz = 440) {
      if (!codec) throw new Error('no codec negotiated yet');
      // Its failure surfaces in stopSending: the interface's start is synchronous.
      started = request({ op: 'start', call, hz });
      started.catch(() => undefined); // awaited (and thrown) in stopSending, not unhandled
    },
    async stopSending() {
      await started;
      update(await request({ op: 'stop', call }));
    },
    stats,
    async close() {
      if (offered) update(await request({ op: 'close', call }));
    },
  };
}
