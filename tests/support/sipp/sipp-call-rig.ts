import { expect } from 'vitest';
import { startStack, type Stack } from '../../../infra/dev/stack.ts';
import { allowCallsFromOneAddress } from '../../../infra/dev/site-edits.ts';
import type { Rig } from '../rig/use-rig.ts';
import { startRtpEcho, type RtpEcho } from './rtp-echo.ts';
import { startSippPbx, type SippCall, type SippPbx } from './sipp-pbx.ts';
import { placeVisitorCall, type VisitorCall } from './visitor-call.ts';

/**
 * The API and the gateway as they run, with SIPp as the contact center's PBX (sipp-pbx.ts):
 * each test plays one scenario of scenarios/ against one visitor's call, the PBX's media going
 * to RTP echoes (one per agent's phone) whose ports the scenario's SDP names.
 */
export interface SippCallRig {
  readonly stack: Stack;
  /**
   * Starts SIPp on `scenario` with `phones` echo endpoints (their ports as the keys
   * `rtp_port`, `moved_rtp_port`), then places the visitor's call.
   */
  call(scenario: string, options?: { phones?: number }): Promise<SippScenarioCall>;
  close(): Promise<void>;
}

export interface SippScenarioCall {
  readonly visitor: VisitorCall;
  readonly pbx: SippCall;
  /** The agents' phones: [0] at `rtp_port`, [1] at `moved_rtp_port`. */
  readonly phones: RtpEcho[];
  /** Hangs up as the visitor, and checks SIPp saw its scenario through. */
  hangUpAndCheck(): Promise<void>;
}

export async function startSippCallRig(rig: Rig): Promise<SippCallRig> {
  const pbx: SippPbx = await startSippPbx({
    processes: rig.processes,
    workDir: rig.dir.workDir('sipp'),
  });
  const stack = await startStack({
    processes: rig.processes,
    workDir: rig.dir.workDir('stack'),
    agents: [],
    rebuildWidget: false,
    editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 100),
    mediaEnv: {
      MEDIA_TRUNK_HOST: '127.0.0.1',
      MEDIA_TRUNK_PORT: String(pbx.port),
      MEDIA_TRUNK_TRANSPORT: 'udp',
    },
  });
  const open: { visitor: VisitorCall; phones: RtpEcho[] }[] = [];
  return {
    stack,
    async call(scenario, { phones: count = 2 } = {}) {
      const phones = await Promise.all(Array.from({ length: count }, () => startRtpEcho()));
      const keys = { rtp_port: phones[0]?.port ?? 9, moved_rtp_port: phones[1]?.port ?? 9 };
      const sipp = await pbx.play(scenario, keys);
      const visitor = await placeVisitorCall(stack);
      open.push({ visitor, phones });
      return {
        visitor,
        pbx: sipp,
        phones,
        async hangUpAndCheck() {
          expect(await visitor.hangUp()).toBe(200);
          const outcome = await sipp.finished();
          expect(outcome, outcome.errors).toMatchObject({ code: 0 });
        },
      };
    },
    async close() {
      for (const { visitor, phones } of open) {
        await visitor.close();
        for (const phone of phones) phone.close();
      }
      await pbx.close();
      await stack.stop();
    },
  };
}
