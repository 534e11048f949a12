import { z } from 'zod';
import { PortSchema } from './port.ts';

/** One end of a port range: 0 ("any port") means nothing in a range. */
export const RangePortSchema = PortSchema.refine((port) => port > 0, 'must be from 1 to 65535');

export interface PortRange {
  min: number;
  max: number;
}

/**
 * The RTP/RTCP pairs a range holds: RTP on an even port, RTCP on the odd one above it (RFC
 * 3550's convention, which PBXs that do not multiplex RTCP expect). The PBX RTP relay binds
 * from these and start-up checks there is one, so both read the rule here.
 */
export function rtpPortPairs(range: PortRange): { firstRtpPort: number; count: number } {
  const firstRtpPort = range.min + (range.min % 2);
  return { firstRtpPort, count: Math.max(0, Math.floor((range.max - firstRtpPort - 1) / 2) + 1) };
}

/** 0.0.0.0 and :: bind every address of the host, the other side's included. */
const isUnspecifiedAddress = (ip: string) => ip === '0.0.0.0' || /^[0:]+$/.test(ip);

const notWildcard: [(ip: string) => boolean, string] = [
  (ip) => !isUnspecifiedAddress(ip),
  "must be the gateway's own address on the PBX's network, not a wildcard: the PBX is told it",
];
/** The trunk's SIP socket's address (IPv4 or IPv6), announced in Via, Contact and From. */
export const SipBindIpSchema = z
  .ipv4()
  .or(z.ipv6())
  .refine(...notWildcard);
/** The PBX-facing RTP's address, named in the SDP toward the PBX (IPv4: udp4 sockets, IP4 SDP). */
export const PbxRtpIpSchema = z.ipv4().refine(...notWildcard);

/**
 * The internal side is one address in most deployments: either variable alone sets both, so
 * a gateway configured with only MEDIA_SIP_BIND_IP (before MEDIA_PBX_RTP_IP existed) keeps its
 * RTP beside its SIP rather than on loopback. Neither set: 127.0.0.1, all on one machine.
 */
export function internalSideDefaults<
  Config extends { sipBindIp?: string | undefined; pbxRtpIp?: string | undefined },
>(config: Config, ctx: z.RefinementCtx) {
  const sipIsIpv4 = config.sipBindIp !== undefined && z.ipv4().safeParse(config.sipBindIp).success;
  if (config.pbxRtpIp === undefined && config.sipBindIp !== undefined && !sipIsIpv4) {
    ctx.addIssue({
      code: 'custom',
      path: ['pbxRtpIp'],
      message: `must be set to an IPv4 address: it defaults to MEDIA_SIP_BIND_IP, which is IPv6 (${config.sipBindIp}), and the PBX's RTP is IPv4 only`,
    });
  }
  const pbxRtpIp = config.pbxRtpIp ?? (sipIsIpv4 ? config.sipBindIp : undefined) ?? '127.0.0.1';
  return { ...config, pbxRtpIp, sipBindIp: config.sipBindIp ?? pbxRtpIp };
}

/** What the cross-field checks read: the two media sides, with defaults already applied. */
interface MediaSides {
  rtcListenIp: string;
  rtcMinPort: number;
  rtcMaxPort: number;
  rtcSinglePort?: number | undefined;
  pbxRtpIp: string;
  pbxRtpMinPort: number;
  pbxRtpMaxPort: number;
}

/**
 * The browsers' media and the PBX's RTP are two sides with their own ranges: each range must
 * be well-formed, the PBX's must hold an RTP/RTCP pair, and where both sides bind the same
 * address (one machine, or a wildcard) the PBX's ports must not be among the browsers' ones,
 * which the internet-facing firewall opens. Issues name the field whose variable to fix.
 */
export function checkMediaSides(config: MediaSides, ctx: z.RefinementCtx): void {
  const pbx = { min: config.pbxRtpMinPort, max: config.pbxRtpMaxPort };
  if (config.rtcMaxPort < config.rtcMinPort) {
    ctx.addIssue({
      code: 'custom',
      path: ['rtcMaxPort'],
      message: 'must not be below the lowest media port (MEDIA_RTC_MIN_PORT)',
    });
  }
  if (pbx.max < pbx.min) {
    ctx.addIssue({
      code: 'custom',
      path: ['pbxRtpMaxPort'],
      message: `must not be below MEDIA_PBX_RTP_MIN_PORT (${pbx.min})`,
    });
    return;
  }
  if (rtpPortPairs(pbx).count === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['pbxRtpMaxPort'],
      message: `${pbx.min}-${pbx.max} holds no RTP/RTCP pair (an even port for RTP and the odd one above it for RTCP)`,
    });
  }
  const sameAddress =
    config.rtcListenIp === config.pbxRtpIp ||
    isUnspecifiedAddress(config.rtcListenIp) ||
    isUnspecifiedAddress(config.pbxRtpIp);
  if (!sameAddress) return;
  // In single-port mode browsers' media uses that one port only; the range is left unbound.
  const browser = config.rtcSinglePort
    ? {
        min: config.rtcSinglePort,
        max: config.rtcSinglePort,
        text: `MEDIA_RTC_SINGLE_PORT ${config.rtcSinglePort}`,
      }
    : {
        min: config.rtcMinPort,
        max: config.rtcMaxPort,
        text: `MEDIA_RTC_MIN_PORT-MEDIA_RTC_MAX_PORT ${config.rtcMinPort}-${config.rtcMaxPort}`,
      };
  if (pbx.min <= browser.max && browser.min <= pbx.max) {
    ctx.addIssue({
      code: 'custom',
      path: ['pbxRtpMinPort'],
      message:
        `${pbx.min}-${pbx.max} overlaps the browsers' media ports (${browser.text}) ` +
        `on the same address (MEDIA_RTC_LISTEN_IP ` +
        `${config.rtcListenIp}, MEDIA_PBX_RTP_IP ${config.pbxRtpIp}): give the PBX's RTP a ` +
        'range of its own, or its own address',
    });
  }
}
