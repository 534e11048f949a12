import type { types } from 'mediasoup';
import type { ConnectionTestEngine, MediaEngine } from '../media-engine.ts';
import { openCallMedia, type CallMediaSettings } from './call-media.ts';
import { openConnectionTestEcho } from './connection-test-echo.ts';

/** The MediaEngine the SIP layer sees, backed by one mediasoup worker. */
export function createMediasoupEngine(
  settings: Omit<CallMediaSettings, 'worker'> & { worker: types.Worker },
): MediaEngine & ConnectionTestEngine {
  return {
    openCall: (options) => openCallMedia(settings, options),
    openConnectionTest: (options) => openConnectionTestEcho(settings, options),
  };
}
