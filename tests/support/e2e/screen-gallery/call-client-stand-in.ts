// Stands in for widget/src/call/call-client.ts in the screen gallery (bundled-page.ts swaps
// it in): no gateway, no SIP, no microphone. The call plays what its scene's call token
// names, at once, through the real CallScreen's callbacks.
import type { VisitorCallEndCode } from '../../../../protocol/call-end-reason.ts';
import type { CallClient, CallClientOptions } from '../../../../widget/src/call/call-client.ts';

/**
 * What a canned call does: ring; be answered by an agent; be answered on a poor line; be
 * answered, then cut off by a lost connection.
 */
export type CannedCall = 'ringing' | 'talking' | 'poor-line' | 'cut-off';

/** The gateway's receiver report on a poor line: 5 % lost, 500 ms round trip, 40 ms jitter. */
const poorLineStats = new Map([
  [
    'remote-inbound',
    {
      type: 'remote-inbound-rtp',
      kind: 'audio',
      fractionLost: 0.05,
      roundTripTime: 0.5,
      jitter: 0.04,
    },
  ],
]);

export function startCall(options: CallClientOptions): Promise<CallClient> {
  const call = options.callToken as CannedCall;
  let ended = false;
  const end = (code: VisitorCallEndCode) => {
    if (!ended) options.onEnded(code);
    ended = true;
  };
  options.onRinging();
  if (call !== 'ringing') {
    options.onAnswered();
    options.onAgentName('Gloria Mcgee');
  }
  if (call === 'cut-off') end('connection_lost');
  // Only what useCallQuality reads of a connection: its stats, and no microphone track.
  const connection = {
    getStats: () => Promise.resolve(poorLineStats),
    getSenders: () => [],
  } as unknown as RTCPeerConnection;
  return Promise.resolve({
    hangUp: () => end('visitor_hung_up'),
    setMuted: () => undefined,
    sendDigits: () => true,
    peerConnection: () => (call === 'poor-line' ? connection : undefined),
  });
}
