import type { CallMedia } from '../media-engine.ts';

export interface PbxSilenceWatchOptions {
  media: Pick<CallMedia, 'pbxBytesReceived' | 'held'>;
  /** MEDIA_PBX_MEDIA_TIMEOUT_MS. */
  timeoutMs: number;
  /** Told once, when nothing came from the PBX for `timeoutMs` outside a hold. */
  onSilent: (silentMs: number) => void;
}

/**
 * Notices a PBX (or an agent's phone) that vanished without a BYE, as rtpengine's --timeout
 * does: started at the answer, it reads how many bytes reached the PBX-facing ports (RTP and
 * RTCP) a few times per timeout, and calls `onSilent` when the count stood still for
 * `timeoutMs`. A hold (the PBX's SDP says sendonly or inactive) restarts the clock: silence
 * is expected then. One round trip to the media process per check, none in flight twice.
 * Returns the function that stops it.
 */
export function watchPbxSilence({
  media,
  timeoutMs,
  onSilent,
}: PbxSilenceWatchOptions): () => void {
  let stopped = false;
  let checking = false;
  let bytes = 0;
  let heardAt = Date.now();
  const check = async () => {
    if (checking) return;
    checking = true;
    try {
      const received = await media.pbxBytesReceived();
      const now = Date.now();
      if (received > bytes || media.held) heardAt = now;
      bytes = Math.max(bytes, received);
      if (!stopped && now - heardAt > timeoutMs) {
        stop();
        onSilent(now - heardAt);
      }
    } catch {
      // The media is closing (the call is ending anyway): this check tells nothing.
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), Math.max(250, Math.min(5000, timeoutMs / 4)));
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}
