import type { CallRecord } from '../../storage/repository.ts';
import { liveCallBoard, type BoardCall, type QueueKey } from './live-call-board.ts';

export interface LiveCallsOptions {
  /** Every call not ended, from the database all API instances share. */
  loadOpenCalls: () => Promise<CallRecord[]>;
  loadCall: (callId: string) => Promise<CallRecord | undefined>;
  /**
   * While someone watches, the open calls are loaded again this often: events reach one API
   * instance each, and the API itself ends calls of gone gateways, so this is how every
   * instance's watchers see every change that was not committed through them.
   */
  syncEveryMs: number;
  onError: (error: unknown) => void;
}

/**
 * Polling, not PostgreSQL LISTEN/NOTIFY: it works the same on the embedded PGlite and on
 * PostgreSQL, also sees calls the API ends itself (gone gateways), and needs no connection
 * held per instance; one indexed query a second per instance, only while someone watches.
 */
export const liveCallsSyncEveryMs = 1000;

export type LiveCallsListener = (changed: QueueKey[]) => void;

/**
 * The web calls open now, for supervisors' live views: one board per API instance, fed by the
 * call events this instance commits (at once) and by loading the open calls from the database
 * (at first, then every `syncEveryMs` while anyone watches). Nobody watching, it costs nothing.
 */
export interface LiveCalls {
  /** A call's event was committed here: its record is read again (when anyone watches). */
  callChanged(callId: string): Promise<void>;
  /** The open calls as the database has them now (a load, shared with one under way). */
  current(): Promise<BoardCall[]>;
  /** The open calls as last loaded and told (no load: for the changes a watcher was told of). */
  known(): BoardCall[];
  /** Calls `listener` with the queues each change touched, until the returned stop. */
  watch(listener: LiveCallsListener): () => void;
}

export function liveCalls(options: LiveCallsOptions): LiveCalls {
  const board = liveCallBoard();
  const listeners = new Set<LiveCallsListener>();
  let loading: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const announce = (changed: QueueKey[]) => {
    if (changed.length === 0) return;
    for (const listener of listeners) {
      // One broken stream must not keep the others from their update.
      try {
        listener(changed);
      } catch (error) {
        options.onError(error);
      }
    }
  };
  const load = () => {
    loading ??= (async () => {
      const token = board.beginLoad();
      try {
        announce(board.finishLoad(token, await options.loadOpenCalls()));
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };
  // One timer at most, and the next load only once this one is done.
  const schedule = () => {
    if (timer || listeners.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      load().catch(options.onError).finally(schedule);
    }, options.syncEveryMs);
    timer.unref();
  };

  return {
    async callChanged(callId) {
      if (listeners.size === 0) return;
      // The event is stored whatever happens here: the next load brings the call anyway.
      try {
        announce(board.put(callId, await options.loadCall(callId)));
      } catch (error) {
        options.onError(error);
      }
    },
    async current() {
      await load();
      return board.calls();
    },
    known: () => board.calls(),
    watch(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        load().catch(options.onError);
        schedule();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        clearTimeout(timer);
        timer = undefined;
      };
    },
  };
}
