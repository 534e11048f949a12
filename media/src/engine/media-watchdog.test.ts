import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaEndReason } from '../media-engine.ts';
import { startMediaWatchdog, type MediaWatchdogOptions } from './media-watchdog.ts';

const rtpTimeoutMs = 2000;

/** The browser's WebRtcTransport as the watchdog sees it: its state events and RTP count. */
class FakeBrowserTransport extends EventEmitter {
  rtpBytesReceived = 0;
  getStats() {
    return Promise.resolve([{ rtpBytesReceived: this.rtpBytesReceived }]);
  }
}

describe('the media watchdog on the browser side', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  const watch = () => {
    const transport = new FakeBrowserTransport();
    const ended: MediaEndReason[] = [];
    const state = { answered: false };
    const stop = startMediaWatchdog({
      transport: transport as unknown as MediaWatchdogOptions['transport'],
      rtpTimeoutMs,
      expectsBrowserAudio: () => state.answered,
      onFailure: (reason) => ended.push(reason),
    });
    return { transport, ended, state, stop };
  };

  it('lets the PBX ring in silence for longer than the timeout: no answer, no audio due', async () => {
    const w = watch();
    await vi.advanceTimersByTimeAsync(10 * rtpTimeoutMs);
    expect(w.ended).toEqual([]);
    w.stop();
  });

  it('ends the call once the browser, answered, sent nothing for the timeout', async () => {
    const w = watch();
    await vi.advanceTimersByTimeAsync(5 * rtpTimeoutMs);
    w.state.answered = true;
    for (let i = 0; i < 12; i++) {
      w.transport.rtpBytesReceived += 160;
      await vi.advanceTimersByTimeAsync(rtpTimeoutMs / 4);
    }
    expect(w.ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(rtpTimeoutMs + rtpTimeoutMs / 4);
    expect(w.ended).toEqual(['rtp_timeout']);
  });

  it('ends the call at once when ICE consent is lost, and tells it once', async () => {
    const w = watch();
    w.transport.emit('icestatechange', 'disconnected');
    w.transport.emit('dtlsstatechange', 'failed');
    await vi.advanceTimersByTimeAsync(10 * rtpTimeoutMs);
    expect(w.ended).toEqual(['ice_failed']);
  });
});
