// A call bridge wired to the fakes of call-bridge-fakes.ts, each side released by the test,
// with the real toll-fraud guard in front of the dialling.
import { Registry } from 'prom-client';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import { CallBridge } from '../../../media/src/call/call-bridge.ts';
import type { CallObserver } from '../../../media/src/call/call-observer.ts';
import { dialTargetGuard } from '../../../media/src/call/dial-target-guard.ts';
import type { DialTargetVerdict } from '../../../media/src/node/dial-target-allow-list.ts';
import { plausibleClaims } from '../caller/crafted-tokens.ts';
import {
  deferred,
  FakeBrowserLeg,
  FakeCallMedia,
  FakeEngine,
  FakeTrunk,
  memoryLogger,
  recordingObserver,
  settle,
  type ObservedStep,
} from './call-bridge-fakes.ts';

/**
 * A bridge on fakes, with the token check, media and trunk each released by the test; the
 * real toll-fraud guard answers from an allow-list that says `dialTarget` (default allowed).
 */
export function bridgeOnFakes(
  options: {
    observer?: (steps: ObservedStep[]) => CallObserver;
    dialTarget?: Promise<DialTargetVerdict>;
    /** What the allow-list says per target instead (transfers' targets too). */
    allows?: (target: string) => DialTargetVerdict;
    /** MEDIA_PBX_MEDIA_TIMEOUT_MS (default 30 s). */
    pbxMediaTimeoutMs?: number;
  } = {},
) {
  const claims = plausibleClaims() as CallTokenClaims;
  const token = deferred<CallTokenClaims>();
  const browser = new FakeBrowserLeg();
  const engine = new FakeEngine();
  const trunk = new FakeTrunk();
  const steps: ObservedStep[] = [];
  const logger = memoryLogger();
  const metrics = new Registry();
  const guard = dialTargetGuard({
    allowList: {
      check: (_site, target) =>
        options.allows
          ? Promise.resolve(options.allows(target))
          : (options.dialTarget ?? Promise.resolve('allowed')),
    },
    logger,
    metrics,
  });
  const bridge = new CallBridge(
    {
      engine,
      trunk,
      verifyToken: () => token.promise,
      checkDialTarget: guard.checkDialTarget,
      checkTransfer: guard.checkTransfer,
      trunkCodecs: ['PCMU'],
      pbxMediaTimeoutMs: options.pbxMediaTimeoutMs ?? 30_000,
      routingHeaders: {
        intent: 'X-Intent',
        language: 'X-Language',
        country: 'X-Country',
        callId: 'X-Call-Id',
        connection: 'X-Connection',
      },
      logger,
      observer: (options.observer ?? recordingObserver)(steps),
    },
    browser,
  );
  bridge.start();
  const media = new FakeCallMedia();
  /** Token accepted and media opened: the INVITE is out to the PBX. */
  const dialled = async () => {
    token.resolve(claims);
    await settle();
    engine.opened[0]!.media.resolve(media);
    await settle();
    const call = trunk.calls[0];
    if (!call) throw new Error('the bridge placed no call');
    return call;
  };
  /** The PBX's 200 with its SDP, our answer released. */
  const answered = async () => {
    const call = await dialled();
    call.events.onAnswered('pbx-200-sdp');
    media.pbxAnswers.at(-1)!.reply.resolve('browser-200-sdp');
    await settle();
    return call;
  };
  const fakes = { bridge, claims, token, browser, engine, trunk, media, steps, logger, metrics };
  return { ...fakes, dialled, answered };
}
