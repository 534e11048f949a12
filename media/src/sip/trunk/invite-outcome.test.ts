import { describe, expect, it } from 'vitest';
import { inviteOutcome } from './invite-outcome.ts';

const response = (statusCode: number, headers: Record<string, string> = {}, callId = 'c1') => ({
  statusCode,
  reasonPhrase: 'Reason',
  callId,
  getHeader: (name: string) => headers[name],
});

describe('what a failed INVITE means', () => {
  it.each([
    [404, 'no_agent'],
    [480, 'no_agent'],
    [486, 'busy'],
    [503, 'trunk_unreachable'],
    [408, 'timeout'],
    [488, 'incompatible'],
    [500, 'trunk_error'],
    [302, 'trunk_error'],
  ])('%i ends the call with %s', (status, code) => {
    expect(inviteOutcome(response(status), 1, 1800)).toEqual({
      end: { code, sipStatus: status, cause: `sip_${status}`, detail: `${status} Reason` },
    });
  });

  it('tells a transport failure (a header-less 503 from sip.js) from a PBX 503', () => {
    expect(inviteOutcome(response(503, {}, ''), 1, 1800)).toEqual({
      end: {
        code: 'trunk_unreachable',
        cause: 'transport_error',
        detail: 'transport error sending INVITE',
      },
    });
  });

  it('retries a 422 with its Min-SE, a bounded number of times', () => {
    expect(inviteOutcome(response(422, { 'min-se': '3600' }), 1, 1800)).toEqual({
      retryWithSessionExpiresS: 3600,
    });
    expect(inviteOutcome(response(422, { 'min-se': '3600' }), 3, 1800)).toMatchObject({
      end: { code: 'trunk_error', sipStatus: 422 },
    });
    expect(inviteOutcome(response(422, { 'min-se': '90' }), 1, 1800)).toMatchObject({
      end: { sipStatus: 422 },
    });
  });
});
