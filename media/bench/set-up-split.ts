import { readFileSync, statSync } from 'node:fs';

/** Where the gateway's set-up time went, per call, in milliseconds (set-up-timing.ts). */
export interface SetUpSplit {
  tokenMs: number[];
  mediaMs: number[];
  inviteMs: number[];
}

/**
 * The gateway's own account of each call's set-up: its "INVITE sent to the PBX" log lines
 * (call-bridge.ts) written after byte `fromByte` of its log. The capture says how long the
 * gateway took in all; these say which step took it: the token and allow-list checks, the
 * router and the PBX's transport in the worker, then building and sending the INVITE.
 */
export function readSetUpSplit(logPath: string, fromByte: number): SetUpSplit {
  const split: SetUpSplit = { tokenMs: [], mediaMs: [], inviteMs: [] };
  const text = readFileSync(logPath).subarray(fromByte).toString('utf8');
  for (const line of text.split('\n')) {
    if (!line.includes('"INVITE sent to the PBX"')) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line cut by the process's end: nothing to read
    }
    const { tokenMs, mediaMs, inviteMs } = entry;
    if (typeof tokenMs !== 'number' || typeof mediaMs !== 'number' || typeof inviteMs !== 'number')
      continue;
    split.tokenMs.push(tokenMs);
    split.mediaMs.push(mediaMs);
    split.inviteMs.push(inviteMs);
  }
  return split;
}

/** The log's size now: where a later read starts. */
export function logSize(logPath: string): number {
  return statSync(logPath).size;
}
