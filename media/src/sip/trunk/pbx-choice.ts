import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';

/**
 * Which PBX address a call's next INVITE goes to, from each address's health in priority
 * order: the first healthy one after `tried` (the index last tried; -1 for a new call).
 * A new call finds none healthy: it goes to the first, which refuses it at once as
 * unreachable and pings that address, as with a single PBX. Undefined: nothing left to try.
 */
export function nextPbxIndex(healthy: readonly boolean[], tried: number): number | undefined {
  for (let index = tried + 1; index < healthy.length; index += 1) if (healthy[index]) return index;
  return tried < 0 && healthy.length > 0 ? 0 : undefined;
}

/**
 * Whether an attempt that ended with `reason` goes on to the next PBX address. Only when
 * the PBX never said anything: no answer to the INVITE in time, a transport error, or an
 * address already known down. Once any response came (100 Trying, 180, a final answer such
 * as 486 or 503), the PBX has the call and its answer stands: trying another PBX could ring
 * an agent twice or turn a busy queue into a call elsewhere. A visitor who hung up is not
 * dialled again.
 */
export function triesNextPbx(
  reason: CallEndReason,
  attempt: { heardFromPbx: boolean; hungUp: boolean },
): boolean {
  if (attempt.heardFromPbx || attempt.hungUp) return false;
  return reason.code === 'trunk_unreachable' && reason.sipStatus === undefined;
}
