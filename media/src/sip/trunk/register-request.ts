import { randomBytes } from 'node:crypto';
import { Grammar } from 'sip.js/lib/core/index.js';
import type {
  IncomingResponseMessage,
  OutgoingRequestMessage,
  URI,
  UserAgentCore,
} from 'sip.js/lib/core/index.js';
import type { ServiceLogger } from '../core/sip-logger.ts';
import { grantedExpiresS, minExpiresS } from './registration-terms.ts';
import { credentialsSent, isChallenge } from './trunk-auth-refusal.ts';
import type { TrunkRegistrationSettings } from './trunk-options.ts';
import { TrunkRegistration } from './trunk-registration.ts';
import type { RegisterOutcome } from './trunk-registration.ts';
import type { TrunkAddress, TrunkTransport } from './trunk-transport.ts';

export interface RegisterRequestOptions {
  core: UserAgentCore;
  transport: TrunkTransport;
  /** Request-URI: the registrar (the PBX address's domain). */
  registrar: URI;
  /** Address of record, in From and To: `sip:<user>@<domain>`. */
  aor: URI;
  /** User part of our Contact: the user the PBX's requests to us are addressed to. */
  contactUser: string;
  /** No final answer within this: the attempt failed (the registration retries later). */
  timeoutMs: number;
}

/**
 * REGISTERs for trunk-registration.ts over the trunk client's sip.js core, as the OPTIONS
 * ping does (sip.js's Registerer lives in its `api` layer, which we do not use). Every
 * REGISTER of one registration shares its Call-ID and counts its CSeq up (RFC 3261 10.2);
 * the core answers a 401/407 with the credentials file's `default` entry (no call, no site).
 */
export function registerSender(
  options: RegisterRequestOptions,
): (expiresS: number) => Promise<RegisterOutcome> {
  const { core, transport, registrar, aor, contactUser } = options;
  const callId = randomBytes(12).toString('hex');
  const fromTag = randomBytes(6).toString('hex');
  let cseq = 1;
  return async (expiresS) => {
    const local = await transport.ready();
    const host = local.host.includes(':') ? `[${local.host}]` : local.host;
    core.configuration.viaHost = `${host}:${local.port}`;
    const param =
      transport.protocol === 'UDP' ? '' : `;transport=${transport.protocol.toLowerCase()}`;
    const contact = `<sip:${contactUser}@${host}:${local.port}${param}>;expires=${expiresS}`;
    const message = core.makeOutgoingRequestMessage(
      'REGISTER',
      registrar,
      aor,
      aor,
      { callId, cseq, fromTag },
      [`Contact: ${contact}`, `Expires: ${expiresS}`],
    );
    const outcome = await new Promise<RegisterOutcome>((resolve) => {
      const timer = setTimeout(() => {
        // The challenged retry has its own branch: the message holds the latest.
        if (message.branch) transport.abandon(message.branch, 'REGISTER');
        resolve({ kind: 'failed', detail: `no answer to REGISTER in ${options.timeoutMs} ms` });
      }, options.timeoutMs);
      const settle = ({ message: response }: { message: IncomingResponseMessage }) => {
        clearTimeout(timer);
        const ours = { user: contactUser, host: local.host, port: local.port };
        resolve(outcomeOf(response, message, ours, expiresS));
      };
      core.register(message, {
        onAccept: settle,
        onReject: settle,
        onRedirect: settle,
      });
    });
    // The core counted up on a challenge: the next REGISTER goes on from there.
    cseq = message.cseq + 1;
    return outcome;
  };
}

function outcomeOf(
  response: IncomingResponseMessage,
  request: OutgoingRequestMessage,
  ours: { user: string; host: string; port: number },
  askedS: number,
): RegisterOutcome {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) {
    // Unregistering (0): any 2xx will do, our binding is gone.
    if (askedS === 0) return { kind: 'accepted', grantedS: 0 };
    const grantedS = grantedExpiresS(response, ours, askedS);
    return grantedS === undefined
      ? { kind: 'failed', status, detail: 'the 2xx does not list our contact as bound' }
      : { kind: 'accepted', grantedS };
  }
  if (status === 423) return { kind: 'too_brief', minExpiresS: minExpiresS(response) };
  if (isChallenge(response)) {
    const { realm, username, sent } = credentialsSent(response, request);
    return {
      kind: 'refused',
      refusal: {
        sipStatus: status,
        cause: sent ? 'credentials_refused' : 'no_credentials',
        ...(realm === undefined ? {} : { realm }),
        ...(username === undefined ? {} : { username }),
      },
    };
  }
  // 403, 404 (no such user)...: only the administrator can change them. 408 is the core's
  // own timeout, 3xx a redirect we do not follow, 5xx and 6xx the PBX's trouble: retried.
  if (status >= 400 && status < 500 && status !== 408)
    return { kind: 'refused', refusal: { sipStatus: status, cause: 'rejected' } };
  return { kind: 'failed', status, detail: `${status} ${response.reasonPhrase}`.slice(0, 200) };
}

/** The registration of one trunk client with its PBX address, started (trunk-client.ts). */
export function startTrunkRegistration(options: {
  core: UserAgentCore;
  transport: TrunkTransport;
  trunk: TrunkAddress;
  localUser: string;
  settings: TrunkRegistrationSettings;
  logger: ServiceLogger;
}): TrunkRegistration {
  const { trunk, settings } = options;
  const host = (name: string) => (name.includes(':') ? `[${name}]` : name);
  const domain = host(settings.domain ?? trunk.host);
  const registrar = Grammar.URIParse(
    `sip:${domain}${settings.domain ? '' : `:${trunk.port}`};transport=${trunk.transport}`,
  );
  const aor = Grammar.URIParse(`sip:${settings.user ?? options.localUser}@${domain}`);
  if (!registrar || !aor) throw new Error(`cannot register as ${settings.user} at ${domain}`);
  const registration = new TrunkRegistration({
    send: registerSender({
      core: options.core,
      transport: options.transport,
      registrar,
      aor,
      contactUser: options.localUser,
      timeoutMs: settings.timeoutMs ?? 5_000,
    }),
    expiresS: settings.expiresS,
    retryFirstMs: settings.retryFirstMs ?? 5_000,
    retryMaxMs: settings.retryMaxMs ?? 300_000,
    logger: options.logger,
  });
  registration.start();
  return registration;
}
