import { DatabaseUnavailableError } from '../errors.ts';

// SQLSTATEs that say the server cannot take the statement now, not that the statement is
// wrong: class 08 (connection exception; not 08P01, a protocol violation), shutting down or
// crashed (57P01, 57P02), still starting up (57P03), out of connections (53300).
const unavailableStates = /^(08\d{3}|57P0[123]|53300)$/;
// The socket's own failures: nobody listening, the peer gone, no route, no name.
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// pg's errors for a connection that went, or never came, carry no code: only these messages
// (pg/lib/client.js, pg-pool/index.js).
const lostConnectionMessages =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|timeout expired)/;

/** Whether `error` says PostgreSQL could not be talked to, rather than that a query failed. */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (socketCodes.has(code) || unavailableStates.test(code)))
    return true;
  // Node tries each address of a name in turn and reports them together.
  if (error instanceof AggregateError && error.errors.some(isConnectionLoss)) return true;
  return lostConnectionMessages.test(error.message);
}

/** The error a storage call throws: a lost connection as DatabaseUnavailableError (503). */
export function classifyDatabaseError(error: unknown): unknown {
  return isConnectionLoss(error) ? new DatabaseUnavailableError(error) : error;
}
