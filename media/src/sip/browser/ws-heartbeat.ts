import type { WebSocket } from 'ws';

export interface WsHeartbeat {
  /** Starts watching a socket: pinged each interval, ended when a ping goes unanswered. */
  watch(socket: WebSocket): void;
  stop(): void;
}

/**
 * WebSocket pings from the gateway (RFC 6455 5.5.2; browsers answer them by themselves). They
 * keep a call's socket busy for the proxies and NATs on the way, which close a connection that
 * stays silent (nginx after 60 s by default, corporate proxies sooner), while a call's SIP may
 * be silent for hours; and a browser gone without a FIN (a laptop closed, a network lost) is
 * found within two intervals, its call ended and its per-address slot freed.
 */
export function startWsHeartbeat(intervalMs: number): WsHeartbeat {
  const answered = new Map<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const [socket, alive] of answered) {
      if (!alive) {
        socket.terminate();
        continue;
      }
      answered.set(socket, false);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return {
    watch(socket) {
      answered.set(socket, true);
      socket.on('pong', () => {
        if (answered.has(socket)) answered.set(socket, true);
      });
      socket.once('close', () => answered.delete(socket));
    },
    stop: () => clearInterval(timer),
  };
}
