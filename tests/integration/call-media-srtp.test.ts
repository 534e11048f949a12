import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as mediasoup from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCallMedia, type CallMediaSettings } from '../../media/src/engine/call-media.ts';
import type { CallMedia } from '../../media/src/media-engine.ts';
import { SdpError } from '../../media/src/engine/sdp/sdp-error.ts';

// SRTP keyed by SDES on the PBX leg, on a real mediasoup worker (its PlainTransport generates
// our key, takes the PBX's at connect()): the keys our offers and answers carry, the PBX's
// answer without one ending the call as incompatible, and a re-INVITE that moves or re-keys the
// call followed (worker patch 0001's second connect()). Media itself is in
// trunk-tls-srtp.test.ts and, across a re-key, sipp-pbx-srtp.test.ts.

const browserOffer = readFileSync(
  new URL('../../media/src/engine/sdp/fixtures/chromium-audio-offer.sdp', import.meta.url),
  'utf8',
);

let worker: mediasoup.types.Worker;
let settings: CallMediaSettings;
const open: CallMedia[] = [];

beforeAll(async () => {
  worker = await mediasoup.createWorker({ logLevel: 'warn' });
  settings = {
    worker,
    listenIp: '127.0.0.1',
    portRange: { min: 20000, max: 23000 },
    pbxRtp: {
      listenIp: '127.0.0.1',
      portRange: { min: 61000, max: 62999 },
      srtp: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80' },
    },
    rtpTimeoutMs: 60_000,
  };
});

afterAll(() => {
  for (const media of open) media.close();
  worker?.close();
});

async function call(): Promise<CallMedia> {
  const media = await openCallMedia(settings, {
    callId: 'srtp',
    browserOfferSdp: browserOffer,
    trunkCodecs: ['PCMU'],
    onEnded: () => undefined,
  });
  open.push(media);
  return media;
}

const keyOf = (sdp: string) => /a=crypto:\d+ AES_CM_128_HMAC_SHA1_80 inline:(\S+)/.exec(sdp)?.[1];

function pbxSdp(options: { key?: string; tag?: number; direction?: string; port?: number }) {
  return [
    'v=0',
    'o=- 7 8 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${options.port ?? 30000} ${options.key ? 'RTP/SAVP' : 'RTP/AVP'} 0`,
    'a=rtpmap:0 PCMU/8000',
    ...(options.key
      ? [`a=crypto:${options.tag ?? 1} AES_CM_128_HMAC_SHA1_80 inline:${options.key}`]
      : []),
    `a=${options.direction ?? 'sendrecv'}`,
    '',
  ].join('\r\n');
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('SRTP with SDES keys toward the PBX, on the worker', () => {
  it('offers RTP/SAVP with a fresh 30-byte key for each call', async () => {
    const [first, second] = [await call(), await call()];
    expect(first.pbxOfferSdp).toMatch(/^m=audio \d+ RTP\/SAVP 0/m);
    const keys = [keyOf(first.pbxOfferSdp), keyOf(second.pbxOfferSdp)];
    expect(keys.map((key) => Buffer.from(key ?? '', 'base64').length)).toEqual([30, 30]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it("takes the PBX's key and keeps both through hold and resume", async () => {
    const media = await call();
    const ours = keyOf(media.pbxOfferSdp);
    const theirs = randomBytes(30).toString('base64');
    await media.acceptPbxAnswer(pbxSdp({ key: theirs }));
    expect(media.codec).toBe('PCMU');

    // The PBX's re-offer names its key on a tag of its own: our answer echoes that tag.
    const held = await media.answerPbxOffer(pbxSdp({ key: theirs, tag: 4, direction: 'sendonly' }));
    expect(held).toMatch(/^m=audio \d+ RTP\/SAVP 0/m);
    expect(held).toContain(`a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:${ours}`);
    expect(held).toContain('a=recvonly');
    expect(media.held).toBe(true);
    const resumed = await media.answerPbxOffer(pbxSdp({ key: theirs, tag: 4 }));
    expect(resumed).toContain('a=sendrecv');
    expect(media.held).toBe(false);
    // A re-INVITE without SDP gets our offer, with the same key on our tag.
    expect(media.newPbxOffer()).toContain(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${ours}`);
  });

  it('ends the call as incompatible when the PBX answers plain RTP', async () => {
    const media = await call();
    const failure = await failureOf(media.acceptPbxAnswer(pbxSdp({})));
    expect(failure).toBeInstanceOf(SdpError);
    expect((failure as SdpError).endReason).toMatchObject({
      code: 'incompatible',
      sipStatus: 488,
      cause: 'sdp_no_crypto',
    });
  });

  it('follows a re-offer that moves and re-keys the call, keeping our own key', async () => {
    const media = await call();
    const ours = keyOf(media.pbxOfferSdp);
    await media.acceptPbxAnswer(pbxSdp({ key: randomBytes(30).toString('base64') }));

    // A new address with a new key (RFC 4568 7.1.4): the worker takes the PBX's new key for
    // what it receives; ours, for what it sends, stays, since our address did not move.
    const moved = await media.answerPbxOffer(
      pbxSdp({ key: randomBytes(30).toString('base64'), tag: 3, port: 30100 }),
    );
    expect(moved).toContain(`a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:${ours}`);
    // A new key alone, at the same address, is taken the same way.
    const rekeyed = await media.answerPbxOffer(
      pbxSdp({ key: randomBytes(30).toString('base64'), tag: 3, port: 30100 }),
    );
    expect(rekeyed).toContain(`a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:${ours}`);
    // And a re-INVITE without SDP still gets our offer with that same key.
    expect(media.newPbxOffer()).toContain(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${ours}`);
  });
});
