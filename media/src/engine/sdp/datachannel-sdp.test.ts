import { readFileSync } from 'node:fs';
import * as sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { buildDataChannelAnswer, type DataChannelAnswerOptions } from './datachannel-answer.ts';
import { parseBrowserDataChannelOffer } from './datachannel-offer.ts';

const chromiumOffer = readFileSync(
  new URL('./fixtures/chromium-datachannel-offer.sdp', import.meta.url),
  'utf8',
);
const audioOffer = readFileSync(
  new URL('./fixtures/chromium-audio-offer.sdp', import.meta.url),
  'utf8',
);

const transport: DataChannelAnswerOptions['transport'] = {
  iceParameters: { usernameFragment: 'gwufrag', password: 'gwpassword', iceLite: true },
  iceCandidates: [
    {
      foundation: 'udpcandidate',
      priority: 1076302079,
      ip: '127.0.0.1',
      address: '127.0.0.2',
      protocol: 'udp',
      port: 20001,
      type: 'host',
    },
    {
      foundation: 'tcpcandidate',
      priority: 1076276479,
      ip: '127.0.0.1',
      address: '127.0.0.2',
      protocol: 'tcp',
      port: 20001,
      type: 'host',
      tcpType: 'passive',
    },
  ],
  dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] },
  sctpParameters: {
    port: 5000,
    OS: 16,
    MIS: 16,
    maxMessageSize: 262144,
    maxSendMessageSize: 262144,
    maxReceiveMessageSize: 131072,
    sendBufferSize: 262144,
    perStreamSendQueueLimit: 262144,
    maxReceiverWindowBufferSize: 262144,
    isDataChannel: true,
  },
};

describe('parseBrowserDataChannelOffer', () => {
  it("reads Chromium's data-channel offer", () => {
    expect(parseBrowserDataChannelOffer(chromiumOffer)).toEqual({
      mid: '0',
      fingerprint: {
        algorithm: 'sha-256',
        value: expect.stringMatching(/^7F:44:F5/),
      },
      setup: 'actpass',
      sctpPort: 5000,
      sections: [
        {
          type: 'application',
          protocol: 'UDP/DTLS/SCTP',
          firstFormat: 'webrtc-datachannel',
          mid: '0',
          used: true,
        },
      ],
    });
  });

  it.each([
    ['an audio-only offer', audioOffer, 'sdp_no_datachannel'],
    ['not SDP at all', 'hello', 'sdp_no_datachannel'],
    [
      'a rejected data channel',
      chromiumOffer.replace('m=application 37787', 'm=application 0'),
      'sdp_no_datachannel',
    ],
    [
      'no ICE credentials',
      chromiumOffer.replace(/a=ice-(ufrag|pwd):.*\r\n/g, ''),
      'sdp_missing_ice',
    ],
    ['no fingerprint', chromiumOffer.replace(/a=fingerprint:.*\r\n/, ''), 'sdp_missing_dtls'],
    // Found by the SDP fuzz target: the answer named a mid the offer never gave.
    ['no mid to bundle by', chromiumOffer.replace(/a=mid:.*\r\n/, ''), 'sdp_unparsable'],
  ])('refuses %s', (_name, sdp, code) => {
    expect(() => parseBrowserDataChannelOffer(sdp)).toThrow(expect.objectContaining({ code }));
  });
});

describe('buildDataChannelAnswer', () => {
  it('answers the data channel with our ICE lite, DTLS role and announced candidates', () => {
    const offer = parseBrowserDataChannelOffer(chromiumOffer);
    const answer = sdpTransform.parse(
      buildDataChannelAnswer({ offer, transport, setup: 'passive' }),
    );
    expect(answer.icelite).toBe('ice-lite');
    expect(answer.groups?.map((group) => `${group.type} ${group.mids}`)).toEqual(['BUNDLE 0']);
    const [media] = answer.media;
    expect(media).toMatchObject({
      type: 'application',
      protocol: 'UDP/DTLS/SCTP',
      payloads: 'webrtc-datachannel',
      mid: 0, // sdp-transform reads a numeric mid as a number
      setup: 'passive',
      iceUfrag: 'gwufrag',
      fingerprint: { type: 'sha-256', hash: 'AA:BB' },
      sctpPort: 5000,
      // The largest message mediasoup takes in, not what the browser does.
      maxMessageSize: 131072,
    });
    expect(
      media?.candidates?.map((c) => `${c.transport} ${c.ip}:${c.port} ${c.tcptype ?? ''}`),
    ).toEqual(['udp 127.0.0.2:20001 ', 'tcp 127.0.0.2:20001 passive']);
  });

  it('answers every other offered line rejected (RFC 3264 6)', () => {
    // Found by the SDP fuzz target: an offer with audio and a data channel got one line back.
    const offer = parseBrowserDataChannelOffer(
      `${audioOffer.replace('a=mid:0', 'a=mid:1')}${chromiumOffer.slice(chromiumOffer.indexOf('m=application'))}`,
    );
    const answer = sdpTransform.parse(
      buildDataChannelAnswer({ offer, transport, setup: 'passive' }),
    );
    expect(answer.media.map((media) => `${media.type} ${media.port} ${media.mid}`)).toEqual([
      'audio 0 1',
      'application 9 0',
    ]);
    expect(answer.groups?.map((group) => `${group.type} ${group.mids}`)).toEqual(['BUNDLE 0']);
  });
});
