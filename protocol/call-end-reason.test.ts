import { describe, expect, it } from 'vitest';
import { callEndCodeForSipStatus } from './call-end-reason.ts';

describe('callEndCodeForSipStatus', () => {
  it.each([
    [404, 'no_agent'],
    [480, 'no_agent'],
    [486, 'busy'],
    [603, 'declined'],
    [408, 'timeout'],
    [503, 'trunk_unreachable'],
    [488, 'incompatible'],
    [500, 'trunk_error'],
  ] as const)('maps SIP %i to %s', (status, code) => {
    expect(callEndCodeForSipStatus(status)).toBe(code);
  });
});
