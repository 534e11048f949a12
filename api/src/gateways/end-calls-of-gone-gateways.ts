import { followCallEvent } from '../abuse/call-admission.ts';
import type { LimitStore } from '../abuse/limit-store.ts';
import type { Repository } from '../storage/repository.ts';
import type { GoneGateway } from './gateway-node.ts';

type GoneGatewayRepo = Pick<Repository, 'findCallsOfGoneGateway' | 'endCallOfGoneGateway'> &
  LimitStore;

/** Calls ended per pass at most: an announcement stays quick, the next pass goes on. */
const defaultBatch = 100;

/**
 * Ends the records of open calls whose gateway process is `gone`, which could not report
 * their end (killed outright, out of memory, its machine lost): reason `connection_lost`,
 * what the visitor was shown, with the cause, ended `now`, when the API learned of it (the
 * process may have died any time before). Each call first frees its places under the
 * concurrency limits, then its record ends: a pass cut short (the database went away) leaves
 * the record open, and the next pass finds it and does both again, harmlessly. Safe from
 * several API instances at once. Returns the ids of the calls this pass ended. (A lost node
 * heard from again between the two, at the very edge of API_GATEWAY_LOST_AFTER_MS, keeps
 * its call open, no longer counted: the lesser harm than places never freed.)
 */
export async function endCallsOfGoneGateway(
  repo: GoneGatewayRepo,
  gone: GoneGateway,
  now: Date,
  batch = defaultBatch,
): Promise<string[]> {
  const ended: string[] = [];
  for (const callId of await repo.findCallsOfGoneGateway(gone, batch)) {
    // As media's `ended` would.
    await followCallEvent(repo, callId, 'ended', now);
    if (await repo.endCallOfGoneGateway(callId, gone, now)) ended.push(callId);
  }
  return ended;
}

export interface GoneGatewaySweepOptions {
  /** API_GATEWAY_LOST_AFTER_MS: a node silent this long is taken for lost. */
  lostAfterMs: number;
  /** Told how many calls were ended and why, when any were. */
  onEnded?: (ended: { cause: GoneGateway['cause']; calls: number }) => void;
}

/**
 * The sweep's pass over every node: calls of processes that restarted (in case the
 * announcement that said so could not end them all), and of nodes silent since
 * `lostAfterMs`, each a batch at most.
 */
export async function endCallsOfGoneGateways(
  repo: GoneGatewayRepo,
  now: Date,
  { lostAfterMs, onEnded }: GoneGatewaySweepOptions,
): Promise<void> {
  const passes: GoneGateway[] = [
    { cause: 'gateway_restarted' },
    { cause: 'gateway_lost', silentSince: new Date(now.getTime() - lostAfterMs) },
  ];
  for (const gone of passes) {
    const ended = await endCallsOfGoneGateway(repo, gone, now);
    if (ended.length > 0) onEnded?.({ cause: gone.cause, calls: ended.length });
  }
}
