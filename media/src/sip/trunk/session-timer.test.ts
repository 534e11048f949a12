import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  parseMinSe,
  parseSessionExpires,
  SessionTimer,
  sessionExpiresForAnswer,
  termsFromRequest,
  termsFromResponse,
} from './session-timer.ts';

describe('session timer (RFC 4028)', () => {
  afterEach(() => vi.useRealTimers());

  it('parses Session-Expires and Min-SE, bounding silly values', () => {
    expect(parseSessionExpires('1800;refresher=uac')).toEqual({ seconds: 1800, refresher: 'uac' });
    expect(parseSessionExpires(' 90 ; refresher = UAS')).toEqual({ seconds: 90, refresher: 'uas' });
    expect(parseSessionExpires('0')).toEqual({ seconds: 2, refresher: undefined });
    expect(parseSessionExpires('99999999999')).toBeUndefined();
    expect(parseSessionExpires('abc')).toBeUndefined();
    expect(parseMinSe('120')).toBe(120);
    expect(parseMinSe('x')).toBeUndefined();
  });

  it('decides who refreshes', () => {
    expect(termsFromResponse('600;refresher=uac')).toEqual({ expiresS: 600, weRefresh: true });
    expect(termsFromResponse('600;refresher=uas')).toEqual({ expiresS: 600, weRefresh: false });
    expect(termsFromResponse(undefined)).toBeUndefined();
    expect(termsFromRequest('600;refresher=uac')).toEqual({ expiresS: 600, weRefresh: false });
    expect(termsFromRequest('600;refresher=uas')).toEqual({ expiresS: 600, weRefresh: true });
    expect(sessionExpiresForAnswer({ expiresS: 600, weRefresh: false })).toBe('600;refresher=uac');
  });

  it('refreshes at half the interval when we are the refresher', () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const expired = vi.fn();
    const timer = new SessionTimer({ refresh, expired });
    timer.apply({ expiresS: 90, weRefresh: true });
    vi.advanceTimersByTime(44_999);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledOnce();
    expect(expired).not.toHaveBeenCalled();
  });

  it('expires at interval - min(32, interval/3) when the PBX should refresh, unless it does', () => {
    vi.useFakeTimers();
    const refresh = vi.fn();
    const expired = vi.fn();
    const timer = new SessionTimer({ refresh, expired });
    timer.apply({ expiresS: 90, weRefresh: false });
    vi.advanceTimersByTime(50_000);
    timer.restart(); // a refresh arrived
    vi.advanceTimersByTime(59_999);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledOnce();
    timer.stop();
  });
});
