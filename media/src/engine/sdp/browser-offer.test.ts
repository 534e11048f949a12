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
    // Found by the SDP fuzz target (tests/fuzz/targets/sdp-offer-answer.ts): each of these
    // reached mediasoup and failed there, unclassified, ending the call as a gateway error.
    ['no mid to bundle by', chromiumOffer.replace(/a=mid:.*\r?\n/, ''), 'sdp_unparsable'],
    [
      'a repeated mid',
      `${chromiumOffer}m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n`,
      'sdp_unparsable',
    ],
    [
      'an m-line without formats',
      `${chromiumOffer}m=video 9 UDP/TLS/RTP/SAVPF\r\n`,
      'sdp_unparsable',
    ],
    [
      'a payload type mapped twice',
      chromiumOffer.replace('a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMA/8000'),
      'sdp_unparsable',
    ],
  ])('refuses an offer with %s', (_name, sdp, code) => {
    expect(() => parseBrowserAudioOffer(sdp)).toThrow(expect.objectContaining({ code }));
  });
});

describe('parseBrowserAudioOffer: the DTLS fingerprint as mediasoup takes it', () => {
  // Found by the SDP fuzz target: mediasoup refused these when connecting the transport.
  it('reads the hash name case-insensitively (RFC 8122), as mediasoup names it', () => {
    const upper = chromiumOffer.replace('a=fingerprint:sha-256', 'a=fingerprint:SHA-256');
    expect(parseBrowserAudioOffer(upper).fingerprint.algorithm).toBe('sha-256');
  });

  it.each([
    ['a hash mediasoup does not check with', 'a=fingerprint:md5 39:8C'],
    ['a value that is not hex bytes', 'a=fingerprint:sha-256 not-a-fingerprint'],
  ])('refuses %s', (_name, line) => {
    expect(() => parseBrowserAudioOffer(chromiumOffer.replace(/a=fingerprint:.*/, line))).toThrow(
      expect.objectContaining({ code: 'sdp_missing_dtls' }),
    );
  });

  it('refuses an audio line that is not DTLS-SRTP', () => {
    const plain = chromiumOffer.replace('m=audio 58018 UDP/TLS/RTP/SAVPF', 'm=audio 58018 RTP/AVP');
    expect(() => parseBrowserAudioOffer(plain)).toThrow(
      expect.objectContaining({ code: 'sdp_no_audio' }),
    );
  });
});

describe('parseBrowserAudioOffer: codecs mediasoup would not take', () => {
  // Found by the SDP fuzz target: mediasoup refused these codecs, unclassified.
  it.each([
    ['PCMU at another clock', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:0 PCMU/99999999999'],
    ['mono opus', 'a=rtpmap:111 opus/48000/2', 'a=rtpmap:111 opus/48000'],
    ['PCMU without a clock', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:0 PCMU/'],
  ])('leaves out %s as not offered', (_name, line, spoiled) => {
    const offered = parseBrowserAudioOffer(chromiumOffer.replace(line, spoiled)).codecs;
    expect(offered.length).toBe(7);
  });

  it('leaves out a payload type past 127', () => {
    const offered = parseBrowserAudioOffer(
      chromiumOffer
        .replace(' 9 0 8 13 ', ' 9 300 8 13 ')
        .replace('rtpmap:0 PCMU', 'rtpmap:300 PCMU'),
    ).codecs;
    expect(offered.map((codec) => codec.mimeType)).not.toContain('audio/PCMU');
  });

  it('takes only the formats the m-line lists, and G722/8000/1 as Firefox writes it', () => {
    const offered = parseBrowserAudioOffer(
      chromiumOffer
        .replace(' 111 63 9 0 8 13 110 126', ' 63 9 0 8 13 110 126')
        .replace('a=rtpmap:9 G722/8000', 'a=rtpmap:9 G722/8000/1'),
    ).codecs;
    expect(offered.map((codec) => codec.payloadType)).toEqual([63, 9, 0, 8, 13, 110, 126]);
    expect(offered[1]).toMatchObject({ mimeType: 'audio/G722', channels: 1 });
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
