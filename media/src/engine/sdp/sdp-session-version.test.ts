import { describe, expect, it } from 'vitest';
import { SdpSessionVersion } from './sdp-session-version.ts';

const sdp = (version: number, codecs: string) =>
  `o=- 7 ${version} IN IP4 10.0.0.1\nm=audio ${codecs}`;

describe('the o= version of the SDPs we send (RFC 3264 8)', () => {
  it('starts at 1, goes one on when the SDP changed, and stays when it did not', () => {
    const versions = new SdpSessionVersion();
    expect(versions.stamp((v) => sdp(v, '111 9 0 8'))).toBe(sdp(1, '111 9 0 8'));
    // A refresh after the answer chose PCMU: the offer now names PCMU only, a change.
    expect(versions.stamp((v) => sdp(v, '0'))).toBe(sdp(2, '0'));
    // The next refresh repeats it: same version, same SDP.
    expect(versions.stamp((v) => sdp(v, '0'))).toBe(sdp(2, '0'));
    expect(versions.stamp((v) => sdp(v, '0 126'))).toBe(sdp(3, '0 126'));
  });

  it('compares with the last SDP sent, not any earlier one', () => {
    const versions = new SdpSessionVersion();
    versions.stamp((v) => sdp(v, '0'));
    versions.stamp((v) => sdp(v, '8'));
    // Back to what version 1 was: still a change from version 2.
    expect(versions.stamp((v) => sdp(v, '0'))).toBe(sdp(3, '0'));
  });
});
