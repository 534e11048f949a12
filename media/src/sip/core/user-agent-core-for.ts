import { randomBytes } from 'node:crypto';
import { Core, Grammar } from 'sip.js';

export interface UserAgentCoreOptions {
  /** Our SIP identity on this leg, e.g. `sip:gateway@click-to-call.invalid`. */
  aor: string;
  /** The transport the core sends through: `protocol` becomes the Via transport. */
  transport: Core.Transport;
  loggerFactory: Core.LoggerFactory;
  delegate: Core.UserAgentCoreDelegate;
  /** Host and port we put in Via and Contact; a random `.invalid` name where unreachable. */
  viaHost?: string;
  contactHost?: string;
  contactParams?: Record<string, string>;
}

/**
 * A sip.js UserAgentCore (the RFC 3261 transaction and dialog layer, without sip.js's
 * browser-oriented UserAgent) configured for one leg of the gateway.
 */
export function userAgentCoreFor(options: UserAgentCoreOptions): {
  core: Core.UserAgentCore;
  viaHost: string;
} {
  const aor = Grammar.URIParse(options.aor);
  if (!aor) throw new Error(`invalid AOR ${options.aor}`);
  const id = randomBytes(6).toString('hex');
  const viaHost = options.viaHost ?? `${id}.invalid`;
  const contactUri = new Core.URI(
    'sip',
    aor.user ?? 'gateway',
    options.contactHost ?? viaHost,
    undefined,
    options.contactParams ?? {},
  );
  const core = new Core.UserAgentCore(
    {
      aor,
      contact: {
        pubGruu: undefined,
        tempGruu: undefined,
        uri: contactUri,
        toString: () => `<${contactUri.toString()}>`,
      },
      displayName: 'click-to-call',
      loggerFactory: options.loggerFactory,
      hackViaTcp: false,
      routeSet: [],
      sipjsId: id,
      supportedOptionTags: [],
      supportedOptionTagsResponse: [],
      userAgentHeaderFieldValue: 'click-to-call-gateway',
      viaForceRport: false,
      viaHost,
      authenticationFactory: () => undefined,
      transportAccessor: () => options.transport,
    },
    options.delegate,
  );
  return { core, viaHost };
}
