import { describe, expect, it } from 'vitest';
import { callEndCodes } from '../../../protocol/call-end-reason.ts';
import { cutOffByUs, stepAfterCall } from './journey-step.ts';

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

describe('where an ended call leads', () => {
  const callId = '0b1c1e4e-98c4-4d3b-9a61-3f4f1d3a2b10';
  it('offers a callback, linked to the call, when the visitor hung up before an answer', () => {
    expect(stepAfterCall({ code: 'visitor_hung_up', answered: false }, callId)).toEqual({
      name: 'callback',
      why: 'abandoned',
      callId,
    });
  });

  it('asks for a rating after a talk, and stays on the call screen after a cut-off or a refusal', () => {
    expect(stepAfterCall({ code: 'agent_hung_up', answered: true }, callId)).toEqual({
      name: 'rating',
      callId,
      endCode: 'agent_hung_up',
    });
    expect(stepAfterCall({ code: 'agent_lost', answered: true }, callId)).toBeUndefined();
    expect(stepAfterCall({ code: 'busy', answered: false }, callId)).toBeUndefined();
    expect(stepAfterCall({ code: 'no_agent', answered: false }, callId)).toBeUndefined();
  });

  it('stays on the call screen when the visitor hung up before the call was placed', () => {
    expect(stepAfterCall({ code: 'visitor_hung_up', answered: false }, undefined)).toBeUndefined();
  });
});
