// Page-side checks on WebRTC through TURN. The functions handed to page.evaluate run in the
// page: they close over nothing from this module.
import type { BrowserContext, Page } from 'playwright-core';
import type { IceServer } from '../../../protocol/api/ice-server.ts';

interface RecordingWindow {
  rigPeerConnections?: RTCPeerConnection[];
}

/** Keeps every RTCPeerConnection the pages of `context` create, for selectedPath(). */
export async function recordPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const recorded: RTCPeerConnection[] = [];
    (window as RecordingWindow).rigPeerConnections = recorded;
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        recorded.push(this);
      }
    };
  });
}

export interface SelectedPath {
  /** host, srflx, prflx or relay. */
  localCandidateType: string;
  /** The browser's end as the gateway sees it: for a relay, the TURN server's relay address. */
  localAddress: string;
  /** For a relay candidate: how the browser reaches the TURN server (udp, tcp, tls). */
  relayProtocol: string | undefined;
  /** The far end: the gateway's address and transport. */
  remoteAddress: string;
  remoteProtocol: string;
}

/** The candidate pair ICE selected on the page's connected peer connection (the call's). */
export function selectedPath(page: Page): Promise<SelectedPath | undefined> {
  return page.evaluate(async () => {
    const connected = ((window as RecordingWindow).rigPeerConnections ?? []).filter(
      (pc) => pc.connectionState === 'connected',
    );
    const pc = connected[connected.length - 1];
    if (!pc) return undefined;
    const stats = await pc.getStats();
    let pairId: string | undefined;
    stats.forEach((stat: { type: string; selectedCandidatePairId?: string }) => {
      if (stat.type === 'transport' && stat.selectedCandidatePairId)
        pairId = stat.selectedCandidatePairId;
    });
    const pair = pairId
      ? (stats.get(pairId) as { localCandidateId: string; remoteCandidateId: string })
      : undefined;
    if (!pair) return undefined;
    const local = stats.get(pair.localCandidateId) as {
      candidateType: string;
      address: string;
      relayProtocol?: string;
    };
    const remote = stats.get(pair.remoteCandidateId) as { address: string; protocol: string };
    return {
      localCandidateType: local.candidateType,
      localAddress: local.address,
      relayProtocol: local.relayProtocol,
      remoteAddress: remote.address,
      remoteProtocol: remote.protocol,
    };
  });
}

export interface RelayAttempt {
  /** Relay candidates gathered: 1 when the TURN server gave an allocation. */
  relayCandidates: number;
  /** The TURN errors the browser reported, `<code> <text>` (401: credential refused). */
  errors: string[];
}

/** Asks the TURN server for a relay with `server`'s credential, as a new peer connection. */
export function tryRelay(page: Page, server: IceServer): Promise<RelayAttempt> {
  return page.evaluate(async (iceServer) => {
    const pc = new RTCPeerConnection({ iceServers: [iceServer], iceTransportPolicy: 'relay' });
    const errors: string[] = [];
    pc.addEventListener('icecandidateerror', (event) =>
      errors.push(`${event.errorCode} ${event.errorText}`),
    );
    pc.createDataChannel('relay-check');
    await pc.setLocalDescription(await pc.createOffer());
    // Gathering ends once the TURN server answered, with an allocation or an error.
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
    const relayCandidates = (pc.localDescription?.sdp ?? '')
      .split('\n')
      .filter((line) => line.startsWith('a=candidate') && line.includes(' typ relay')).length;
    pc.close();
    return { relayCandidates, errors };
  }, server);
}
