import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestKey, UdpRetransmitter } from './udp-retransmitter.ts';

const request = (method: string, branch: string) =>
  `${method} sip:q@pbx SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=${branch};rport\r\n` +
  `CSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`;

describe('UDP retransmissions (RFC 3261 17.1)', () => {
  let resent: string[];
  let retransmitter: UdpRetransmitter;
  beforeEach(() => {
    vi.useFakeTimers();
    resent = [];
    retransmitter = new UdpRetransmitter((m) => resent.push(m));
  });
  afterEach(() => {
    retransmitter.stopAll();
    vi.useRealTimers();
  });

  /** Times (ms from the first send) at which the request went out again. */
  const resendTimes = (untilMs: number) => {
    const times: number[] = [];
    for (let t = 0; t <= untilMs; t += 10) {
      const before = resent.length;
      vi.advanceTimersByTime(10);
      if (resent.length > before) times.push(t + 10);
    }
    return times;
  };

  it('Timer A: re-sends an INVITE at T1, 2T1, 4T1... and gives up at 64*T1 (Timer B)', () => {
    retransmitter.sent(request('INVITE', 'z9hG4bK1'));
    expect(resendTimes(40_000)).toEqual([500, 1500, 3500, 7500, 15500, 31500]);
    expect(retransmitter.size).toBe(0);
  });

  it('stops an INVITE at the first response, even a 100 Trying', () => {
    retransmitter.sent(request('INVITE', 'z9hG4bK2'));
    vi.advanceTimersByTime(600);
    retransmitter.received('z9hG4bK2', 'INVITE', 100);
    expect(resendTimes(10_000)).toEqual([]);
    expect(resent).toHaveLength(1);
  });

  it('Timer E: doubles up to T2 for a non-INVITE, T2 after a provisional, stops at a final', () => {
    retransmitter.sent(request('BYE', 'z9hG4bK3'));
    expect(resendTimes(12_000)).toEqual([500, 1500, 3500, 7500, 11500]);
    retransmitter.received('z9hG4bK3', 'BYE', 200);
    expect(resendTimes(10_000)).toEqual([]);

    retransmitter.sent(request('OPTIONS', 'z9hG4bK4'));
    retransmitter.received('z9hG4bK4', 'OPTIONS', 180);
    expect(resendTimes(9_000)).toEqual([500, 4500, 8500]);
  });

  it('keeps a CANCEL apart from the INVITE it shares a branch with, and never re-sends ACK', () => {
    retransmitter.sent(request('INVITE', 'z9hG4bK5'));
    retransmitter.received('z9hG4bK5', 'INVITE', 180);
    retransmitter.sent(request('CANCEL', 'z9hG4bK5'));
    retransmitter.sent(request('ACK', 'z9hG4bK6'));
    expect(retransmitter.size).toBe(1);
    retransmitter.received('z9hG4bK5', 'INVITE', 487);
    expect(retransmitter.size).toBe(1);
    retransmitter.received('z9hG4bK5', 'CANCEL', 200);
    expect(retransmitter.size).toBe(0);
  });

  it('reads the key of a request, not of a response', () => {
    expect(requestKey(request('INVITE', 'z9hG4bKabc'))).toBe('z9hG4bKabc INVITE');
    expect(requestKey('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n\r\n')).toBe(
      undefined,
    );
  });
});
