import { describe, expect, it } from 'vitest';
import type { SitesFile } from '../../../../protocol/api/site-config.ts';
import { callRecord, t0 } from '../../../../tests/support/api/call-record.ts';
import { boardCallOf, type BoardCall } from './live-call-board.ts';
import { liveQueues } from './live-queues.ts';

const sites = {
  acme: { queues: { sales: { displayName: 'Sales' }, support: { displayName: 'Support' } } },
  other: { queues: { desk: { displayName: 'Front desk' } } },
} as unknown as SitesFile['sites'];

const call = (id: string, over: Parameters<typeof callRecord>[0] = { id }): BoardCall =>
  boardCallOf(callRecord({ ...over, id }))!;

describe('the live queues', () => {
  it('lists every configured queue, its calls oldest first, by display name', () => {
    const later = new Date(t0.getTime() + 5000);
    const queues = liveQueues(
      [call('b', { id: 'b', createdAt: later }), call('a')],
      sites,
      () => true,
    );
    expect(queues.map((q) => [q.key, q.displayName, q.calls.map((c) => c.callId)])).toEqual([
      ['acme/sales', 'Sales', ['a', 'b']],
      ['acme/support', 'Support', []],
      ['other/desk', 'Front desk', []],
    ]);
  });

  it('keeps a call whose queue left the sites file, under its id', () => {
    const queues = liveQueues([call('a', { id: 'a', queue: 'gone' })], sites, () => true);
    expect(queues.at(-1)).toMatchObject({ key: 'acme/gone', displayName: 'gone' });
  });

  it('shows a supervisor scoped to another site neither its queues nor its calls', () => {
    const queues = liveQueues([call('a')], sites, (siteId) => siteId === 'other');
    expect(queues.map((q) => q.key)).toEqual(['other/desk']);
  });
});
