// A queue's recent history as media would have reported it: calls that rang for known waits
// and were answered, one after the other, so the API has something to estimate a wait from.
import { randomUUID } from 'node:crypto';
import type { Repository } from '../../../api/src/storage/repository.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import { createdEvent } from './created-event.ts';

export interface AnsweredHistory {
  siteId: string;
  queue: string;
  queueDisplayName: string;
  routing: RoutingData;
  /** How long each call rang before its agent answered, in seconds. */
  waitsS: number[];
}

/** Stores the calls (created, ringing, answered, ended), the last one ending a minute ago. */
export async function recordAnsweredCalls(repo: Repository, history: AnsweredHistory) {
  const now = Date.now();
  for (const [i, waitS] of history.waitsS.entries()) {
    // Ten minutes apart, a minute of talk each: never two at once.
    const ringingAt = now - (history.waitsS.length - i) * 600_000;
    const answeredAt = ringingAt + waitS * 1000;
    const endedAt = answeredAt + 60_000;
    const callId = randomUUID();
    const at = (ms: number) => new Date(ms).toISOString();
    const base = () => ({ eventId: randomUUID(), callId });
    const created = createdEvent(
      {
        id: callId,
        siteId: history.siteId,
        sessionId: randomUUID(),
        queue: history.queue,
        queueDisplayName: history.queueDisplayName,
        routing: history.routing,
        createdAt: new Date(ringingAt - 1000),
        tokenExpiresAt: new Date(ringingAt + 60_000),
      },
      new Date(ringingAt - 1000),
    );
    for (const event of [
      created,
      { ...base(), at: at(ringingAt), type: 'ringing' as const },
      { ...base(), at: at(answeredAt), type: 'answered' as const, codec: 'opus' },
      {
        ...base(),
        at: at(endedAt),
        type: 'ended' as const,
        reason: 'agent_hung_up' as const,
        durationS: 60,
      },
    ]) {
      const outcome = await repo.recordEvent(event, new Date());
      if (outcome !== 'applied') throw new Error(`seeding ${event.type}: ${outcome}`);
    }
  }
}
