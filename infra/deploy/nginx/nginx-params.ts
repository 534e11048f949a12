import { isIP } from 'node:net';
import { z } from 'zod';
import { loadEnvConfig } from '../../../protocol/config/env-config.ts';
import { TrustedProxiesSchema } from '../../../protocol/config/trusted-proxies.ts';

// Every value lands in nginx's configuration: each is checked against what its directive
// takes, so that none can end a directive (`;`), open a block or name a variable (`$`).
const hostName =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const validPort = (text: string) =>
  /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;

/** `host:port`, the host a name, an IPv4 address or a bracketed IPv6 address. */
function splitHostPort(text: string): { host: string; port: string } | undefined {
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d+)$/.exec(text);
  return match ? { host: match[1]!, port: match[2]! } : undefined;
}
const isAddress = (host: string) =>
  host.startsWith('[') ? isIP(host.slice(1, -1)) === 6 : isIP(host) === 4;

/** An upstream service: `api:8080`, `10.0.1.5:8090`, `[2001:db8::5]:8090`. */
const UpstreamSchema = z.string().refine((text) => {
  const parts = splitHostPort(text);
  return !!parts && validPort(parts.port) && (isAddress(parts.host) || hostName.test(parts.host));
}, 'must be host:port (a name, an IPv4 address or [IPv6]:port)');

/** What nginx listens on: a port alone (every address), or an address and a port. */
const ListenSchema = z.string().refine((text) => {
  if (validPort(text)) return true;
  const parts = splitHostPort(text);
  return !!parts && validPort(parts.port) && isAddress(parts.host);
}, 'must be a port, or address:port ([IPv6]:port)');

/** An internal address and port: a port alone would listen on the public address too. */
const AddressListenSchema = z.string().refine((text) => {
  const parts = splitHostPort(text);
  return !!parts && validPort(parts.port) && isAddress(parts.host);
}, 'must be address:port on an internal address (e.g. 10.0.0.5:8443), not a port alone');

const FilePathSchema = z
  .string()
  .regex(/^\/[\w./@+-]+$/, 'must be an absolute path of letters, digits and ._-+@/ only');

/** The reference nginx configuration's parameters (infra/deploy/nginx/README.md). */
export const NginxParamsSchema = z
  .strictObject({
    /** The one public host name visitors reach everything by (the certificate's name). */
    serverName: z.string().regex(hostName, 'must be a host name'),
    /**
     * Where plain HTTP redirects to: `https://` and the server name, with the port when it
     * is not 443 (nginx behind a port mapping). Unset: `https://<serverName>`.
     */
    publicOrigin: z
      .url({ protocol: /^https$/ })
      .refine((url) => new URL(url).href === `${new URL(url).origin}/`, 'must be an origin')
      .transform((url) => new URL(url).origin)
      .optional(),
    /** What the HTTPS server listens on. */
    httpsListen: ListenSchema.default('443'),
    /** What the plain-HTTP redirect listens on. */
    httpListen: ListenSchema.default('80'),
    /** The certificate chain (PEM, leaf first) for serverName, and its private key. */
    tlsCertificate: FilePathSchema,
    tlsCertificateKey: FilePathSchema,
    /** The API (API_HOST:API_PORT as nginx reaches it). */
    apiUpstream: UpstreamSchema.default('127.0.0.1:8080'),
    /** The media gateway's HTTP/WebSocket server (MEDIA_HOST:MEDIA_PORT). */
    gatewayUpstream: UpstreamSchema.default('127.0.0.1:8090'),
    /** The admin server's internal address:port; unset: no admin server is rendered. */
    adminListen: AddressListenSchema.optional(),
    /** Comma-separated CIDRs allowed on the admin server (needed with adminListen). */
    adminAllow: TrustedProxiesSchema,
    /** The admin server's certificate and key; unset: the public ones. */
    adminTlsCertificate: FilePathSchema.optional(),
    adminTlsCertificateKey: FilePathSchema.optional(),
  })
  .superRefine((params, ctx) => {
    if (params.publicOrigin && new URL(params.publicOrigin).hostname !== params.serverName)
      ctx.addIssue({
        code: 'custom',
        path: ['publicOrigin'],
        message: `must be on the server name ${params.serverName}`,
      });
    if (params.adminListen && params.adminAllow.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['adminAllow'],
        message: 'required with CTC_ADMIN_LISTEN: who may reach the admin server',
      });
  });
export type NginxParams = z.infer<typeof NginxParamsSchema>;

export const nginxParamsEnvNames = {
  serverName: 'CTC_SERVER_NAME',
  publicOrigin: 'CTC_PUBLIC_ORIGIN',
  httpsListen: 'CTC_HTTPS_LISTEN',
  httpListen: 'CTC_HTTP_LISTEN',
  tlsCertificate: 'CTC_TLS_CERTIFICATE',
  tlsCertificateKey: 'CTC_TLS_CERTIFICATE_KEY',
  apiUpstream: 'CTC_API_UPSTREAM',
  gatewayUpstream: 'CTC_GATEWAY_UPSTREAM',
  adminListen: 'CTC_ADMIN_LISTEN',
  adminAllow: 'CTC_ADMIN_ALLOW',
  adminTlsCertificate: 'CTC_ADMIN_TLS_CERTIFICATE',
  adminTlsCertificateKey: 'CTC_ADMIN_TLS_CERTIFICATE_KEY',
} as const satisfies Record<keyof NginxParams, string>;

/** The parameters from CTC_* variables; a bad or missing one throws a ConfigError naming it. */
export function loadNginxParams(env: Record<string, string | undefined>): NginxParams {
  return loadEnvConfig('nginx', NginxParamsSchema, nginxParamsEnvNames, env);
}
