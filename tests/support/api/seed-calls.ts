// Calls a supervisor's calls list tells apart, made the way production makes them: a visitor's
// widget asks for the call with its connection test, media reports it step by step, each step
// at its own moment of the API's clock, which is left where it was.
import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import type { TestApi } from './test-api.ts';
import { bearer, post, reportCreated, reportEvent, startSession } from './visitor.ts';

export interface SeededCalls {
  /**
   * Thursday 5 Nov 2026, 10:00 in Chicago: English Sales, a poor connection test; it rang,
   * and the visitor hung up after waiting 25 s, unanswered.
   */
  abandoned: { callId: string; at: Date };
  /**
   * Thursday 5 Nov, 10:05 in Chicago: English Technical Support, answered after 12 s by
   * Rui Costa, 2:05 of talk, then the agent hung up; media measured its quality.
   */
  measured: { callId: string; at: Date };
}

export const poorConnection: ConnectionTest = {
  verdict: 'poor',
  rttMs: 212,
  jitterMs: 31.3,
  lossPct: 7.5,
  transport: 'tcp',
};

async function newCall(
  api: TestApi,
  ip: string,
  routing: RoutingData,
  connectionTest?: ConnectionTest,
): Promise<string> {
  const session = await startSession(api, ip);
  const res = await post(
    api,
    '/v1/calls',
    { routing, ...(connectionTest && { connectionTest }) },
    { ip, headers: bearer(session) },
  );
  if (res.status !== 201) throw new Error(`call: ${res.status} ${await res.text()}`);
  return reportCreated(api, ((await res.json()) as { callToken: string }).callToken);
}

/** Runs each step with the API's clock `s` seconds after `start`, then puts the clock back. */
async function timeline(api: TestApi, start: string, steps: [s: number, step: () => unknown][]) {
  const before = api.clock.now;
  try {
    for (const [s, step] of steps) {
      api.clock.now = new Date(Date.parse(start) + s * 1000);
      const res = await step();
      if (res instanceof Response && res.status !== 202)
        throw new Error(`call event: ${res.status} ${await res.text()}`);
    }
  } finally {
    api.clock.now = before;
  }
}

export async function seedCalls(api: TestApi): Promise<SeededCalls> {
  let abandoned = '';
  const abandonedAt = '2026-11-05T16:00:00Z';
  await timeline(api, abandonedAt, [
    [
      0,
      async () =>
        (abandoned = await newCall(
          api,
          '198.51.100.131',
          { intent: 'sales', language: 'en', country: 'US' },
          poorConnection,
        )),
    ],
    [2, () => reportEvent(api, abandoned, 'ringing', {})],
    [25, () => reportEvent(api, abandoned, 'ended', { reason: 'visitor_hung_up', durationS: 0 })],
  ]);
  let measured = '';
  const measuredAt = '2026-11-05T16:05:00Z';
  await timeline(api, measuredAt, [
    [
      0,
      async () =>
        (measured = await newCall(api, '198.51.100.132', {
          intent: 'support',
          language: 'en',
          country: 'GB',
        })),
    ],
    [3, () => reportEvent(api, measured, 'ringing', {})],
    [12, () => reportEvent(api, measured, 'answered', { codec: 'opus', agentName: 'Rui Costa' })],
    [
      137,
      () =>
        reportEvent(api, measured, 'ended', {
          reason: 'agent_hung_up',
          durationS: 125,
          quality: { mos: 4.3, lossPct: 0.4, jitterMs: 2.5, rttMs: 48 },
        }),
    ],
  ]);
  return {
    abandoned: { callId: abandoned, at: new Date(abandonedAt) },
    measured: { callId: measured, at: new Date(measuredAt) },
  };
}
