import { expect } from 'vitest';
import { startStack, type Stack } from '../../../infra/dev/stack.ts';
import { allowCallsFromOneAddress } from '../../../infra/dev/site-edits.ts';
import type { Rig } from '../rig/use-rig.ts';
import { startRtpEcho, type RtpEcho } from './rtp-echo.ts';
import { startSippPbx, type SippCall, type SippPbx } from './sipp-pbx.ts';
import { newSdesKey, sdesKeyOf } from '../media/srtp-phone-crypto.ts';
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
  call(scenario: string, options?: ScenarioOptions): Promise<SippScenarioCall>;
  /** The same PBX side only, for a visitor the test places itself (a browser, say). */
  play(scenario: string, options?: ScenarioOptions): Promise<{ pbx: SippCall; phones: RtpEcho[] }>;
  close(): Promise<void>;
}

export interface ScenarioOptions {
  phones?: number;
  keys?: Record<string, string>;
  /** New INVITEs the scenario takes (1; a transfer's INVITE is a second). */
  calls?: number;
  /** The payload type the phones switch to after some packets (rtp-echo.ts); none by default. */
  phonesSwitchTo?: { payloadType: number; afterPackets: number };
  /**
   * SRTP phones (SDES): each its own key (keys `pbx_key`, `moved_pbx_key`), each decrypting
   * with the key of the gateway's INVITE (its tag 1); for a trunk with MEDIA_TRUNK_SRTP=sdes.
   */
  srtpPhones?: boolean;
}

export interface SippScenarioCall {
  readonly visitor: VisitorCall;
  readonly pbx: SippCall;
  /** The agents' phones: [0] at `rtp_port`, [1] at `moved_rtp_port`. */
  readonly phones: RtpEcho[];
  /** Hangs up as the visitor, and checks SIPp saw its scenario through. */
  hangUpAndCheck(): Promise<void>;
}

/**
 * `mediaEnv`: more of the gateway's settings (e.g. MEDIA_TRUNK_CREDENTIALS_FILE);
 * `rebuildWidget`: build the widget first, for a test that drives it in a browser.
 */
export async function startSippCallRig(
  rig: Rig,
  options: { mediaEnv?: Record<string, string>; rebuildWidget?: boolean } = {},
): Promise<SippCallRig> {
  const pbx: SippPbx = await startSippPbx({
    processes: rig.processes,
    workDir: rig.dir.workDir('sipp'),
  });
  const stack = await startStack({
    processes: rig.processes,
    workDir: rig.dir.workDir('stack'),
    agents: [],
    rebuildWidget: options.rebuildWidget ?? false,
    editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 100),
    mediaEnv: {
      MEDIA_TRUNK_HOST: '127.0.0.1',
      MEDIA_TRUNK_PORT: String(pbx.port),
      MEDIA_TRUNK_TRANSPORT: 'udp',
      ...options.mediaEnv,
    },
  });
  const open: { visitor?: VisitorCall; phones: RtpEcho[] }[] = [];
  const play = async (
    scenario: string,
    {
      phones: count = 2,
      keys: more = {},
      calls = 1,
      phonesSwitchTo,
      srtpPhones,
    }: ScenarioOptions = {},
  ) => {
    // The gateway's key is in its INVITE, which SIPp (started below) sees after the phones.
    const started: { sipp?: SippCall } = {};
    const gatewayKey = () => sdesKeyOf(started.sipp?.requests('INVITE')[0]?.body ?? '', 1);
    const phoneKeys = Array.from({ length: count }, () => newSdesKey());
    const phones = await Promise.all(
      phoneKeys.map((phoneKey) =>
        startRtpEcho({
          ...(phonesSwitchTo ? { switchTo: phonesSwitchTo } : {}),
          ...(srtpPhones ? { srtp: { phoneKey, gatewayKey } } : {}),
        }),
      ),
    );
    open.push({ phones });
    const keys = {
      rtp_port: phones[0]?.port ?? 9,
      moved_rtp_port: phones[1]?.port ?? 9,
      ...(srtpPhones ? { pbx_key: phoneKeys[0] ?? '', moved_pbx_key: phoneKeys[1] ?? '' } : {}),
    };
    started.sipp = await pbx.play(scenario, { ...keys, ...more }, { calls });
    return { pbx: started.sipp, phones };
  };
  return {
    stack,
    play,
    async call(scenario, options) {
      const { pbx: sipp, phones } = await play(scenario, options);
      const visitor = await placeVisitorCall(stack);
      open.push({ visitor, phones: [] });
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
        await visitor?.close();
        for (const phone of phones) phone.close();
      }
      await pbx.close();
      await stack.stop();
    },
  };
}
