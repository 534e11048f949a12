import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBrowserAudioOffer } from './browser-offer.ts';
import { chooseAudioCodec } from './choose-audio-codec.ts';
import { SdpError } from './sdp-error.ts';

// A real offer captured from Debian's Chromium 156 (fake microphone, loopback only).
const chromiumOffer = readFileSync(
  new URL('./fixtures/chromium-audio-offer.sdp', import.meta.url),
  'utf8',
);

describe('parseBrowserAudioOffer', () => {
  it("reads Chromium's audio offer: ICE, DTLS, codecs in preference order, SSRC", () => {
    const offer = parseBrowserAudioOffer(chromiumOffer);
    expect(offer).toMatchObject({ mid: '0', iceUfrag: 'puS5', setup: 'actpass', ssrc: 2648039038 });
    expect(offer.fingerprint.algorithm).toBe('sha-256');
    expect(offer.codecs.map((codec) => `${codec.mimeType}/${codec.clockRate}`)).toEqual([
      'audio/opus/48000',
      'audio/red/48000',
      'audio/G722/8000',
      'audio/PCMU/8000',
      'audio/PCMA/8000',
      'audio/CN/8000',
      'audio/telephone-event/48000',
      'audio/telephone-event/8000',
    ]);
    expect(offer.codecs[0]).toMatchObject({
      payloadType: 111,
      channels: 2,
      parameters: { useinbandfec: 1 },
    });
  });

  it.each([
    ['not SDP at all', 'hello', 'sdp_no_audio'],
    ['no audio', chromiumOffer.replace('m=audio 58018', 'm=video 58018'), 'sdp_no_audio'],
    ['no ICE password', chromiumOffer.replace(/a=ice-pwd:.*\r?\n/, ''), 'sdp_missing_ice'],
    ['no fingerprint', chromiumOffer.replace(/a=fingerprint:.*\r?\n/, ''), 'sdp_missing_dtls'],
  ])('refuses an offer with %s', (_name, sdp, code) => {
    expect(() => parseBrowserAudioOffer(sdp)).toThrow(expect.objectContaining({ code }));
  });
});

describe('chooseAudioCodec', () => {
  const offered = parseBrowserAudioOffer(chromiumOffer).codecs;

  it("takes the PBX's codec with the matching RFC 4733 clock", () => {
    expect(chooseAudioCodec(offered, ['PCMA', 'opus'])).toMatchObject({
      voice: { mimeType: 'audio/PCMA', payloadType: 8 },
      telephoneEvent: { payloadType: 126, clockRate: 8000 },
    });
    expect(chooseAudioCodec(offered, ['opus'])).toMatchObject({
      voice: { payloadType: 111 },
      telephoneEvent: { payloadType: 110, clockRate: 48000 },
    });
  });

  it('pairs Opus with 8 kHz events when that is all the PBX takes', () => {
    expect(chooseAudioCodec(offered, ['opus'], 8000)).toMatchObject({
      voice: { payloadType: 111 },
      telephoneEvent: { payloadType: 126, clockRate: 8000 },
    });
    expect(chooseAudioCodec(offered, ['opus'], 0).telephoneEvent).toBeUndefined();
  });

  it('fails with a reason when nothing matches', () => {
    const onlyOpus = offered.filter((codec) => codec.mimeType === 'audio/opus');
    expect(() => chooseAudioCodec(onlyOpus, ['PCMU'])).toThrow(SdpError);
  });
});
