import { randomBytes } from 'node:crypto';
import { Grammar, UserAgentCore } from 'sip.js/lib/core/index.js';
import type { IncomingResponseMessage, URI } from 'sip.js/lib/core/index.js';
import type { TrunkCallEvents } from './call-events.ts';
import { isResponse, parseIncomingSip } from '../core/incoming-message.ts';
import type { RequestPolicy } from '../core/request-verdict.ts';
import { startTcpTransport } from './tcp-transport.ts';
import { startTlsTransport } from './tls-transport.ts';
import { parseReferTo } from './refer-to.ts';
import { isStrayAck } from '../core/stray-ack.ts';
import { deliverReusedBranchAck } from './reused-branch-ack.ts';
import { startTrunkRegistration } from './register-request.ts';
import { strongestChallengeOnly } from './strongest-challenge.ts';
import { CallSites, trunkAuthenticationFactory } from './trunk-authentication.ts';
import { TrunkCallLeg } from './trunk-call.ts';
import type { CallContext, TrunkCall, TrunkCallRequest } from './trunk-call-types.ts';
import { TrunkCertificateError, TrunkUnreachableError } from './trunk-errors.ts';
import { TrunkHealth } from './trunk-health.ts';
import { sipLoggerFactory } from '../core/sip-logger.ts';
import { defaultTrunkTimers } from './trunk-options.ts';
import type { TrunkClientOptions } from './trunk-options.ts';
import type { RegistrationState } from './trunk-registration.ts';
import type { TrunkAddress, TrunkTransport, TrunkTransportOptions } from './trunk-transport.ts';
import { startUdpTransport } from './udp-transport.ts';

export type { TrunkCallEvents } from './call-events.ts';
export type { TrunkCall, TrunkCallRequest } from './trunk-call-types.ts';
export type { TrunkClientOptions } from './trunk-options.ts';

const transportStarters: Record<
  TrunkAddress['transport'],
  (options: TrunkTransportOptions) => Promise<TrunkTransport>
> = { udp: startUdpTransport, tcp: startTcpTransport, tls: startTlsTransport };

export interface TrunkClient {
  placeCall(request: TrunkCallRequest, events: TrunkCallEvents): TrunkCall;
  /** From OPTIONS pings and call outcomes: false means calls fail fast with trunk_unreachable. */
  readonly healthy: boolean;
  /** With registration on (MEDIA_TRUNK_REGISTER): where it stands; only `registered` takes calls. */
  readonly registration?: RegistrationState;
  /** Messages from the trunk dropped as malformed or unexpected, since start. */
  readonly droppedMessages: number;
  /** Ends every call (BYE/CANCEL), stops pings, closes sockets. Idempotent. */
  close(): Promise<void>;
}

/**
 * The PBX leg's SIP user agent: sip.js 0.21's RFC 3261 core (transactions, dialogs) on our own
 * UDP or TCP transport, with what that core lacks added around it: UDP retransmissions (in
 * the UDP transport), UPDATE, session timers, health pings and input validation.
 */
export async function startTrunkClient(options: TrunkClientOptions): Promise<TrunkClient> {
  const timers = { ...defaultTrunkTimers, ...options.timers };
  const { logger, trunk } = options;
  const localUser = options.localUser ?? 'gateway';
  const calls = new Set<TrunkCallLeg>();
  let dropped = 0;
  let closed = false;
  const drop = (reason: string) => {
    dropped += 1;
    logger.debug({ reason, dropped }, 'dropped SIP input from trunk');
  };

  // What the PBX may send us: the calls' in-dialog requests (re-INVITE, UPDATE, BYE, INFO,
  // REFER for a transfer), OPTIONS, and an INVITE or REFER outside a dialog, refused (403).
  const trunkRequests: RequestPolicy = {
    allowedMethods: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'INFO', 'OPTIONS', 'UPDATE', 'REFER'],
    supportedOptionTags: ['timer'],
    sdpMethods: ['INVITE', 'UPDATE'],
    requestUriUser: localUser,
  };
  const loggerFactory = sipLoggerFactory(logger);
  const callSites = new CallSites();
  const parserLogger = loggerFactory.getLogger('trunk.parser');
  // Datagrams may arrive between binding the socket and building the core: held off till then.
  const holder: { core?: UserAgentCore } = {};
  const onMessage = (text: string) => {
    const core = holder.core;
    if (!core || closed) return;
    // The parse and the verdict too: a throw anywhere here would leave the socket's listener,
    // and one bad message must not end the gateway.
    try {
      const parsed = parseIncomingSip(strongestChallengeOnly(text), parserLogger, trunkRequests);
      if (!parsed.ok && parsed.refusal) {
        const { method, status, reason, response } = parsed.refusal;
        logger.debug({ method, sipStatus: status, reason }, 'refused a SIP request from trunk');
        transport
          .send(response)
          .catch((error: Error) => drop(`refusal not sent: ${error.message}`));
        return;
      }
      if (!parsed.ok) return drop(parsed.reason);
      const message = parsed.message;
      if (isResponse(message)) {
        transport.responseReceived(message.viaBranch, message.method, message.statusCode ?? 0);
        // sip.js's core drops a 1xx without a To tag (no early dialog): the call still rings.
        if (!message.toTag) for (const call of calls) call.takeTaglessProgress(message);
        core.receiveIncomingResponseFromTransport(message);
      } else if (message.method === 'UPDATE' && message.toTag) {
        const taken = [...calls].some((call) => call.takeUpdate(message));
        if (!taken) core.replyStateless(message, { statusCode: 481 });
      } else if (isStrayAck(core, message)) {
        drop('ACK matching no transaction or dialog');
      } else if (!deliverReusedBranchAck(core, message)) {
        core.receiveIncomingRequestFromTransport(message);
      }
    } catch (error) {
      // sip.js throws on a few inputs it did not expect, and a throw of ours is a bug: an
      // error line, so an operator sees it, and the message goes unanswered.
      const thrown = (error as Error).message;
      logger.error({ error: thrown }, 'a SIP message from the trunk threw; dropped');
      drop(`threw on message: ${thrown}`);
    }
  };

  const transportOptions = {
    trunk,
    bindIp: options.bindIp,
    onMessage,
    onDropped: drop,
    connectTimeoutMs: timers.inviteTimeoutMs,
    ...(options.tls ? { tls: options.tls } : {}),
  };
  const transport: TrunkTransport = await transportStarters[trunk.transport](transportOptions);
  const aor = Grammar.URIParse(`sip:${localUser}@${options.bindIp}`) as URI;
  const sipCore = new UserAgentCore(
    {
      aor,
      contact: { pubGruu: undefined, tempGruu: undefined, uri: aor, toString: () => `<${aor}>` },
      displayName: '',
      loggerFactory,
      hackViaTcp: false,
      routeSet: [],
      sipjsId: randomBytes(4).toString('hex'),
      supportedOptionTags: ['timer'],
      supportedOptionTagsResponse: ['timer'],
      userAgentHeaderFieldValue: options.userAgent ?? 'click-to-call-gateway',
      viaForceRport: true,
      viaHost: options.bindIp,
      authenticationFactory: trunkAuthenticationFactory(
        loggerFactory,
        options.credentials,
        callSites,
      ),
      transportAccessor: () => transport,
    },
    // We only place calls: an INVITE from the trunk outside a dialog is refused.
    {
      onInvite: (request) => request.reject({ statusCode: 403 }),
      // A transfer of no call of ours: the toll-fraud guard hears of it (call-transfer.ts).
      onRefer: (request) => {
        request.reject({ statusCode: 403 });
        options.onReferOutsideDialog?.(parseReferTo(request.message));
      },
    },
  );
  holder.core = sipCore;

  const trunkUri = Grammar.URIParse(
    `sip:${trunk.host.includes(':') ? `[${trunk.host}]` : trunk.host}:${trunk.port};transport=${trunk.transport}`,
  ) as URI;
  const ping = async (): Promise<number | undefined> => {
    const local = await transport.ready();
    sipCore.configuration.viaHost = `${local.host}:${local.port}`;
    const message = sipCore.makeOutgoingRequestMessage('OPTIONS', trunkUri, aor, trunkUri, {});
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (message.branch) transport.abandon(message.branch, 'OPTIONS');
        resolve(undefined);
      }, timers.optionsTimeoutMs);
      const settle = ({ message: m }: { message: IncomingResponseMessage }) => {
        clearTimeout(timer);
        resolve(m.callId ? m.statusCode : undefined);
      };
      sipCore.request(message, { onAccept: settle, onReject: settle, onRedirect: settle });
    });
  };
  const health = new TrunkHealth({ ping, intervalMs: timers.optionsIntervalMs, logger });
  health.start();
  // Some PBXs (Asterisk, 3CX) take calls only from a trunk user that registered.
  const registration =
    options.registration &&
    startTrunkRegistration({
      core: sipCore,
      transport,
      trunk,
      localUser,
      settings: options.registration,
      logger,
    });

  const context: CallContext = {
    core: sipCore,
    transport,
    timers,
    logger,
    localUser,
    trunkHealthy: () => {
      if (!health.healthy) void health.pingNow();
      return health.healthy;
    },
    unhealthyReason: () =>
      health.lastFailure instanceof TrunkCertificateError
        ? health.lastFailure
        : new TrunkUnreachableError('trunk unhealthy (no answer to OPTIONS)'),
    reachable: (ok) => health.mark(ok),
    finished: (call) => calls.delete(call as TrunkCallLeg),
  };
  logger.info({ trunk: `${trunk.transport}:${trunk.host}:${trunk.port}` }, 'trunk client started');

  return {
    placeCall(request, events) {
      const call = new TrunkCallLeg(context, request, events);
      callSites.remember(request.callId, request.site);
      if (closed) {
        queueMicrotask(() =>
          call.terminate({
            code: 'gateway_error',
            cause: 'trunk_closed',
            detail: 'trunk client closed',
          }),
        );
        return call;
      }
      calls.add(call);
      call.start();
      return call;
    },
    get healthy() {
      return health.healthy;
    },
    get registration() {
      return registration?.state;
    },
    get droppedMessages() {
      return dropped;
    },
    async close() {
      if (closed) return;
      for (const call of [...calls])
        call.terminate({
          code: 'gateway_error',
          cause: 'shutdown',
          detail: 'gateway shutting down',
        });
      health.stop();
      // Give the BYEs/CANCELs a moment on the wire before the socket goes, and the PBX our
      // unregistration (Expires: 0) its answer.
      await Promise.all([new Promise((resolve) => setTimeout(resolve, 50)), registration?.stop()]);
      closed = true;
      sipCore.dispose();
      await transport.close();
    },
  };
}
