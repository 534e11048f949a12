import type { types } from 'mediasoup';
import type { MediaEndReason } from '../media-engine.ts';

export interface MediaWatchdogOptions {
  transport: Pick<types.WebRtcTransport, 'on' | 'off' | 'getStats'>;
  rtpTimeoutMs: number;
  /**
   * False until the browser has its answer: before that it cannot send (no DTLS yet), however
   * long the PBX rings.
   */
  expectsBrowserAudio: () => boolean;
  onFailure: (reason: MediaEndReason) => void;
}

/**
 * Ends a call whose browser side died without a BYE: ICE consent lost, DTLS failed, or no RTP
 * from the browser for `rtpTimeoutMs` once it had its answer. The PBX side is the call's to
 * watch (pbx-silence-watch.ts): only it knows when the agent answered. Returns a function
 * that stops watching.
 */
export function startMediaWatchdog(options: MediaWatchdogOptions): () => void {
  const { transport, rtpTimeoutMs, expectsBrowserAudio, onFailure } = options;
  // Once stopped (by a failure or by the call closing), a check still in flight says nothing.
  let stopped = false;
  const fail = (reason: MediaEndReason) => {
    if (stopped) return;
    stop();
    onFailure(reason);
  };
  const onIce = (state: types.IceState) => state === 'disconnected' && fail('ice_failed');
  const onDtls = (state: types.DtlsState) => state === 'failed' && fail('dtls_failed');
  transport.on('icestatechange', onIce);
  transport.on('dtlsstatechange', onDtls);

  let browserBytes = 0;
  let browserHeardAt = Date.now();
  const timer = setInterval(
    async () => {
      const stats = await transport.getStats().catch(() => []);
      const now = Date.now();
      const received = stats[0]?.rtpBytesReceived ?? 0;
      // Silence before the answer is expected: the clock starts when audio is due.
      if (received > browserBytes || !expectsBrowserAudio()) browserHeardAt = now;
      browserBytes = Math.max(browserBytes, received);
      if (now - browserHeardAt > rtpTimeoutMs) fail('rtp_timeout');
    },
    // Each check is a round trip to the worker per call: a quarter of the timeout is enough.
    Math.max(250, Math.min(5000, rtpTimeoutMs / 4)),
  );

  function stop() {
    stopped = true;
    clearInterval(timer);
    transport.off('icestatechange', onIce);
    transport.off('dtlsstatechange', onDtls);
  }
  return stop;
}
