import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { junkText } from './junk.ts';
import { applyMutations, mutationArbitrary } from './message-mutations.ts';

/**
 * SDP as the gateway receives it: the browsers' offers (real ones, mutated), offers built from
 * parts (no audio, a thousand m-lines, absurd ports and payload types), and the PBX's answers
 * and re-INVITE offers (mutated).
 */

const fixture = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/**
 * Real browser offers: Chromium's (audio; audio with a video line, as JsSIP offers with
 * `video: true`), a Firefox 68 offer (published in a WebRTC-to-FreeSWITCH write-up; its host
 * addresses replaced with documentation ones), werift's and the pion caller's (the tests' and
 * the bench's callers).
 */
export const browserOfferSeeds: readonly string[] = [
  fixture('../../../media/src/engine/sdp/fixtures/chromium-audio-offer.sdp'),
  fixture('../../fixtures/sdp/chromium-audio-video-offer.sdp'),
  fixture('../../fixtures/sdp/firefox-audio-offer.sdp'),
  fixture('../../fixtures/sdp/werift-audio-offer.sdp'),
  fixture('../../fixtures/sdp/pion-audio-offer.sdp'),
];

/** Chromium's data-channel offer: what the widget's connection test sends. */
export const dataChannelOfferSeeds: readonly string[] = [
  fixture('../../../media/src/engine/sdp/fixtures/chromium-datachannel-offer.sdp'),
];

const sdp = (...lines: string[]) => [...lines, ''].join('\r\n');

/**
 * PBX answers as the tests' PBXs give them (baresip, the fake PBX), shaped like Asterisk's and
 * FreeSWITCH's, on hold both ways, over IPv6; and re-INVITE offers, one adding video.
 */
export const pbxSdpSeeds: readonly string[] = [
  sdp(
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
  ),
  sdp(
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=fake-pbx',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 30002 RTP/AVP 111 110',
    'a=rtpmap:111 opus/48000/2',
    'a=rtpmap:110 telephone-event/48000',
    'a=sendrecv',
  ),
  sdp(
    'v=0',
    'o=- 1795430227 1795430228 IN IP4 127.0.0.1',
    's=Asterisk',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 30004 RTP/AVP 8 101',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=maxptime:150',
    'a=sendrecv',
  ),
  sdp(
    'v=0',
    'o=FreeSWITCH 1564722855 1564722857 IN IP4 127.0.0.1',
    's=FreeSWITCH',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 30006 RTP/AVP 9 101',
    'a=rtpmap:9 G722/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=rtcp:30006',
    'a=rtcp-mux',
  ),
  sdp(
    'v=0',
    'o=- 1 3 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 30008 RTP/AVP 0',
    'a=sendonly',
  ),
  sdp(
    'v=0',
    'o=- 1 4 IN IP4 0.0.0.0',
    's=-',
    'c=IN IP4 0.0.0.0',
    't=0 0',
    'm=audio 30010 RTP/AVP 0',
  ),
  sdp(
    'v=0',
    'o=- 1 5 IN IP6 ::1',
    's=-',
    'c=IN IP6 ::1',
    't=0 0',
    'm=audio 30012 RTP/AVP 0 8 126',
    'a=rtcp:30013 IN IP6 ::1',
    'a=rtpmap:126 telephone-event/8000',
  ),
  sdp(
    'v=0',
    'o=- 1 6 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 30014 RTP/AVP 0 126',
    'a=rtpmap:126 telephone-event/8000',
    'm=video 30016 RTP/AVP 96',
    'a=rtpmap:96 H264/90000',
  ),
];

const voiceAndVideo = [
  'opus/48000/2',
  'PCMU/8000',
  'PCMA/8000',
  'G722/8000',
  'G722/8000/1',
  'telephone-event/8000',
  'telephone-event/48000',
  'red/48000/2',
  'CN/8000',
  'VP8/90000',
  'H264/90000',
  'rtx/90000',
  'opus/0',
  'PCMU/99999999999',
  'opus/48000/0',
  'opus/48000/255',
  'PCMU',
  'opus/',
  'PCMU/-8000',
  'OPUS/48000/2',
  'pcmu/8000',
];

const payloadType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0, 8, 9, 13, 63, 96, 101, 110, 111, 126) },
  { weight: 2, arbitrary: fc.nat(127) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(-1, 128, 255, 256, 65536, 2 ** 31, 2 ** 53, 1e21),
  },
);
const payloadToken = fc.oneof(
  { weight: 8, arbitrary: payloadType.map(String) },
  { weight: 1, arbitrary: junkText },
);
const port = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(9, 30000, 58018) },
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.constantFrom(1, 65535, 65536, 99999, 2 ** 32, 1e21) },
  { weight: 1, arbitrary: fc.nat() },
);
const mediaType = fc.constantFrom(
  'audio',
  'audio',
  'audio',
  'video',
  'application',
  'text',
  'message',
  'AUDIO',
  '',
);
const protocol = fc.constantFrom(
  'UDP/TLS/RTP/SAVPF',
  'UDP/TLS/RTP/SAVPF',
  'RTP/AVP',
  'RTP/SAVP',
  'UDP/DTLS/SCTP',
  'TCP/DTLS/SCTP',
  'udp',
  'RTP/AVP/TCP',
);
const fingerprintAlgorithm = fc.constantFrom(
  'sha-256',
  'sha-256',
  'sha-1',
  'sha-512',
  'md5',
  'SHA-256',
  'sha-999',
  '',
);
const fingerprintHash = fc.oneof(
  fc.constant(
    '39:8C:7B:8A:3D:95:DD:47:DF:8E:A6:8A:EF:62:01:6B:84:1E:E8:E4:BD:06:8C:1B:9F:39:F9:48:DC:AF:85:70',
  ),
  fc
    .array(fc.stringMatching(/^[0-9A-Fa-f]{2}$/), { maxLength: 70 })
    .map((bytes) => bytes.join(':')),
  junkText,
);

/** An attribute line the parsers read, with a plausible or absurd value. */
const attribute = (pt: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(pt, fc.constantFrom(...voiceAndVideo)).map(([p, codec]) => `a=rtpmap:${p} ${codec}`),
    fc
      .tuple(
        pt,
        fc.oneof(
          fc.constantFrom('minptime=10;useinbandfec=1', '0-16', '111/111', 'apt=96'),
          junkText,
        ),
      )
      .map(([p, config]) => `a=fmtp:${p} ${config}`),
    fc
      .tuple(pt, fc.constantFrom('transport-cc', 'nack', 'nack pli', 'ccm fir', ''))
      .map(([p, fb]) => `a=rtcp-fb:${p} ${fb}`),
    fc
      .tuple(
        fc.oneof(fc.nat(20), fc.constantFrom(-1, 256, 4096)),
        fc.constantFrom(
          'urn:ietf:params:rtp-hdrext:sdes:mid',
          'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
          '',
        ),
      )
      .map(([id, uri]) => `a=extmap:${id} ${uri}`),
    fc
      .tuple(fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 32, 1e21)), junkText)
      .map(([ssrc, cname]) => `a=ssrc:${ssrc} cname:${cname}`),
    fc.oneof(fc.constantFrom('0', '1', 'audio', 'video'), junkText).map((mid) => `a=mid:${mid}`),
    fc
      .constantFrom('actpass', 'active', 'passive', 'holdconn', '')
      .map((setup) => `a=setup:${setup}`),
    fc
      .tuple(fingerprintAlgorithm, fingerprintHash)
      .map(([algorithm, hash]) => `a=fingerprint:${algorithm} ${hash}`),
    fc.oneof(fc.constantFrom('puS5', ''), junkText).map((ufrag) => `a=ice-ufrag:${ufrag}`),
    fc
      .oneof(fc.constantFrom('ZYmEpPnVqdLlfRQJuMA7lGJF', ''), junkText)
      .map((pwd) => `a=ice-pwd:${pwd}`),
    fc
      .constantFrom(
        'sendrecv',
        'sendonly',
        'recvonly',
        'inactive',
        'rtcp-mux',
        'bundle-only',
        'end-of-candidates',
      )
      .map((flag) => `a=${flag}`),
    fc
      .tuple(port, fc.constantFrom('', ' IN IP4 127.0.0.1', ' IN IP6 ::1', ' IN IP4 pbx.invalid'))
      .map(([p, address]) => `a=rtcp:${p}${address}`),
    fc.oneof(fc.constantFrom('5000', '0', '65536'), junkText).map((sctp) => `a=sctp-port:${sctp}`),
    fc
      .constantFrom(
        'IN IP4 127.0.0.1',
        'IN IP4 0.0.0.0',
        'IN IP6 ::1',
        'IN IP4 pbx.invalid',
        'IN IP4 999.1.1.1',
        'IN IP4 127.0.0.1/127',
        'IN IP6 fe80::1%eth0',
      )
      .map((address) => `c=${address}`),
    junkText.map((text) => `a=${text}`),
  );

/** One m= section built from parts: its payload types, then attributes naming them or not. */
const mediaSection = fc
  .tuple(mediaType, port, protocol, fc.array(payloadToken, { minLength: 0, maxLength: 8 }))
  .chain(([type, p, proto, payloads]) =>
    fc
      .array(
        attribute(
          payloads.length > 0 ? fc.oneof(fc.constantFrom(...payloads), payloadToken) : payloadToken,
        ),
        {
          maxLength: 16,
        },
      )
      .map((attributes) => [
        `m=${type} ${p} ${proto} ${payloads.join(' ')}`.trimEnd(),
        ...attributes,
      ]),
  );

/** Mostly a few sections; now and then hundreds or a thousand (RFC 3264: each is answered). */
const sectionCount = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 5, max: 1_000 }) },
);

/** A whole SDP built from parts: session-level ICE and DTLS or not, then its sections. */
const builtSdp: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(attribute(payloadToken), { maxLength: 6 }),
    sectionCount.chain((count) =>
      count > 20
        ? // A thousand distinct sections would make the run slow to generate and shrink:
          // a few, repeated.
          fc
            .array(mediaSection, { minLength: 1, maxLength: 3 })
            .map((sections) =>
              Array.from({ length: count }, (_, index) => sections[index % sections.length]!),
            )
        : fc.array(mediaSection, { minLength: count, maxLength: count }),
    ),
  )
  .map(([session, sections]) =>
    sdp('v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', ...session, ...sections.flat()),
  );

const sdpLine = fc.oneof(
  attribute(payloadToken),
  mediaSection.map((lines) => lines[0]!),
);

const mutations = mutationArbitrary({
  eol: '\r\n',
  padLengths: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 10_000, max: 70_000 })),
  lines: sdpLine,
});

/** A seed as it is, or with one to four mutations (as a string, as the SIP layer hands it on). */
export const mutatedSdp = (seeds: readonly string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutations, { maxLength: 4 }))
    .map(([seed, applied]) => applyMutations(Buffer.from(seed), applied, '\r\n').toString('utf8'));

/** What a browser (or someone posing as one) may offer: mutated real offers, or built ones. */
export const browserOfferArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: mutatedSdp(browserOfferSeeds) },
  { weight: 1, arbitrary: builtSdp },
);

/** What a connection test may offer. */
export const dataChannelOfferArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: mutatedSdp([...dataChannelOfferSeeds, ...browserOfferSeeds]) },
  { weight: 1, arbitrary: builtSdp },
);

/** What a PBX may answer or offer. */
export const pbxSdpArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: mutatedSdp(pbxSdpSeeds) },
  { weight: 1, arbitrary: builtSdp },
);
