import type { types } from 'mediasoup';
import type { MediaEndReason } from '../media-engine.ts';
import type { PbxPlainTransport } from './pbx-plain-transport.ts';

export interface MediaWatchdogOptions {
  transport: types.WebRtcTransport;
  pbx: Pick<PbxPlainTransport, 'rtpBytesReceived'>;
  rtpTimeoutMs: number;
  /** False while the PBX holds the call or has not answered: then its silence is expected. */
  expectsPbxAudio: () => boolean;
  onFailure: (reason: MediaEndReason) => void;
}

/**
 * Ends a call whose media died without a BYE: ICE consent lost, DTLS failed, or no RTP from
 * the browser or the PBX for `rtpTimeoutMs`. Returns a function that stops watching.
 */
export function startMediaWatchdog(options: MediaWatchdogOptions): () => void {
  const { transport, pbx, rtpTimeoutMs, expectsPbxAudio, onFailure } = options;
  let fired = false;
  const fail = (reason: MediaEndReason) => {
    if (fired) return;
    fired = true;
    stop();
    onFailure(reason);
  };
  const onIce = (state: types.IceState) => state === 'disconnected' && fail('ice_failed');
  const onDtls = (state: types.DtlsState) => state === 'failed' && fail('dtls_failed');
  transport.on('icestatechange', onIce);
  transport.on('dtlsstatechange', onDtls);

  const startedAt = Date.now();
  let browserBytes = 0;
  let browserHeardAt = startedAt;
  let pbxBytes = 0;
  let pbxHeardAt = 0;
  let pbxQuietSince = startedAt;
  const timer = setInterval(
    async () => {
      const now = Date.now();
      const [stats, fromPbx] = await Promise.all([
        transport.getStats().catch(() => []),
        pbx.rtpBytesReceived().catch(() => 0),
      ]);
      const received = stats[0]?.rtpBytesReceived ?? 0;
      if (received > browserBytes) {
        browserBytes = received;
        browserHeardAt = now;
      }
      if (fromPbx > pbxBytes) {
        pbxBytes = fromPbx;
        pbxHeardAt = now;
      }
      if (!expectsPbxAudio()) pbxQuietSince = now;
      const pbxAliveAt = Math.max(pbxHeardAt, pbxQuietSince);
      if (now - browserHeardAt > rtpTimeoutMs || now - pbxAliveAt > rtpTimeoutMs)
        fail('rtp_timeout');
    },
    // Each check is two round trips to the worker per call: a quarter of the timeout is enough.
    Math.max(250, Math.min(5000, rtpTimeoutMs / 4)),
  );

  function stop() {
    clearInterval(timer);
    transport.off('icestatechange', onIce);
    transport.off('dtlsstatechange', onDtls);
  }
  return stop;
}
