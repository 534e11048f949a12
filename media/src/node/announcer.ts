import type { GatewayAnnouncement } from '../../../protocol/api/gateway-announcement.ts';
import type { ServiceLogger } from '../sip/core/sip-logger.ts';
import type { GatewayLoad } from './gateway-load.ts';

export interface NodeAnnouncerOptions {
  /** The API's base URL; announcements go to /v1/internal/gateway-nodes. */
  apiUrl: string;
  /** The service-to-service bearer token the API expects from media/. */
  serviceToken: string;
  /**
   * What the node is: its id, the URL browsers dial, the calls it takes at most, and this
   * process's boot id (the same in its call events: a new one tells the API it restarted).
   */
  node: Pick<GatewayAnnouncement, 'nodeId' | 'publicUrl' | 'capacity' | 'bootId'>;
  load: Pick<GatewayLoad, 'activeCalls' | 'draining'>;
  /** MEDIA_ANNOUNCE_INTERVAL_MS. */
  intervalMs: number;
  logger: ServiceLogger;
  /**
   * How often the load is looked at for a drain between announcements. GatewayLoad is a
   * read-only view without events; reading a boolean this often costs nothing and brings the
   * drain to the API within this time rather than within an interval.
   */
  drainCheckMs?: number;
}

export interface NodeAnnouncer {
  /** Stops announcing and says goodbye, so the API forgets the node now, not after its TTL. */
  stop(): Promise<void>;
}

/**
 * Announces the gateway node to the API: at once, every `intervalMs`, and as soon as it
 * starts draining, one announcement at a time (the API keeps the last to arrive as the
 * latest). A failed announcement is only logged: the next one goes on schedule, and a node
 * the API does not hear from within its TTL is forgotten, which is the right outcome.
 */
export function startNodeAnnouncer(options: NodeAnnouncerOptions): NodeAnnouncer {
  const { apiUrl, serviceToken, node, load, intervalMs, logger } = options;
  const nodesUrl = new URL('/v1/internal/gateway-nodes', apiUrl);
  const headers = { authorization: `Bearer ${serviceToken}` };
  let failing = false;
  let inFlight: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let draining = load.draining();

  const post = async () => {
    const announcement: GatewayAnnouncement = {
      ...node,
      callsInProgress: load.activeCalls(),
      draining: load.draining(),
    };
    try {
      const res = await fetch(nodesUrl, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(announcement),
        signal: AbortSignal.timeout(Math.max(1000, intervalMs)),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      if (failing) logger.info({ nodeId: node.nodeId }, 'gateway node announced again');
      failing = false;
    } catch (error) {
      // Once per failing streak: an API away for minutes must not fill the log.
      if (!failing) {
        logger.warn(
          { nodeId: node.nodeId, reason: error instanceof Error ? error.message : String(error) },
          'gateway node announcement failed; retrying on schedule',
        );
      }
      failing = true;
    }
  };
  const announce = () => {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = post().finally(() => {
      inFlight = undefined;
      if (again) {
        again = false;
        announce();
      }
    });
  };

  announce();
  const schedule = setInterval(announce, intervalMs);
  const drainWatch = setInterval(() => {
    if (load.draining() === draining) return;
    draining = load.draining();
    announce();
  }, options.drainCheckMs ?? 100);
  schedule.unref();
  drainWatch.unref();

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(schedule);
      clearInterval(drainWatch);
      // The goodbye must not be overtaken by an announcement still under way.
      while (inFlight) await inFlight;
      try {
        const res = await fetch(new URL(encodeURIComponent(node.nodeId), `${nodesUrl.href}/`), {
          method: 'DELETE',
          headers,
          signal: AbortSignal.timeout(2000),
        });
        await res.body?.cancel();
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        logger.info({ nodeId: node.nodeId }, 'gateway node said goodbye');
      } catch (error) {
        logger.warn(
          { nodeId: node.nodeId, reason: error instanceof Error ? error.message : String(error) },
          'gateway node goodbye failed; the API forgets it after its TTL',
        );
      }
    },
  };
}
