import type { types } from 'mediasoup';
import type { MediaEngine } from '../media-engine.ts';
import { openCallMedia, type CallMediaSettings } from './call-media.ts';

/** The MediaEngine the SIP layer sees, backed by one mediasoup worker. */
export function createMediasoupEngine(
  settings: Omit<CallMediaSettings, 'worker'> & { worker: types.Worker },
): MediaEngine {
  return { openCall: (options) => openCallMedia(settings, options) };
}
