import type { CallEndingError, CallEndReason } from '../../../protocol/call-end-reason.ts';

/**
 * A call could not get media from a worker: `worker_lost` when the worker died while the
 * call's media was opening, `no_media_worker` when every worker is being replaced.
 */
export class MediaWorkerError extends Error implements CallEndingError {
  readonly code: 'worker_lost' | 'no_media_worker';

  constructor(code: MediaWorkerError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MediaWorkerError';
    this.code = code;
  }

  get endReason(): CallEndReason {
    return this.code === 'worker_lost'
      ? { code: 'media_worker_lost', cause: this.code, detail: this.message }
      : { code: 'gateway_error', cause: this.code, detail: this.message };
  }
}
