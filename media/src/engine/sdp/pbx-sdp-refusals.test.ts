import * as sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { buildPbxSdp, parsePbxSdp } from './pbx-sdp.ts';

// Found by the SDP fuzz target (tests/fuzz/targets/sdp-offer-answer.ts): PBX SDPs the gateway
// took, and that mediasoup then refused with an unclassified error (the call ended as a
// gateway error, 500, rather than 488), or that got an answer RFC 3264 does not allow.

const answer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 30000 RTP/AVP 0 126',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:126 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');

describe('parsePbxSdp refuses what the PBX leg cannot use', () => {
  it.each([
    ['a host name', 'c=IN IP4 pbx.example'],
    ['a multicast TTL', 'c=IN IP4 127.0.0.1/127'],
    ['an address past 255', 'c=IN IP4 999.1.1.1'],
  ])('a connection address with %s', (_name, line) => {
    expect(() => parsePbxSdp(answer.replace('c=IN IP4 127.0.0.1', line))).toThrow(
      expect.objectContaining({ code: 'sdp_unparsable' }),
    );
  });

  it('an RTCP port past 65535, unless RTCP rides on the RTP port', () => {
    const top = answer.replace('m=audio 30000', 'm=audio 65535');
    expect(() => parsePbxSdp(top)).toThrow(expect.objectContaining({ code: 'sdp_unparsable' }));
    expect(parsePbxSdp(top.replace('a=sendrecv', 'a=rtcp-mux'))).toMatchObject({
      port: 65535,
      rtcpPort: 65535,
      rtcpMux: true,
    });
  });

  it('an audio line over SRTP or another transport', () => {
    expect(() => parsePbxSdp(answer.replace('RTP/AVP', 'RTP/SAVP'))).toThrow(
      expect.objectContaining({ code: 'sdp_no_audio' }),
    );
  });

  it('a voice codec our offer did not name', () => {
    // We offered G722 only: a PBX answering PCMU broke RFC 3264 6.1, and mediasoup has no PCMU.
    expect(() => parsePbxSdp(answer, undefined, ['G722'])).toThrow(
      expect.objectContaining({ code: 'sdp_no_common_codec' }),
    );
    const both = answer.replace('RTP/AVP 0 126', 'RTP/AVP 0 8 126');
    expect(parsePbxSdp(both, undefined, ['PCMA']).voice.name).toBe('PCMA');
  });

  it('a payload type past 127, a codec at a clock not its own, an rtpmap without a clock', () => {
    const odd = answer
      .replace('RTP/AVP 0 126', 'RTP/AVP 300 9 8 0 126')
      .replace(
        'a=rtpmap:0',
        'a=rtpmap:300 PCMA/8000\r\na=rtpmap:9 G722/16000\r\na=rtpmap:8 PCMA\r\na=rtpmap:0',
      );
    expect(parsePbxSdp(odd).voice).toEqual({ name: 'PCMU', payloadType: 0, clockRate: 8000 });
  });

  it('a payload type written with a leading zero (`00` is not PCMU: an answer of `0` would not match it)', () => {
    const offer = answer.replace('RTP/AVP 0 126', 'RTP/AVP 00').replace(/a=rtpmap.*\r\n/g, '');
    expect(() => parsePbxSdp(offer)).toThrow(
      expect.objectContaining({ code: 'sdp_no_common_codec' }),
    );
    const besideIt = answer.replace('RTP/AVP 0 126', 'RTP/AVP 008 0 126');
    expect(parsePbxSdp(besideIt).voice).toEqual({ name: 'PCMU', payloadType: 0, clockRate: 8000 });
  });
});

describe('buildPbxSdp answering a PBX offer', () => {
  it('answers every offered line, the video one rejected, with its mids (RFC 3264 6)', () => {
    const offer = parsePbxSdp(
      answer.replace(
        'a=sendrecv',
        'a=mid:a\r\nm=video 30002 RTP/AVP 96\r\na=mid:v\r\na=rtpmap:96 H264/90000',
      ),
    );
    const ours = sdpTransform.parse(
      buildPbxSdp({
        address: { ip: '127.0.0.1', port: 20010, rtcpPort: 20011 },
        codecs: [
          {
            payloadType: 0,
            mimeType: 'audio/PCMU',
            clockRate: 8000,
            parameters: {},
            rtcpFeedback: [],
          },
        ],
        sessionId: 1,
        sessionVersion: 2,
        direction: 'sendrecv',
        answering: offer.sections,
      }),
    );
    expect(
      ours.media.map((media) => `${media.type} ${media.port} ${media.payloads} ${media.mid}`),
    ).toEqual(['audio 20010 0 a', 'video 0 96 v']);
  });
});
