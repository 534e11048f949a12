import fc from 'fast-check';
import * as mediasoup from 'mediasoup';
import { openCallMedia, type CallMediaSettings } from '../../../media/src/engine/call-media.ts';
import { openConnectionTestEcho } from '../../../media/src/engine/connection-test-echo.ts';
import { SdpError } from '../../../media/src/engine/sdp/sdp-error.ts';
import {
  voiceCodecNames,
  type CallMedia,
  type VoiceCodecName,
} from '../../../media/src/media-engine.ts';
import {
  browserOfferArbitrary,
  browserOfferSeeds,
  dataChannelOfferArbitrary,
  dataChannelOfferSeeds,
  pbxSdpArbitrary,
  pbxSdpSeeds,
} from '../arbitraries/sdp-message.ts';
import {
  check,
  FuzzHang,
  FuzzViolation,
  within,
  type FuzzSession,
  type FuzzTarget,
} from '../fuzz-target.ts';
import { answerProblem } from '../oracles/sdp-answers.ts';

interface Run {
  /** The browser's offer in its INVITE. */
  offer: string;
  /** The trunk's codecs, best first. */
  trunkCodecs: VoiceCodecName[];
  /** The PBX's answer (its 183 or 200). */
  pbxAnswer: string;
  /** A re-INVITE offer from the PBX afterwards (hold, a new address, video added), or none. */
  pbxOffer: string | undefined;
  /** A connection test's offer, to the same engine. */
  dataChannelOffer: string;
}

/** Each step is a few round trips to the worker: this is a ceiling for a hang. */
const stepBoundMs = 10_000;

/**
 * The gateway's SDP entry points on the real engine (a mediasoup worker), as the SIP layer and
 * the connection-test route call them: the browser's offer (openCallMedia), the PBX's answer
 * and re-INVITE offer (acceptPbxAnswer, answerPbxOffer), a connection test's offer
 * (openConnectionTestEcho). Each either refuses with an SdpError (the call ends 488, the test
 * 400) or answers as RFC 3264 wants (oracles/sdp-answers.ts); any other error would end the
 * call as a gateway error (500). Nothing of a run is left in the worker after it.
 */
export const sdpOfferAnswerTarget: FuzzTarget = {
  name: 'sdp-offer-answer',
  async start(): Promise<FuzzSession> {
    const worker = await mediasoup.createWorker({ logLevel: 'none' });
    const settings: CallMediaSettings = {
      worker,
      listenIp: '127.0.0.1',
      portRange: { min: 20000, max: 23000 },
      pbxRtp: { listenIp: '127.0.0.1', portRange: { min: 61000, max: 62999 } },
      rtpTimeoutMs: 60_000,
    };
    let inputs = 0;

    const run: fc.Arbitrary<Run> = fc.record({
      offer: browserOfferArbitrary,
      trunkCodecs: fc.shuffledSubarray([...voiceCodecNames], { minLength: 1 }),
      pbxAnswer: pbxSdpArbitrary,
      pbxOffer: fc.option(pbxSdpArbitrary, { nil: undefined }),
      dataChannelOffer: dataChannelOfferArbitrary,
    });

    const exchange = async (input: Run) => {
      inputs += input.pbxOffer === undefined ? 4 : 5;
      const media = await step(
        () =>
          openCallMedia(settings, {
            callId: 'fuzz',
            browserOfferSdp: input.offer,
            trunkCodecs: input.trunkCodecs,
            onEnded: () => {},
          }),
        'openCallMedia (the browser offer)',
      );
      if (media) {
        try {
          await callGoesOn(media, input);
        } finally {
          media.close();
        }
      }
      const echo = await step(
        () =>
          openConnectionTestEcho(settings, {
            browserOfferSdp: input.dataChannelOffer,
            probeChannelId: 0,
            maxLifetimeMs: 60_000,
            onEnded: () => {},
          }),
        'openConnectionTestEcho (a connection test offer)',
      );
      if (echo) {
        echo.close();
        const problem = answerProblem(input.dataChannelOffer, echo.answerSdp, {
          takes: 'application',
          webRtc: true,
        });
        check(!problem, () => `connection test answer: ${problem}`);
      }
      const left = (await worker.dump()).routerIds;
      check(left.length === 0, () => `${left.length} router(s) left in the worker after the run`);
    };

    return {
      property: fc.asyncProperty(run, exchange),
      get inputs() {
        return inputs;
      },
      async stillServes() {
        const media = await openCallMedia(settings, {
          callId: 'after-the-runs',
          browserOfferSdp: browserOfferSeeds[0]!,
          trunkCodecs: ['PCMU'],
          onEnded: () => {},
        });
        try {
          const answer = await media.acceptPbxAnswer(pbxSdpSeeds[0]!);
          const problem = answerProblem(browserOfferSeeds[0]!, answer, {
            takes: 'audio',
            webRtc: true,
          });
          check(!problem, () => `after the runs: ${problem}`);
        } finally {
          media.close();
        }
        const echo = await openConnectionTestEcho(settings, {
          browserOfferSdp: dataChannelOfferSeeds[0]!,
          probeChannelId: 0,
          maxLifetimeMs: 60_000,
          onEnded: () => {},
        });
        echo.close();
      },
      async close() {
        worker.close();
      },
    };
  },
};

/** The PBX answers (and maybe re-offers): each step is refused cleanly or answered right. */
async function callGoesOn(media: CallMedia, input: Run): Promise<void> {
  const encodings = [...input.trunkCodecs.map((name) => name.toLowerCase()), 'telephone-event'];
  const answer = await step(
    () => media.acceptPbxAnswer(input.pbxAnswer),
    'acceptPbxAnswer (the PBX answer)',
  );
  if (answer === undefined) return;
  const problem = answerProblem(input.offer, answer, { takes: 'audio', encodings, webRtc: true });
  check(!problem, () => `answer to the browser: ${problem}`);
  if (input.pbxOffer === undefined) return;
  const pbxOffer = input.pbxOffer;
  const ours = await step(() => media.answerPbxOffer(pbxOffer), 'answerPbxOffer (a PBX re-INVITE)');
  if (ours === undefined) return;
  const pbxProblem = answerProblem(pbxOffer, ours, { takes: 'audio', encodings, webRtc: false });
  check(!pbxProblem, () => `answer to the PBX: ${pbxProblem}`);
}

/**
 * One entry point: its result, or undefined when it refused with an SdpError. Any other error
 * is a violation; so is a step that took longer than the bound, synchronous parsing included
 * (a timer cannot interrupt it, so the time is measured too).
 */
async function step<T>(call: () => Promise<T>, what: string): Promise<T | undefined> {
  const started = performance.now();
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: await within(call(), stepBoundMs, what) };
  } catch (error) {
    outcome = { error };
  }
  const took = performance.now() - started;
  if (took > stepBoundMs)
    throw new FuzzHang(`${what}: took ${Math.round(took)} ms (bound ${stepBoundMs} ms)`);
  if ('value' in outcome) return outcome.value;
  const { error } = outcome;
  if (error instanceof FuzzHang) throw error;
  if (error instanceof SdpError) return undefined;
  throw new FuzzViolation(`${what} failed with an unclassified ${describeError(error)}`);
}

const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error);
