import { describe, expect, it } from 'vitest';
import * as sdpTransform from 'sdp-transform';
import { buildPbxSdp, parsePbxSdp } from './pbx-sdp.ts';

const codecs = [
  {
    payloadType: 111,
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    parameters: {},
    rtcpFeedback: [],
  },
  { payloadType: 0, mimeType: 'audio/PCMU', clockRate: 8000, parameters: {}, rtcpFeedback: [] },
  {
    payloadType: 126,
    mimeType: 'audio/telephone-event',
    clockRate: 8000,
    parameters: {},
    rtcpFeedback: [],
  },
];

describe('buildPbxSdp', () => {
  it('offers plain RTP/AVP with our address, the codecs in order and RFC 4733 events', () => {
    const sdp = buildPbxSdp({
      address: { ip: '127.0.0.1', port: 20010, rtcpPort: 20011 },
      codecs,
      sessionId: 42,
      sessionVersion: 1,
      direction: 'sendrecv',
    });
    expect(sdp).toContain('m=audio 20010 RTP/AVP 111 0 126');
    expect(sdp).toContain('a=rtpmap:111 opus/48000/2');
    expect(sdp).toContain('a=fmtp:126 0-16');
    expect(sdp).toContain('a=rtcp:20011 IN IP4 127.0.0.1');
    expect(sdpTransform.parse(sdp).connection?.ip).toBe('127.0.0.1');
  });
});

describe('parsePbxSdp', () => {
  const baresipAnswer = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 30000 RTP/AVP 0 126',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:126 telephone-event/8000',
    'a=fmtp:126 0-15',
    'a=sendrecv',
    '',
  ].join('\r\n');

  it("reads the PBX's address, chosen codec and DTMF payload type", () => {
    expect(parsePbxSdp(baresipAnswer)).toEqual({
      ip: '127.0.0.1',
      port: 30000,
      rtcpPort: 30001,
      rtcpMux: false,
      direction: 'sendrecv',
      voice: { name: 'PCMU', payloadType: 0, clockRate: 8000 },
      otherVoices: [],
      telephoneEventPayloadType: 126,
      telephoneEventClockRate: 8000,
      sections: [
        { type: 'audio', protocol: 'RTP/AVP', firstFormat: '0', mid: undefined, used: true },
      ],
      sdes: { protocol: 'RTP/AVP' },
    });
  });

  it('takes 8 kHz events next to Opus, as baresip and Asterisk answer', () => {
    const opus = baresipAnswer
      .replace('RTP/AVP 0 126', 'RTP/AVP 111 126')
      .replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:111 opus/48000/2');
    expect(parsePbxSdp(opus)).toMatchObject({
      voice: { name: 'opus', clockRate: 48000 },
      telephoneEventPayloadType: 126,
      telephoneEventClockRate: 8000,
    });
  });

  it('understands hold, both the modern and the RFC 2543 way', () => {
    expect(parsePbxSdp(baresipAnswer.replace('a=sendrecv', 'a=sendonly')).direction).toBe(
      'sendonly',
    );
    expect(
      parsePbxSdp(baresipAnswer.replace('c=IN IP4 127.0.0.1', 'c=IN IP4 0.0.0.0')).direction,
    ).toBe('inactive');
  });

  it('takes a static payload type without rtpmap', () => {
    expect(
      parsePbxSdp(
        baresipAnswer.replace('m=audio 30000 RTP/AVP 0 126', 'm=audio 30000 RTP/AVP 8 126'),
      ).voice,
    ).toEqual({
      name: 'PCMA',
      payloadType: 8,
      clockRate: 8000,
    });
  });

  it("takes the first voice codec of the PBX's own order, whatever order we offered in", () => {
    // We offered opus, G722, PCMU, PCMA: a PBX preferring A-law answers with its own order,
    // events first even, and we send what it lists first (RFC 3264 7).
    const reordered = baresipAnswer
      .replace('RTP/AVP 0 126', 'RTP/AVP 126 8 0 9')
      .replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000');
    expect(parsePbxSdp(reordered)).toMatchObject({
      voice: { name: 'PCMA', payloadType: 8 },
      telephoneEventPayloadType: 126,
    });
  });

  it('keeps the codec a call carries wherever a re-offer lists it', () => {
    const reoffer = baresipAnswer
      .replace('RTP/AVP 0 126', 'RTP/AVP 8 0 126')
      .replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000');
    expect(parsePbxSdp(reoffer, 'PCMU').voice).toEqual({
      name: 'PCMU',
      payloadType: 0,
      clockRate: 8000,
    });
    expect(parsePbxSdp(reoffer, 'G722').voice.name).toBe('PCMA');
  });

  it('lists the other codecs of ours the PBX answered, which it may switch to (RFC 3264 5.1)', () => {
    const two = baresipAnswer
      .replace('RTP/AVP 0 126', 'RTP/AVP 0 8 96 126 0')
      .replace(
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:96 iLBC/8000',
      );
    expect(parsePbxSdp(two)).toMatchObject({
      voice: { name: 'PCMU', payloadType: 0 },
      // iLBC is none of ours; PCMU listed twice is still the voice codec, not another.
      otherVoices: [{ name: 'PCMA', payloadType: 8, clockRate: 8000 }],
    });
    // Only what our offer named counts: an answer may not add formats (RFC 3264 6.1).
    expect(parsePbxSdp(two, undefined, ['PCMU']).otherVoices).toEqual([]);
    // The codec a call carries stays the voice one, wherever a re-offer lists it.
    expect(parsePbxSdp(two.replace('0 8 96', '8 0 96'), 'PCMU')).toMatchObject({
      voice: { name: 'PCMU' },
      otherVoices: [{ name: 'PCMA' }],
    });
  });

  it('reads the packet length the PBX asks for, and ignores one no codec frames', () => {
    expect(
      parsePbxSdp(baresipAnswer.replace('a=sendrecv', 'a=ptime:30\r\na=sendrecv')),
    ).toMatchObject({
      ptime: 30,
    });
    expect(parsePbxSdp(baresipAnswer).ptime).toBeUndefined();
    expect(
      parsePbxSdp(baresipAnswer.replace('a=sendrecv', 'a=ptime:7\r\na=sendrecv')).ptime,
    ).toBeUndefined();
  });

  it('refuses an answer without audio or without a codec we know', () => {
    expect(() => parsePbxSdp(baresipAnswer.replace('m=audio', 'm=video'))).toThrow(
      /no active audio/,
    );
    expect(() => parsePbxSdp(baresipAnswer.replace('RTP/AVP 0 126', 'RTP/AVP 126'))).toThrow(
      /no voice codec/,
    );
  });

  it('reads payload types as the digits they are written in, not as numbers (found by fuzzing)', () => {
    // Number('.0') and Number('0x8') are 0 and 8: neither is PCMU nor PCMA on the wire.
    for (const format of ['.0', '0x8', '1e0', ' 0'.trim() + '.']) {
      const written = baresipAnswer
        .replace('RTP/AVP 0 126', `RTP/AVP ${format} 126`)
        .replace('a=rtpmap:0 PCMU/8000\r\n', '');
      expect(() => parsePbxSdp(written), format).toThrow(/no voice codec/);
    }
  });
});
