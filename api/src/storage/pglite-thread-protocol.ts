/**
 * The messages between the API's main thread and the thread that runs the embedded store
 * (pglite-thread.ts). Both ends are this codebase, so plain types, not a zod contract.
 */
export type ThreadRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  /** Opens a transaction; its id is this request's id. */
  | { id: number; op: 'begin' }
  /** Ends transaction `tx`: commit when `commit`, else roll back. */
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/** The thread's first message: PGlite is open, or why it could not be. */
export type ThreadReady = { ready: true } | { ready: false; error: SerializedError };

export type ThreadReply =
  | { id: number; ok: true; rows?: unknown[]; affectedRows?: number }
  | { id: number; ok: false; error: SerializedError };

/** An error as it crosses the thread boundary: its message, name and own fields (code, ...). */
export interface SerializedError {
  message: string;
  name: string;
  fields: Record<string, unknown>;
}

export interface ThreadStart {
  /** PGlite data directory; unset: in memory. */
  dataDir?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { message: String(error), name: 'Error', fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    // Only what survives the structured clone; PGlite's errors also carry the query.
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      fields[key] = value;
    }
  }
  return { message: error.message, name: error.name, fields };
}

export function deserializeError({ message, name, fields }: SerializedError): Error {
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  return error;
}
