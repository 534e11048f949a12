import {
  Command,
  IPv4ProxyAddress,
  IPv6ProxyAddress,
  V1ProxyProtocol,
  V2ProxyProtocol,
} from 'proxy-protocol-js';
import { canonicalIp } from './ip-address.ts';

/** A PROXY protocol header read off the front of a connection. */
export type ProxyHeader =
  /** More bytes are needed before the header can be read. */
  | { kind: 'incomplete' }
  /** The connection does not start with a valid header; `reason` says what is wrong. */
  | { kind: 'invalid'; reason: string }
  /**
   * A whole header of `length` bytes. `source` is the client the proxy names; undefined for a
   * connection of the proxy's own (v2 LOCAL, v1 UNKNOWN: its health checks).
   */
  | { kind: 'header'; length: number; source: string | undefined };

// The v2 signature (PROXY protocol spec 2.2) and the v1 prefix and longest line (2.1).
const v2Signature = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');
const v1Prefix = Buffer.from('PROXY ');
const v1MaxLength = 107;

/**
 * Reads the PROXY protocol header (HAProxy's, v1 text or v2 binary) at the start of `data`,
 * what a layer-4 load balancer sends before the client's own bytes. proxy-protocol-js parses
 * the fields; finding where the header ends is done here, so the client's bytes that came with
 * it are handed on untouched.
 */
export function readProxyHeader(data: Buffer): ProxyHeader {
  const startsWith = (prefix: Buffer) =>
    data
      .subarray(0, prefix.length)
      .equals(prefix.subarray(0, Math.min(prefix.length, data.length)));
  if (startsWith(v2Signature)) return readV2(data);
  if (startsWith(v1Prefix)) return readV1(data);
  return { kind: 'invalid', reason: 'no PROXY protocol header' };
}

function readV1(data: Buffer): ProxyHeader {
  const end = data.subarray(0, v1MaxLength).indexOf('\r\n');
  if (end === -1) {
    return data.length < v1MaxLength
      ? { kind: 'incomplete' }
      : { kind: 'invalid', reason: 'v1 header longer than 107 bytes' };
  }
  const line = data.subarray(0, end).toString('latin1');
  if (line === 'PROXY UNKNOWN' || line.startsWith('PROXY UNKNOWN '))
    return { kind: 'header', length: end + 2, source: undefined };
  try {
    const parsed = V1ProxyProtocol.parse(`${line}\r\n`);
    const source = canonicalIp(parsed.source.ipAddress);
    if (source === undefined) return { kind: 'invalid', reason: 'v1 source is not an address' };
    return { kind: 'header', length: end + 2, source };
  } catch {
    return { kind: 'invalid', reason: 'malformed v1 header' };
  }
}

function readV2(data: Buffer): ProxyHeader {
  if (data.length < 16) return { kind: 'incomplete' };
  const length = 16 + data.readUInt16BE(14);
  if (data.length < length) return { kind: 'incomplete' };
  let parsed: V2ProxyProtocol;
  try {
    parsed = V2ProxyProtocol.parse(data.subarray(0, length));
  } catch {
    return { kind: 'invalid', reason: 'malformed v2 header' };
  }
  if (parsed.command === Command.LOCAL) return { kind: 'header', length, source: undefined };
  const address = parsed.proxyAddress;
  if (address instanceof IPv4ProxyAddress)
    return { kind: 'header', length, source: address.sourceAddress.address.join('.') };
  if (address instanceof IPv6ProxyAddress) {
    const bytes = Buffer.from(address.sourceAddress.address);
    const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
    return { kind: 'header', length, source: canonicalIp(groups.join(':')) };
  }
  // A UNIX socket or unspecified family names no client address to count.
  return { kind: 'invalid', reason: 'v2 header names no IP source' };
}
