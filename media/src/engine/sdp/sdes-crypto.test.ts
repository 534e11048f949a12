import { randomBytes } from 'node:crypto';
import * as sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { buildPbxSdp, parsePbxSdp } from './pbx-sdp.ts';
import { chooseSdesCrypto } from './sdes-crypto.ts';
import { SdpError } from './sdp-error.ts';

// SDES (RFC 4568) on the PBX leg: our offer carries one a=crypto key on RTP/SAVP, the PBX's
// answer must echo its tag with a key we can carry, and an answer without one ends the call
// as incompatible (sdp_no_crypto) rather than falling back to plain RTP.

const key = () => randomBytes(30).toString('base64');
const pcmu = {
  payloadType: 0,
  mimeType: 'audio/PCMU',
  clockRate: 8000,
  parameters: {},
  rtcpFeedback: [],
};

function answer(mLine: string, ...attributes: string[]): string {
  return [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    mLine,
    'a=rtpmap:0 PCMU/8000',
    ...attributes,
    'a=sendrecv',
    '',
  ].join('\r\n');
}

describe('our SDES offer toward the PBX', () => {
  it('is RTP/SAVP with one a=crypto line holding our key inline', () => {
    const ours = key();
    const sdp = buildPbxSdp({
      address: { ip: '10.0.0.2', port: 61000, rtcpPort: 61001 },
      codecs: [pcmu],
      sessionId: 1,
      sessionVersion: 1,
      direction: 'sendrecv',
      crypto: { tag: 1, cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: ours },
    });
    expect(sdp).toContain('m=audio 61000 RTP/SAVP 0');
    expect(sdp).toContain(`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${ours}`);
    expect(sdp.match(/a=crypto/g)).toHaveLength(1);
  });

  it('stays plain RTP/AVP without a key', () => {
    const sdp = buildPbxSdp({
      address: { ip: '10.0.0.2', port: 61000, rtcpPort: 61001 },
      codecs: [pcmu],
      sessionId: 1,
      sessionVersion: 1,
      direction: 'sendrecv',
    });
    expect(sdp).toContain('m=audio 61000 RTP/AVP 0');
    expect(sdp).not.toContain('a=crypto');
  });
});

describe("the PBX's SDES answer", () => {
  const audioOf = (sdp: string) => parsePbxSdp(sdp, undefined, undefined, 'RTP/SAVP').sdes;
  const wanted = { suite: 'AES_CM_128_HMAC_SHA1_80' as const, tag: 1 };

  it('gives the key on the line echoing our tag, with a lifetime as Cisco writes it', () => {
    const theirs = key();
    const sdp = answer(
      'm=audio 30000 RTP/SAVP 0',
      `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${theirs}|2^31`,
    );
    expect(chooseSdesCrypto(audioOf(sdp), wanted)).toEqual({
      tag: 1,
      cryptoSuite: 'AES_CM_128_HMAC_SHA1_80',
      keyBase64: theirs,
    });
  });

  it('in a re-offer, takes its first line we can carry, whatever its tag', () => {
    const theirs = key();
    const sdp = answer(
      'm=audio 30000 RTP/SAVP 0',
      `a=crypto:3 AEAD_AES_256_GCM inline:${randomBytes(44).toString('base64')}`,
      `a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:${theirs}`,
    );
    expect(chooseSdesCrypto(audioOf(sdp), { suite: 'AES_CM_128_HMAC_SHA1_80' })).toMatchObject({
      tag: 7,
      keyBase64: theirs,
    });
  });

  const refused: [string, string, RegExp][] = [
    ['no a=crypto line', answer('m=audio 30000 RTP/SAVP 0'), /carries no a=crypto key/],
    [
      'plain RTP/AVP',
      answer('m=audio 30000 RTP/AVP 0'),
      /plain RTP\/AVP audio, and this trunk requires SRTP/,
    ],
    [
      'another tag than ours',
      answer('m=audio 30000 RTP/SAVP 0', `a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:${key()}`),
      /none with tag 1/,
    ],
    [
      'another suite than offered',
      answer('m=audio 30000 RTP/SAVP 0', `a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:${key()}`),
      /suite AES_CM_128_HMAC_SHA1_32, not AES_CM_128_HMAC_SHA1_80/,
    ],
    [
      'a master key identifier',
      answer(
        'm=audio 30000 RTP/SAVP 0',
        `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${key()}|2^20|1:4`,
      ),
      /MKI/,
    ],
    [
      'a short key',
      answer(
        'm=audio 30000 RTP/SAVP 0',
        `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${randomBytes(16).toString('base64')}`,
      ),
      /key of 16 bytes, not 30/,
    ],
    [
      'a session parameter',
      answer(
        'm=audio 30000 RTP/SAVP 0',
        `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${key()} UNENCRYPTED_SRTP`,
      ),
      /session parameter UNENCRYPTED_SRTP/,
    ],
  ];
  for (const [what, sdp, message] of refused) {
    it(`with ${what} ends the call as incompatible (sdp_no_crypto)`, () => {
      const failure = (() => {
        try {
          return chooseSdesCrypto(audioOf(sdp), wanted);
        } catch (error) {
          return error;
        }
      })();
      expect(failure).toBeInstanceOf(SdpError);
      expect((failure as SdpError).message).toMatch(message);
      expect((failure as SdpError).endReason).toMatchObject({
        code: 'incompatible',
        cause: 'sdp_no_crypto',
      });
    });
  }

  it('is refused when the trunk carries plain RTP: no silent SRTP either way', () => {
    const sdp = answer(
      'm=audio 30000 RTP/SAVP 0',
      `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${key()}`,
    );
    expect(() => parsePbxSdp(sdp)).toThrow(/no active audio section over RTP\/AVP/);
    expect(sdpTransform.parse(sdp).media[0]?.protocol).toBe('RTP/SAVP');
  });
});
