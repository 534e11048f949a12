import type { types } from 'mediasoup';
import type { ConnectionTestEngine, MediaEngine } from '../media-engine.ts';
import { SpareCallRouter } from './call-router.ts';
import { openCallMedia, type CallMediaSettings } from './call-media.ts';
import { openConnectionTestEcho } from './connection-test-echo.ts';

/** The MediaEngine the SIP layer sees, backed by one mediasoup worker. */
export function createMediasoupEngine(
  settings: Omit<CallMediaSettings, 'worker'> & { worker: types.Worker },
): MediaEngine & ConnectionTestEngine {
  // One router made ahead per worker takes the worker's round trips off each call's set-up.
  const callSettings = {
    ...settings,
    callRouters: new SpareCallRouter(settings.worker, settings.pbxRtp),
  };
  return {
    openCall: (options) => openCallMedia(callSettings, options),
    openConnectionTest: (options) => openConnectionTestEcho(settings, options),
  };
}
