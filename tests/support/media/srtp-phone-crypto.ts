import { randomBytes } from 'node:crypto';
import { ProtectionProfileAes128CmHmacSha1_80, RtpPacket, SrtpSession } from 'werift';

/** An SRTP phone's keys (SDES, AES_CM_128_HMAC_SHA1_80): base64 of a 16-byte key and 14-byte salt. */
export interface SrtpPhoneKeys {
  /** The key the phone sends with: the one its PBX's SDP names. */
  phoneKey: string;
  /** The gateway's key, from its SDP, once it has been seen; packets before that are dropped. */
  gatewayKey: () => string | undefined;
}

export interface SrtpPhoneCrypto {
  /** The RTP inside an SRTP packet from the gateway, or undefined when it does not authenticate. */
  open(packet: Buffer): Buffer | undefined;
  /** The RTP packet as the phone sends it: encrypted and authenticated with its own key. */
  seal(packet: Buffer): Buffer;
}

/** A fresh SDES key for a phone (RFC 4568 6.2.1: 30 bytes). */
export function newSdesKey(): string {
  return randomBytes(30).toString('base64');
}

/** The key of the `a=crypto` line with `tag` in an SDP (the first line without one). */
export function sdesKeyOf(sdp: string, tag?: number): string | undefined {
  const lines = [...sdp.matchAll(/^a=crypto:(\d+) AES_CM_128_HMAC_SHA1_80 inline:([^\s|]+)/gm)];
  return lines.find((line) => tag === undefined || Number(line[1]) === tag)?.[2];
}

/**
 * SRTP for a PBX-side phone, with werift's SRTP (RFC 3711): what the gateway sends is checked
 * and decrypted with the gateway's key, what the phone sends back is protected with the
 * phone's own. A packet that does not authenticate was not sent with the gateway's key.
 */
export function srtpPhoneCrypto(keys: SrtpPhoneKeys): SrtpPhoneCrypto {
  const phone = session(keys.phoneKey);
  let inbound: { key: string; session: SrtpSession } | undefined;
  return {
    open(packet) {
      const key = keys.gatewayKey();
      if (!key) return undefined;
      if (inbound?.key !== key) inbound = { key, session: session(key) };
      try {
        return inbound.session.decrypt(packet);
      } catch {
        return undefined; // werift's SrtpAuthenticationError
      }
    },
    seal(packet) {
      const rtp = RtpPacket.deSerialize(packet);
      return phone.encrypt(rtp.payload, rtp.header);
    },
  };
}

/** A werift session keyed with `key` both ways: each phone uses it one way only. */
function session(key: string): SrtpSession {
  const bytes = Buffer.from(key, 'base64');
  const [masterKey, masterSalt] = [bytes.subarray(0, 16), bytes.subarray(16, 30)];
  return new SrtpSession({
    profile: ProtectionProfileAes128CmHmacSha1_80,
    keys: {
      localMasterKey: masterKey,
      localMasterSalt: masterSalt,
      remoteMasterKey: masterKey,
      remoteMasterSalt: masterSalt,
    },
  });
}
