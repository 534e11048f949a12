/**
 * What a gateway node tells of itself, read-only: the node's announcements to the API read it
 * (calls in progress against capacity, and whether it still takes calls).
 */
export interface GatewayLoad {
  /** Calls in progress: from the browser's INVITE until the call ends. */
  activeCalls(): number;
  /** mediasoup workers running now (a core each); one fewer while a dead one is replaced. */
  liveWorkers(): number;
  /** True from SIGTERM or POST /admin/drain on: the gateway takes no new call. */
  draining(): boolean;
}

/** The gateway's load from its parts. */
export function gatewayLoad(parts: {
  calls: { readonly size: number };
  workers: { readonly liveWorkers: number };
  drain: { readonly draining: boolean };
}): GatewayLoad {
  return {
    activeCalls: () => parts.calls.size,
    liveWorkers: () => parts.workers.liveWorkers,
    draining: () => parts.drain.draining,
  };
}
