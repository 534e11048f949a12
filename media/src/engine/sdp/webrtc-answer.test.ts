import { readFileSync } from 'node:fs';
import * as sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { parseBrowserAudioOffer } from './browser-offer.ts';
import { chooseAudioCodec } from './choose-audio-codec.ts';
import { buildWebRtcAnswer, type WebRtcAnswerOptions } from './webrtc-answer.ts';
import { producerRtpParameters } from './producer-rtp-parameters.ts';

const offer = parseBrowserAudioOffer(
  readFileSync(new URL('./fixtures/chromium-audio-offer.sdp', import.meta.url), 'utf8'),
);
const transport: WebRtcAnswerOptions['transport'] = {
  iceParameters: { usernameFragment: 'gwufrag', password: 'gwpassword', iceLite: true },
  iceCandidates: [
    {
      foundation: 'udpcandidate',
      priority: 1076302079,
      ip: '127.0.0.1',
      address: '127.0.0.1',
      protocol: 'udp',
      port: 20001,
      type: 'host',
    },
    {
      foundation: 'tcpcandidate',
      priority: 1076276479,
      ip: '127.0.0.1',
      address: '127.0.0.1',
      protocol: 'tcp',
      port: 20002,
      type: 'host',
      tcpType: 'passive',
    },
  ],
  dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] },
};

describe('buildWebRtcAnswer', () => {
  it('answers with only the chosen codec, our ICE/DTLS and both candidates', () => {
    const answer = sdpTransform.parse(
      buildWebRtcAnswer({
        offer,
        chosen: chooseAudioCodec(offer.codecs, ['PCMU']),
        transport,
        setup: 'passive',
      }),
    );
    const [audio] = answer.media;
    expect(answer.icelite).toBe('ice-lite');
    expect(audio?.rtp.map((rtp) => `${rtp.payload} ${rtp.codec}/${rtp.rate}`)).toEqual([
      '0 PCMU/8000',
      '126 telephone-event/8000',
    ]);
    expect(String(audio?.mid)).toBe('0');
    expect(audio).toMatchObject({ setup: 'passive', iceUfrag: 'gwufrag', direction: 'recvonly' });
    expect(audio?.fingerprint).toEqual({ type: 'sha-256', hash: 'AA:BB' });
    expect(
      audio?.candidates?.map((c) => `${c.transport} ${c.port} ${c.tcptype ?? ''}`.trim()),
    ).toEqual(['udp 20001', 'tcp 20002 passive']);
  });

  it('lists the other codecs the PBX may switch to after the one the browser sends, and its producer takes them', () => {
    const chosen = chooseAudioCodec(offer.codecs, ['PCMU']);
    const pcma = offer.codecs.filter((codec) => codec.mimeType === 'audio/PCMA');
    const withPcma = { ...chosen, otherVoices: pcma };
    const answer = sdpTransform.parse(
      buildWebRtcAnswer({ offer, chosen: withPcma, transport, setup: 'passive' }),
    );
    expect(answer.media[0]?.payloads).toBe('0 8 126');
    expect(producerRtpParameters(offer, withPcma).codecs.map((codec) => codec.mimeType)).toEqual([
      'audio/PCMU',
      'audio/PCMA',
      'audio/telephone-event',
    ]);
  });

  it('declares the stream it sends toward the browser', () => {
    const answer = sdpTransform.parse(
      buildWebRtcAnswer({
        offer,
        chosen: chooseAudioCodec(offer.codecs, ['opus']),
        transport,
        setup: 'passive',
        send: { ssrc: 1234, cname: 'gateway', streamId: 'agent' },
      }),
    );
    expect(answer.media[0]).toMatchObject({ direction: 'sendrecv' });
    expect(answer.media[0]?.ssrcs).toContainEqual({
      id: 1234,
      attribute: 'cname',
      value: 'gateway',
    });
    expect(answer.media[0]?.fmtp).toEqual([{ payload: 111, config: 'minptime=10;useinbandfec=1' }]);
  });

  it("asks the browser for the PBX's packet length when the PBX named one", () => {
    const chosen = chooseAudioCodec(offer.codecs, ['PCMU']);
    const answer = (ptime?: number) =>
      sdpTransform.parse(
        buildWebRtcAnswer({
          offer,
          chosen,
          transport,
          setup: 'passive',
          ...(ptime ? { ptime } : {}),
        }),
      ).media[0];
    expect(answer(30)?.ptime).toBe(30);
    expect(answer()?.ptime).toBeUndefined();
  });

  it('agrees with the producer on what the browser will send: MID only, no RTCP feedback', () => {
    const chosen = chooseAudioCodec(offer.codecs, ['opus']);
    const [audio] = sdpTransform.parse(
      buildWebRtcAnswer({ offer, chosen, transport, setup: 'passive' }),
    ).media;
    const producer = producerRtpParameters(offer, chosen);
    // Chromium offered audio level, abs-send-time, transport-cc and MID, and transport-cc feedback.
    expect(audio?.ext).toEqual([{ value: 4, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' }]);
    expect(audio?.rtcpFb ?? []).toEqual([]);
    expect(producer.headerExtensions).toEqual([
      { id: 4, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' },
    ]);
    expect(producer.codecs.flatMap((codec) => codec.rtcpFeedback ?? [])).toEqual([]);
  });

  it('answers every other offered line rejected, outside the bundle (RFC 3264, RFC 8843)', () => {
    const fixture = readFileSync(
      new URL('./fixtures/chromium-audio-offer.sdp', import.meta.url),
      'utf8',
    );
    const video = [
      'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
      'c=IN IP4 0.0.0.0',
      'a=mid:1',
      'a=sendrecv',
      'a=rtcp-mux',
      'a=rtpmap:96 VP8/90000',
      'a=rtpmap:97 rtx/90000',
      'a=fmtp:97 apt=96',
      '',
    ].join('\r\n');
    const withVideo = parseBrowserAudioOffer(
      fixture.replace('a=group:BUNDLE 0', 'a=group:BUNDLE 0 1') + video,
    );
    const answer = sdpTransform.parse(
      buildWebRtcAnswer({
        offer: withVideo,
        chosen: chooseAudioCodec(withVideo.codecs, ['opus']),
        transport,
        setup: 'passive',
      }),
    );
    expect(answer.media.map((m) => `${m.type} ${m.port} ${m.payloads} ${m.mid}`)).toEqual([
      'audio 7 111 110 0',
      'video 0 96 1',
    ]);
    expect(answer.media[1]).toMatchObject({ direction: 'inactive' });
    expect(answer.groups?.map((group) => `${group.type} ${group.mids}`)).toEqual(['BUNDLE 0']);
  });
});
