import { startStack, type Stack } from '../../../infra/dev/stack.ts';
import { allowCallsFromOneAddress } from '../../../infra/dev/site-edits.ts';
import type { ProcessRegistry } from '../../../infra/rig/processes.ts';
import { requestCallGrant } from '../caller/api-call-grant.ts';
import { holdWebCall, type HeldWebCall } from '../caller/held-web-call.ts';
import { audioTimeline, type AudioTimeline } from '../media/audio-gaps.ts';
import { packetCount, type PacketCount } from '../media/packet-count.ts';
import { payloadTag } from '../media/tagged-payload.ts';
import { startPlainRtpPeer, type PlainRtpPeer } from '../sip/plain-rtp-peer.ts';
import { startSipResponder } from '../sip/sip-responder.ts';

/**
 * A visitor's call whose audio is timed at both ends: the visitor (a WebRTC peer in this
 * process) and the agent (a plain RTP peer answering for the PBX, also in this process), each
 * packet tagged with its send index, so audio-gaps.ts can tell what the gateway lost or held.
 */
export interface TimedCall {
  readonly visitor: HeldWebCall;
  /** The agent's audio as the visitor received it. */
  readonly toVisitor: AudioTimeline;
  /** The visitor's audio as the agent received it. */
  readonly toAgent: AudioTimeline;
  /** Resolves once `packets` more have reached the agent than so far. */
  agentHears(packets: number, timeoutMs?: number): Promise<void>;
  hangUp(): Promise<number>;
}

export interface TimedCallRig {
  readonly stack: Stack;
  /** The gateway's /healthz. */
  readonly healthUrl: string;
  /** Places a call from 127.0.0.1 and resolves once audio flows both ways. */
  timedCall(): Promise<TimedCall>;
  close(): Promise<void>;
}

/**
 * The API and the gateway as they run, with a scripted PBX (sip-responder.ts) answering every
 * INVITE with a plain RTP peer of its own, so both ends of a call are measured here.
 */
export async function startTimedCallRig(options: {
  processes: ProcessRegistry;
  workDir: string;
  mediaEnv?: Record<string, string>;
}): Promise<TimedCallRig> {
  const responder = await startSipResponder();
  const pbxLegs: PlainRtpPeer[] = [];
  let nextLeg: ((leg: PacketCount) => void) | undefined;
  let toAgent = audioTimeline();
  let toVisitor = audioTimeline();
  responder.onInvite = (invite) => {
    const timelines = { toAgent, toVisitor };
    const heard = packetCount();
    void startPlainRtpPeer(440, {
      tagPayloads: true,
      onSent: (index) => timelines.toVisitor.sent(index),
      onRtp: (packet) => {
        heard.add();
        const index = payloadTag(packet.payload);
        if (index !== undefined) timelines.toAgent.received(index);
      },
    }).then((peer) => {
      pbxLegs.push(peer);
      responder.reply(invite, 200, { sdp: peer.offer() });
      peer.sendTo(invite.body);
      nextLeg?.(heard);
    });
  };
  const stack = await startStack({
    processes: options.processes,
    workDir: options.workDir,
    agents: [],
    rebuildWidget: false,
    editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 100),
    mediaEnv: {
      MEDIA_TRUNK_HOST: '127.0.0.1',
      MEDIA_TRUNK_PORT: String(responder.port),
      MEDIA_TRUNK_TRANSPORT: 'udp',
      ...options.mediaEnv,
    },
  });
  const healthUrl = new URL('/healthz', stack.gatewayUrl.replace(/^ws/, 'http')).href;

  return {
    stack,
    healthUrl,
    async timedCall() {
      toAgent = audioTimeline();
      toVisitor = audioTimeline();
      const timelines = { toAgent, toVisitor };
      const leg = new Promise<PacketCount>((resolve) => (nextLeg = resolve));
      const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
      const visitor = await holdWebCall({
        gatewayUrl: stack.gatewayUrl,
        token: grant.callToken,
        peer: {
          tagPayloads: true,
          onSent: (index) => timelines.toAgent.sent(index),
          onRtp: (packet) => {
            const index = payloadTag(packet.payload);
            if (index !== undefined) timelines.toVisitor.received(index);
          },
        },
      });
      const heard = await leg;
      const call: TimedCall = {
        visitor,
        toVisitor,
        toAgent,
        agentHears: (packets, timeoutMs) => heard.more(packets, timeoutMs),
        hangUp: () => visitor.hangUp(),
      };
      await Promise.all([visitor.hears(50), call.agentHears(50)]);
      return call;
    },
    async close() {
      for (const leg of pbxLegs) leg.close();
      responder.close();
      await stack.stop();
    },
  };
}
