import type { Core } from 'sip.js';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import { CallBridge, type CallBridgeDeps } from '../call/call-bridge.ts';
import type { CallObserver } from '../call/call-observer.ts';
import { SipBrowserLeg } from '../call/sip-browser-leg.ts';
import type { BrowserConnection } from '../sip/browser/browser-connection.ts';
import type { LiveCalls } from './live-calls.ts';

export interface BrowserCallAdmissionOptions {
  bridgeDeps: CallBridgeDeps;
  calls: LiveCalls<CallBridge>;
  /** True while the gateway drains: new calls are refused. */
  draining(): boolean;
}

/** Why a new call is refused while the gateway drains: the widget offers "call again" and a callback. */
const drainingRefusal: CallEndReason = { code: 'gateway_draining', cause: 'draining' };

/**
 * Each browser INVITE: refused (503, `gateway_draining`) while the gateway drains, otherwise
 * bridged to the queue and counted among the live calls until it ends.
 */
export function admitBrowserCalls(
  options: BrowserCallAdmissionOptions,
): (invite: Core.IncomingInviteRequest, connection: BrowserConnection) => void {
  const { bridgeDeps, calls } = options;
  return (invite, connection) => {
    const browser = new SipBrowserLeg(invite, connection);
    if (options.draining()) {
      browser.refuse(drainingRefusal);
      bridgeDeps.logger.info({ reason: drainingRefusal.code }, 'call refused: gateway draining');
      bridgeDeps.observer.ended(undefined, drainingRefusal, undefined);
      return;
    }
    const observer: CallObserver = {
      ...bridgeDeps.observer,
      ended: (...args) => {
        calls.delete(bridge);
        bridgeDeps.observer.ended(...args);
      },
    };
    const bridge = new CallBridge({ ...bridgeDeps, observer }, browser);
    calls.add(bridge);
    browser.listen(bridge);
    bridge.start();
  };
}
