import { describe, expect, it } from 'vitest';
import { callEndCodes } from '../../../protocol/call-end-reason.ts';
import { cutOffByUs } from './journey-step.ts';

describe('after an answered call', () => {
  it("offers a callback instead of a rating when our side or the contact center's cut the call off", () => {
    expect(callEndCodes.filter(cutOffByUs)).toEqual([
      'agent_lost',
      'media_worker_lost',
      'gateway_draining',
    ]);
  });

  it('offers a callback when the gateway carrying the call was lost (its WebSocket dropped)', () => {
    expect(cutOffByUs('connection_lost')).toBe(true);
  });

  it('asks for a rating after a call that ended the usual way, or lost its audio path', () => {
    expect(cutOffByUs('agent_hung_up')).toBe(false);
    expect(cutOffByUs('visitor_hung_up')).toBe(false);
    expect(cutOffByUs('media_failed')).toBe(false);
  });
});
