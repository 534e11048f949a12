import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { ApiDeps } from '../../api-deps.ts';
import { ApiError } from '../../errors.ts';
import { pageSecurityPolicy } from '../layout.ts';
import { siteScope } from '../supervisor-access.ts';
import type { SupervisorSession } from '../supervisor-session.ts';
import type { BoardCall, QueueKey } from './live-call-board.ts';
import { livePage, queueSection } from './live-page.ts';
import { liveQueues } from './live-queues.ts';

const script = readFileSync(new URL('./live-view.js', import.meta.url), 'utf8');

/** The page may run its own script and open its stream; nothing else (layout.ts's rule). */
const livePageSecurityPolicy = `${pageSecurityPolicy}; script-src 'self'; connect-src 'self'`;

/** A comment this often keeps proxies from closing a quiet stream, and finds closed ones. */
const heartbeatMs = 15_000;
/** Changes this close together go out as one message. */
const gatherMs = 200;

export interface LiveRoutesOptions {
  sessionOf: (c: Context) => SupervisorSession | undefined;
}

/**
 * GET /supervisor/live (the page), /live/view.js (its script) and /live/events: server-sent
 * events, one `queues` message per change with the whole state of each queue it touched, the
 * first one with every queue. No Last-Event-ID: a reconnecting page gets everything anew.
 */
export function liveRoutes(deps: ApiDeps, options: LiveRoutesOptions): Hono {
  const queuesOf = (calls: BoardCall[], session: SupervisorSession) =>
    liveQueues(calls, deps.sites.all(), siteScope(session).sees);
  const visibleKey = (session: SupervisorSession, key: QueueKey) =>
    siteScope(session).sees(key.slice(0, key.indexOf('/')));

  /** Every queue the supervisor sees (`keys` undefined), or those of `keys` they see. */
  const send = async (
    stream: SSEStreamingApi,
    session: SupervisorSession,
    keys: ReadonlySet<QueueKey> | undefined,
  ) => {
    const now = deps.now();
    // Loaded for the first message; then the board as the watcher was told of it.
    const queues = queuesOf(
      keys ? deps.liveCalls.known() : await deps.liveCalls.current(),
      session,
    );
    const sent = keys
      ? [...keys].filter((key) => visibleKey(session, key))
      : queues.map((queue) => queue.key);
    if (keys && sent.length === 0) return;
    const message = {
      at: now.toISOString(),
      full: !keys,
      // A queue gone from the sites file and from calls is sent empty: the page drops it.
      queues: await Promise.all(
        sent.map(async (key) => {
          const queue = queues.find((q) => q.key === key);
          return { key, html: queue ? String(await queueSection(queue, now)) : '' };
        }),
      ),
    };
    await stream.writeSSE({ event: 'queues', data: JSON.stringify(message) });
  };

  return new Hono()
    .get('/', async (c) => {
      const session = options.sessionOf(c);
      if (!session) return c.redirect('/supervisor/login', 303);
      const page = await livePage({
        username: session.username,
        queues: queuesOf(await deps.liveCalls.current(), session),
        now: deps.now(),
      });
      c.header('Content-Security-Policy', livePageSecurityPolicy);
      return c.html(page);
    })
    .get('/view.js', (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      return c.body(script);
    })
    .get('/events', (c) => {
      const session = options.sessionOf(c);
      if (!session) throw new ApiError('unauthorized', 401, 'Sign in first');
      return streamSSE(c, async (stream) => {
        const changed = new Set<QueueKey>();
        let wake: (() => void) | undefined;
        const stopWatching = deps.liveCalls.watch((keys) => {
          for (const key of keys) changed.add(key);
          wake?.();
        });
        stream.onAbort(() => {
          stopWatching();
          wake?.();
        });
        try {
          await send(stream, session, undefined);
          // Until the browser leaves, or its session lapses (it reconnects and is refused).
          while (!stream.aborted && !stream.closed && options.sessionOf(c)) {
            if (changed.size === 0) {
              await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, heartbeatMs);
                wake = () => {
                  clearTimeout(timer);
                  resolve();
                };
              });
              wake = undefined;
            }
            if (changed.size === 0) {
              await stream.write(': heartbeat\n\n');
              continue;
            }
            await stream.sleep(gatherMs);
            const keys = new Set(changed);
            changed.clear();
            await send(stream, session, keys);
          }
        } finally {
          stopWatching();
        }
      });
    });
}
