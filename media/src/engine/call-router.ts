import type { types } from 'mediasoup';
import { PbxPlainTransport, type PbxRtpSettings } from './pbx-plain-transport.ts';

/**
 * What a call needs before its INVITE can leave: a router of its own, whose payload types are
 * the browser's, and the PlainTransport toward the PBX, whose address the INVITE's SDP names.
 */
export interface CallRouter {
  router: types.Router;
  pbx: PbxPlainTransport;
}

/** Where a call gets its router: made for it, or made ahead (SpareCallRouter). */
export interface CallRouterSource {
  take(codecs: types.RouterRtpCodecCapability[]): Promise<CallRouter>;
}

/**
 * A router's appData while it waits for a call (SpareCallRouter): a spare holds no call, and a
 * count of the routers holding calls (tests, soaks) leaves it out.
 */
export interface CallRouterAppData extends types.AppData {
  spare: boolean;
}

/** A router and its PBX transport, made now: two round trips to the worker. */
export async function makeCallRouter(
  worker: types.Worker,
  codecs: types.RouterRtpCodecCapability[],
  pbxRtp: PbxRtpSettings,
  appData: CallRouterAppData = { spare: false },
): Promise<CallRouter> {
  const router = await worker.createRouter<CallRouterAppData>({ mediaCodecs: codecs, appData });
  try {
    return { router, pbx: await PbxPlainTransport.open(router, pbxRtp) };
  } catch (error) {
    router.close();
    throw error;
  }
}

/** Every call's router made when the call comes (tests that drive one call's media). */
export function callRoutersMadeOnDemand(
  worker: types.Worker,
  pbxRtp: PbxRtpSettings,
): CallRouterSource {
  return { take: (codecs) => makeCallRouter(worker, codecs, pbxRtp) };
}

/**
 * One call router made ahead on a worker, for the next call: the two round trips to the worker
 * then leave the set-up path (token checked -> INVITE out), which they were most of. It is made
 * for the codecs of the call before (browsers of one kind offer the same payload types every
 * time); a call offering others gets one made then, and the spare is made anew for them. A
 * spare holds two ports of the PBX range and nothing else, and goes with its worker.
 */
export class SpareCallRouter implements CallRouterSource {
  readonly #worker: types.Worker;
  readonly #pbxRtp: PbxRtpSettings;
  #spare: { key: string; made: Promise<CallRouter | undefined> } | undefined;

  constructor(worker: types.Worker, pbxRtp: PbxRtpSettings) {
    this.#worker = worker;
    this.#pbxRtp = pbxRtp;
  }

  async take(codecs: types.RouterRtpCodecCapability[]): Promise<CallRouter> {
    const key = JSON.stringify(codecs);
    const spare = this.#spare;
    this.#spare = undefined;
    if (spare && spare.key !== key) void spare.made.then((made) => made?.router.close());
    const fitting = spare?.key === key ? await spare.made : undefined;
    // A spare of a worker that died since is closed with it: the call gets a fresh one, which
    // fails the same way if the worker is gone (the pool then ends the call, worker_lost).
    const callRouter =
      fitting && !fitting.router.closed
        ? fitting
        : await makeCallRouter(this.#worker, codecs, this.#pbxRtp);
    callRouter.router.appData.spare = false;
    // After the caller's own next steps (the INVITE goes out within the same turn).
    setImmediate(() => this.#makeSpare(key, codecs));
    return callRouter;
  }

  #makeSpare(key: string, codecs: types.RouterRtpCodecCapability[]): void {
    if (this.#spare || this.#worker.closed) return;
    // A spare that cannot be made is no error of any call: the next call makes its own.
    const made = makeCallRouter(this.#worker, codecs, this.#pbxRtp, { spare: true }).catch(
      () => undefined,
    );
    this.#spare = { key, made };
  }
}
