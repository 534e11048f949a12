import { describe, expect, it } from 'vitest';
import type { CallEndReason } from '../../../../protocol/call-end-reason.ts';
import { nextPbxIndex, triesNextPbx } from './pbx-choice.ts';

describe('which PBX address a call goes to', () => {
  it.each([
    { healthy: [true, true], tried: -1, next: 0, why: 'both up: the first' },
    { healthy: [false, true], tried: -1, next: 1, why: 'the first down: the second' },
    { healthy: [false, false, true], tried: -1, next: 2, why: 'the first healthy in order' },
    { healthy: [false, false], tried: -1, next: 0, why: 'none up: the first (it fails fast)' },
    { healthy: [true, true], tried: 0, next: 1, why: 'after the first, the second' },
    { healthy: [true, false, true], tried: 0, next: 2, why: 'skipping one known down' },
    { healthy: [true, true], tried: 1, next: undefined, why: 'the last tried: nothing left' },
    { healthy: [true, false], tried: 0, next: undefined, why: 'the rest down: nothing left' },
    { healthy: [true], tried: 0, next: undefined, why: 'a single address: no retry' },
  ])('$why', ({ healthy, tried, next }) => {
    expect(nextPbxIndex(healthy, tried)).toBe(next);
  });
});

describe('when a call is tried again on the next PBX address', () => {
  const unheard = { heardFromPbx: false, hungUp: false };
  const reasons: Record<string, CallEndReason> = {
    inviteTimeout: { code: 'trunk_unreachable', cause: 'invite_timeout' },
    transportError: { code: 'trunk_unreachable', cause: 'transport_error' },
    knownDown: { code: 'trunk_unreachable', cause: 'trunk_unreachable' },
    pbx503: { code: 'trunk_unreachable', sipStatus: 503, cause: 'sip_503' },
    busy: { code: 'busy', sipStatus: 486, cause: 'sip_486' },
    ringTimeout: { code: 'timeout', cause: 'ring_timeout' },
  };

  it('an INVITE the PBX never answered, or could not be sent: yes', () => {
    expect(triesNextPbx(reasons.inviteTimeout!, unheard)).toBe(true);
    expect(triesNextPbx(reasons.transportError!, unheard)).toBe(true);
    expect(triesNextPbx(reasons.knownDown!, unheard)).toBe(true);
  });

  it('a final answer from the PBX (486, 503) or a ring timeout: never', () => {
    for (const reason of [reasons.pbx503!, reasons.busy!, reasons.ringTimeout!])
      expect(triesNextPbx(reason, unheard)).toBe(false);
  });

  it('once the PBX said anything, or the visitor hung up: never', () => {
    expect(triesNextPbx(reasons.transportError!, { ...unheard, heardFromPbx: true })).toBe(false);
    expect(triesNextPbx(reasons.inviteTimeout!, { ...unheard, hungUp: true })).toBe(false);
  });
});
