import { describe, expect, it } from 'vitest';
import { GatewayAnnouncementSchema } from './gateway-announcement.ts';

const announcement = {
  nodeId: 'media-2:8090',
  publicUrl: 'wss://cc.example.com/media/node-2/sip',
  capacity: 120,
  callsInProgress: 17,
  draining: false,
};
const problemsOf = (body: unknown) =>
  GatewayAnnouncementSchema.safeParse(body).error?.issues.map(
    (issue) => `${issue.path.join('.')}: ${issue.message}`,
  );

describe('GatewayAnnouncementSchema', () => {
  it('takes what a node says of itself', () => {
    expect(GatewayAnnouncementSchema.parse(announcement)).toEqual(announcement);
    const draining = { ...announcement, draining: true, callsInProgress: 0 };
    expect(GatewayAnnouncementSchema.parse(draining)).toEqual(draining);
  });

  it.each([
    ['a node id with a slash', { nodeId: 'media/2' }, /^nodeId: must be 1 to 64 letters/],
    ['a node id that is too long', { nodeId: 'n'.repeat(65) }, /^nodeId:/],
    ['an empty node id', { nodeId: '' }, /^nodeId:/],
    ['an http URL', { publicUrl: 'https://cc.example.com/media/sip' }, /^publicUrl:/],
    ['no URL at all', { publicUrl: 'node-2' }, /^publicUrl:/],
    ['no capacity', { capacity: 0 }, /^capacity:/],
    ['a fractional call count', { callsInProgress: 1.5 }, /^callsInProgress:/],
    ['a negative call count', { callsInProgress: -1 }, /^callsInProgress:/],
    ['draining as a string', { draining: 'yes' }, /^draining:/],
    ['an unknown field', { region: 'eu' }, /region/],
  ])('refuses %s, naming the field', (_what, change, problem) => {
    expect(problemsOf({ ...announcement, ...change })?.[0]).toMatch(problem);
  });

  it('refuses an announcement that leaves a field out', () => {
    for (const field of Object.keys(announcement)) {
      const partial: Record<string, unknown> = { ...announcement };
      delete partial[field];
      expect(problemsOf(partial)?.[0], field).toMatch(new RegExp(`^${field}:`));
    }
  });
});
