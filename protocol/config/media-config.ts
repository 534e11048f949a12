import { z } from 'zod';
import { loadEnvConfig } from './env-config.ts';
import { LogLevelSchema } from './log-level.ts';
import { voiceCodecNames } from '../voice-codecs.ts';
import { SipHeaderNameSchema } from '../call-token.ts';
import { PortSchema } from './port.ts';
import { TrunkCredentialsFileSchema } from './trunk-credentials.ts';
import { checkTrunkSecurity, trunkPortDefault, trunkSecurityFields } from './trunk-security.ts';
import { TrunkHostListSchema } from './trunk-address-list.ts';
import { trunkRegistrationFields } from './trunk-registration-config.ts';
import {
  checkProxyProtocol,
  ProxyProtocolSchema,
  TrustedProxiesSchema,
} from './trusted-proxies.ts';
import {
  checkMediaSides,
  internalSideDefaults,
  PbxRtpIpSchema,
  RangePortSchema,
  SipBindIpSchema,
} from './media-sides.ts';
import { workerCountDefault } from './media-workers.ts';
import { gatewayNodeDefaults, gatewayNodeFields } from './gateway-node-config.ts';
import { browserConnectionCapDefault, browserFloodFields } from './browser-flood-limits.ts';

/** The media gateway's whole configuration, parsed once at start-up. */
export const MediaConfigSchema = z
  .strictObject({
    /** Address the HTTP/WebSocket server binds to. */
    host: z.string().min(1).default('127.0.0.1'),
    /** TCP port of the HTTP/WebSocket server (health checks, SIP over WebSocket). */
    port: PortSchema.default(8090),
    /** pino log level of the gateway. */
    logLevel: LogLevelSchema.default('info'),
    /**
     * IP the browsers' media (ICE, DTLS, SRTP) binds to: the public side, which the internet
     * firewall opens. Never used toward the PBX (see pbxRtpIp).
     */
    rtcListenIp: z.ipv4().or(z.ipv6()).default('127.0.0.1'),
    /**
     * Address announced to browsers in ICE candidates and SDP when behind NAT; unset: the
     * listen IP. The PBX is never told it.
     */
    rtcAnnouncedAddress: z.string().min(1).optional(),
    /** Lowest UDP/TCP port for browsers' media (the seeds' firewall range is 20000 to 23000). */
    rtcMinPort: RangePortSchema.default(20000),
    /** Highest port for browsers' media. */
    rtcMaxPort: RangePortSchema.default(23000),
    /**
     * Single-port mode: all browsers' ICE (UDP, and TCP as the fallback) on this one port
     * instead of one port per call from the range; for firewalls that open a single port.
     */
    rtcSinglePort: PortSchema.refine((port) => port > 0, 'must be a fixed port').optional(),
    /** Path of the mediasoup-worker executable; unset: where infra/bootstrap.sh put it. */
    workerBin: z.string().min(1).optional(),
    /** Log level of the mediasoup worker itself (its output goes to the gateway's log). */
    workerLogLevel: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
    /** The API's base URL: its JWKS verifies call tokens, its internal routes take call events. */
    apiUrl: z.url().default('http://127.0.0.1:8080'),
    /** Bearer token media/ presents to the API's internal routes (the API's API_SERVICE_TOKEN). */
    apiServiceToken: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * How often the gateway fetches the dial targets the API allows per site (toll-fraud
     * guard: a call whose token names another target is refused). Cheap: an unchanged list
     * is a 304. A call to a target not in the list fetches it at once (at most once a second),
     * so a queue just added to the sites file works without waiting for this.
     */
    dialTargetsRefreshMs: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
    /** Path of the SIP-over-WebSocket endpoint browsers connect to. */
    sipWsPath: z
      .string()
      .regex(/^\/[\w/-]*$/)
      .default('/sip'),
    /** Comma-separated origins allowed to open the SIP WebSocket; empty: any (tokens still rule). */
    allowedOrigins: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url())),
    /**
     * Most simultaneous SIP WebSockets from one client IP. Generous, for the visitors behind
     * one corporate NAT: the flood limits below slow a single address down, and an idle
     * socket is closed after wsIdleTimeoutMs.
     */
    maxConnectionsPerIp: z.coerce.number().int().min(1).default(100),
    /** Global cap and per-address rates with a ban (browser-flood-limits.ts). */
    ...browserFloodFields,
    /**
     * The reverse proxies in front of the gateway (comma-separated CIDRs): the client IP is
     * the first X-Forwarded-For hop, from the right, that is not one of them. Empty: the
     * socket's (then every visitor behind a proxy shares its connection limit).
     */
    trustedProxies: TrustedProxiesSchema,
    /** As API_PROXY_PROTOCOL: a PROXY protocol header first on every connection, from a proxy. */
    proxyProtocol: ProxyProtocolSchema,
    /**
     * Most connection tests (a data-channel echo each, at most 10 s) open at once; beyond
     * it the gateway answers 503 and the widget retries.
     */
    maxConnectionTests: z.coerce.number().int().min(1).default(100),
    /**
     * A WebSocket without a call in progress is closed after this time, whatever it sent
     * (refused requests, a frame it never finishes).
     */
    wsIdleTimeoutMs: z.coerce.number().int().min(1000).default(30_000),
    /**
     * How often the gateway pings each browser's WebSocket: traffic that keeps proxies and
     * NATs from closing a call's quiet socket, and a browser that misses a ping is gone.
     */
    wsPingIntervalMs: z.coerce.number().int().min(1000).max(300_000).default(25_000),
    /**
     * No RTP from the browser for this long, once it has the answer, ends the call
     * (`media_failed`). ICE consent, lost within about 30 s, ends it too.
     */
    rtpTimeoutMs: z.coerce.number().int().min(1000).default(30_000),
    /**
     * No RTP or RTCP from the PBX for this long after the answer, while the call is not on
     * hold, ends the call as `agent_lost` (as rtpengine's --timeout): the agent's phone or
     * the PBX vanished without a BYE. Longer for a PBX that sends nothing during silence
     * (voice activity detection without comfort noise, and no RTCP).
     */
    pbxMediaTimeoutMs: z.coerce.number().int().min(1000).default(30_000),
    /** Codecs the trunk allows, best first (comma-separated): never transcoded. */
    trunkCodecs: z
      .string()
      .default('opus,G722,PCMU,PCMA')
      .transform((list) => list.split(',').map((name) => name.trim()))
      .pipe(z.array(z.enum(voiceCodecNames)).min(1)),
    /** SIP header names the visitor's intent, language, country and the call id travel in. */
    intentHeader: SipHeaderNameSchema.default('X-CTC-Intent'),
    languageHeader: SipHeaderNameSchema.default('X-CTC-Language'),
    countryHeader: SipHeaderNameSchema.default('X-CTC-Country'),
    callIdHeader: SipHeaderNameSchema.default('X-CTC-Call-Id'),
    /**
     * SIP header the visitor's connection test travels in (verdict and figures, e.g.
     * `verdict=acceptable;rtt=42;loss=0.5;jitter=8`), for the agent's phone or CRM; absent
     * when the visitor skipped the test.
     */
    connectionHeader: SipHeaderNameSchema.default('X-CTC-Connection'),
    /** Host of the SIP trunk (the contact center's PBX/SBC) every call is placed through. */
    trunkHost: z.string().min(1).default('127.0.0.1'),
    /** SIP port of the trunk. Unset: 5061 with tls, else 5060 (RFC 3261 19.1.2). */
    trunkPort: PortSchema.optional(),
    /**
     * SIP transport toward the trunk (UDP gets RFC 3261 retransmissions; tls verifies the
     * PBX's certificate, see trunk-security.ts).
     */
    trunkTransport: z.enum(['udp', 'tcp', 'tls']).default('udp'),
    /**
     * Path of the JSON file of digest credentials the gateway answers the PBX's 401/407
     * challenges with, per site and a default (trunk-credentials.ts, docs/deploy.md). Unset:
     * a challenged call ends as `trunk_auth_failed`.
     */
    trunkCredentialsFile: TrunkCredentialsFileSchema.optional(),
    /** TLS trust and SRTP (SDES) toward the trunk (trunk-security.ts). */
    ...trunkSecurityFields,
    /**
     * Several PBX addresses in priority order (`10.0.0.5:5060,10.0.0.6:5060`), each pinged with
     * OPTIONS on its own: a new call goes to the first that answers (docs/pbx-profiles.md).
     * An IP without a port takes trunkPort; a name without a port is a DNS SRV lookup
     * (`_sip._udp.name`). Set, it replaces trunkHost and trunkPort.
     */
    trunkHosts: TrunkHostListSchema.optional(),
    /** How often each PBX address is pinged with OPTIONS (how soon a dead one is skipped). */
    trunkOptionsIntervalMs: z.coerce.number().int().min(200).max(3_600_000).default(15_000),
    /** Registration with each PBX address, off by default (trunk-registration-config.ts). */
    ...trunkRegistrationFields,
    /**
     * Local IP the trunk's SIP socket binds to and announces in Via, Contact and From: the
     * gateway's address on the PBX's network, not a wildcard. Unset: pbxRtpIp.
     */
    sipBindIp: SipBindIpSchema.optional(),
    /**
     * The gateway's IPv4 address on the PBX's network: the PBX-facing RTP binds to it, and it
     * is the only address the SDP toward the PBX names (the PBX never learns the public one).
     * Unset: sipBindIp when that is IPv4, else 127.0.0.1 (everything on one machine).
     */
    pbxRtpIp: PbxRtpIpSchema.optional(),
    /**
     * Lowest port of the PBX-facing RTP/RTCP pairs (one pair a call), opened only on the
     * internal firewall. The default range sits above Linux's ephemeral ports (32768-60999),
     * so no socket the kernel hands out can hold one, and apart from the browsers' range.
     */
    pbxRtpMinPort: RangePortSchema.default(61000),
    /** Highest port of the PBX-facing RTP/RTCP pairs. */
    pbxRtpMaxPort: RangePortSchema.default(62999),
    /** Its node id, public URL, capacity and announcements (gateway-node-config.ts). */
    ...gatewayNodeFields,
    /**
     * mediasoup workers (one process, one core each) the gateway spreads its calls over; a
     * worker that dies ends only its own calls and is replaced. Unset: one per core, or 1 in
     * single-port mode (see media-workers.ts).
     */
    workers: z.coerce.number().int().min(1).max(64).optional(),
    /**
     * Draining (SIGTERM, POST /admin/drain): how long live calls may go on before they are
     * ended; then the process exits. Keep the orchestrator's grace period above it.
     */
    drainTimeoutMs: z.coerce.number().int().min(0).max(86_400_000).default(3_600_000),
    /** Bearer token that POST /admin/drain requires; unset: the route refuses every request. */
    adminToken: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .transform(internalSideDefaults)
  .transform(trunkPortDefault)
  .transform(workerCountDefault)
  .transform(gatewayNodeDefaults)
  .transform(browserConnectionCapDefault)
  .superRefine(checkMediaSides)
  .superRefine(checkTrunkSecurity)
  .superRefine((config, ctx) => checkProxyProtocol(config, ctx, 'MEDIA_TRUSTED_PROXIES'));
export type MediaConfig = z.infer<typeof MediaConfigSchema>;

export const mediaConfigEnvNames = {
  host: 'MEDIA_HOST',
  port: 'MEDIA_PORT',
  logLevel: 'MEDIA_LOG_LEVEL',
  rtcListenIp: 'MEDIA_RTC_LISTEN_IP',
  rtcAnnouncedAddress: 'MEDIA_RTC_ANNOUNCED_ADDRESS',
  rtcMinPort: 'MEDIA_RTC_MIN_PORT',
  rtcMaxPort: 'MEDIA_RTC_MAX_PORT',
  rtcSinglePort: 'MEDIA_RTC_SINGLE_PORT',
  workerBin: 'MEDIASOUP_WORKER_BIN',
  workerLogLevel: 'MEDIA_WORKER_LOG_LEVEL',
  apiUrl: 'MEDIA_API_URL',
  apiServiceToken: 'MEDIA_API_SERVICE_TOKEN',
  dialTargetsRefreshMs: 'MEDIA_DIAL_TARGETS_REFRESH_MS',
  sipWsPath: 'MEDIA_SIP_WS_PATH',
  allowedOrigins: 'MEDIA_ALLOWED_ORIGINS',
  maxConnectionsPerIp: 'MEDIA_MAX_CONNECTIONS_PER_IP',
  maxBrowserConnections: 'MEDIA_MAX_BROWSER_CONNECTIONS',
  floodNewConnectionsPer10s: 'MEDIA_FLOOD_NEW_CONNECTIONS_PER_10S',
  floodSipRequestsPerS: 'MEDIA_FLOOD_SIP_REQUESTS_PER_S',
  floodRefusedInvitesPerMin: 'MEDIA_FLOOD_REFUSED_INVITES_PER_MIN',
  floodBanMs: 'MEDIA_FLOOD_BAN_MS',
  trustedProxies: 'MEDIA_TRUSTED_PROXIES',
  proxyProtocol: 'MEDIA_PROXY_PROTOCOL',
  maxConnectionTests: 'MEDIA_MAX_CONNECTION_TESTS',
  wsIdleTimeoutMs: 'MEDIA_WS_IDLE_TIMEOUT_MS',
  wsPingIntervalMs: 'MEDIA_WS_PING_INTERVAL_MS',
  rtpTimeoutMs: 'MEDIA_RTP_TIMEOUT_MS',
  pbxMediaTimeoutMs: 'MEDIA_PBX_MEDIA_TIMEOUT_MS',
  trunkCodecs: 'MEDIA_TRUNK_CODECS',
  intentHeader: 'MEDIA_INTENT_HEADER',
  languageHeader: 'MEDIA_LANGUAGE_HEADER',
  countryHeader: 'MEDIA_COUNTRY_HEADER',
  callIdHeader: 'MEDIA_CALL_ID_HEADER',
  connectionHeader: 'MEDIA_CONNECTION_HEADER',
  trunkHost: 'MEDIA_TRUNK_HOST',
  trunkPort: 'MEDIA_TRUNK_PORT',
  trunkTransport: 'MEDIA_TRUNK_TRANSPORT',
  trunkCredentialsFile: 'MEDIA_TRUNK_CREDENTIALS_FILE',
  trunkCaFile: 'MEDIA_TRUNK_CA_FILE',
  trunkTlsServerName: 'MEDIA_TRUNK_TLS_SERVER_NAME',
  trunkSrtp: 'MEDIA_TRUNK_SRTP',
  trunkSrtpCryptoSuite: 'MEDIA_TRUNK_SRTP_CRYPTO_SUITE',
  trunkSrtpKeysOverPlainSip: 'MEDIA_TRUNK_SRTP_KEYS_OVER_PLAIN_SIP',
  trunkHosts: 'MEDIA_TRUNK_HOSTS',
  trunkOptionsIntervalMs: 'MEDIA_TRUNK_OPTIONS_INTERVAL_MS',
  trunkRegister: 'MEDIA_TRUNK_REGISTER',
  trunkRegisterUser: 'MEDIA_TRUNK_REGISTER_USER',
  trunkRegisterDomain: 'MEDIA_TRUNK_REGISTER_DOMAIN',
  trunkRegisterExpiresS: 'MEDIA_TRUNK_REGISTER_EXPIRES_S',
  sipBindIp: 'MEDIA_SIP_BIND_IP',
  pbxRtpIp: 'MEDIA_PBX_RTP_IP',
  pbxRtpMinPort: 'MEDIA_PBX_RTP_MIN_PORT',
  pbxRtpMaxPort: 'MEDIA_PBX_RTP_MAX_PORT',
  nodeId: 'MEDIA_NODE_ID',
  publicUrl: 'MEDIA_PUBLIC_URL',
  maxCalls: 'MEDIA_MAX_CALLS',
  announceIntervalMs: 'MEDIA_ANNOUNCE_INTERVAL_MS',
  workers: 'MEDIA_WORKERS',
  drainTimeoutMs: 'MEDIA_DRAIN_TIMEOUT_MS',
  adminToken: 'MEDIA_ADMIN_TOKEN',
} as const satisfies Record<keyof MediaConfig, string>;

export function loadMediaConfig(env: Record<string, string | undefined>): MediaConfig {
  return loadEnvConfig('media', MediaConfigSchema, mediaConfigEnvNames, env, {
    fromFiles: ['MEDIA_API_SERVICE_TOKEN', 'MEDIA_ADMIN_TOKEN'],
  });
}
