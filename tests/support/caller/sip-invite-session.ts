import { Core } from 'sip.js';
import { CallUpdateSchema, type CallUpdate } from '../../../protocol/call-update.ts';
import {
  buildRequest,
  buildResponse,
  gatewayUri,
  newBranch,
  newCallIdentity,
  type CallIdentity,
} from './sip-message-builder.ts';
import type { SipMessage, SipWsConnection } from './sip-ws-connection.ts';

/** Wall-clock ms with sub-ms precision, comparable across processes and with packet captures. */
export const preciseNow = () => performance.timeOrigin + performance.now();

export interface FinalResponse {
  status: number;
  /** The agent's name as the widget reads it (P-Asserted-Identity's display name). */
  agentName: string | undefined;
  /** The gateway's end code from `Reason: ...;text="<code>"`, when it sent one. */
  endCode: string | undefined;
  reason: string | undefined;
  sdp: string | undefined;
  at: number;
}

export interface InviteOptions {
  /** Sent as `Authorization: Bearer <token>`, as the widget does; omitted when undefined. */
  token?: string;
  sdp: string;
  extraHeaders?: string[];
  /**
   * The INVITE's Request-URI and To: the gateway's unless the call goes through a proxy that
   * routes by it (the bench's reference peer: `sip:queue-NAME@PBX`).
   */
  requestUri?: string;
  /** Via's transport for every request of the call (sip-message-builder.ts). */
  viaTransport?: 'WS' | 'WSS';
}

/**
 * The client side of one INVITE over a SIP WebSocket, enough for a test caller: provisional
 * responses, ACK (for 2xx and, hop by hop, for failures), BYE and CANCEL, and answers to the
 * gateway's in-dialog INFO and BYE.
 */
export interface InviteSession {
  readonly identity: CallIdentity;
  readonly sentAt: number;
  /** Every provisional response with its arrival time, its SDP (early media) and agent name. */
  readonly provisional: {
    status: number;
    at: number;
    sdp: string | undefined;
    agentName: string | undefined;
  }[];
  /** What the gateway told the widget during the call (INFO, protocol/call-update.ts). */
  readonly updates: CallUpdate[];
  readonly final: Promise<FinalResponse>;
  /** Settles when the gateway hangs up an answered call (its BYE). */
  readonly remoteBye: Promise<{ endCode: string | undefined; at: number }>;
  /** Hangs up an answered call; resolves with the BYE's final status. */
  bye(): Promise<number>;
  /** Cancels while ringing. */
  cancel(): void;
}

const endCodeOf = (reason: string | undefined) => /text="([a-z_]+)"/.exec(reason ?? '')?.[1];
/** The display name the widget shows, from the gateway's P-Asserted-Identity. */
const agentNameOf = (message: Core.IncomingMessage) =>
  /^\s*"([^"]{1,80})"/.exec(message.getHeader('P-Asserted-Identity') ?? '')?.[1];

export function sendInvite(connection: SipWsConnection, options: InviteOptions): InviteSession {
  const identity = newCallIdentity();
  const inviteBranch = newBranch();
  const provisional: InviteSession['provisional'] = [];
  const updates: CallUpdate[] = [];
  let toTag: string | undefined;
  const targetUri = options.requestUri ?? gatewayUri;
  const via = options.viaTransport ? { viaTransport: options.viaTransport } : {};
  let remoteTarget = targetUri;
  // Proxies on the path (Record-Route) stay on it for ACK and BYE; a gateway adds none.
  let routes: string[] = [];
  let settleFinal: (response: FinalResponse) => void = () => undefined;
  const final = new Promise<FinalResponse>((resolve) => (settleFinal = resolve));
  let settleBye: (bye: { endCode: string | undefined; at: number }) => void = () => undefined;
  const remoteBye = new Promise<{ endCode: string | undefined; at: number }>(
    (resolve) => (settleBye = resolve),
  );
  let settleOurBye: ((status: number) => void) | undefined;

  const request = (method: 'ACK' | 'BYE' | 'CANCEL', cseq: number, branch = newBranch()) =>
    connection.send(
      buildRequest({
        method,
        requestUri: method === 'CANCEL' ? targetUri : remoteTarget,
        toUri: targetUri,
        ...via,
        identity,
        cseq,
        branch,
        ...(method === 'CANCEL' ? {} : { routes }),
        ...(method === 'CANCEL' || !toTag ? {} : { toTag }),
      }),
    );

  const onResponse = (response: Core.IncomingResponseMessage, at: number) => {
    const status = response.statusCode ?? 0;
    if (response.method === 'BYE') return settleOurBye?.(status);
    if (response.method !== 'INVITE') return;
    if (status < 200) {
      const sdp = response.body || undefined;
      return void provisional.push({ status, at, sdp, agentName: agentNameOf(response) });
    }
    toTag = response.toTag || toTag;
    if (status < 300) {
      const contact = /<([^>]+)>/.exec(response.getHeader('Contact') ?? '')?.[1];
      if (contact) remoteTarget = contact;
      routes = response.getHeaders('Record-Route').reverse();
      request('ACK', 1);
    } else {
      // RFC 3261 17.1.1.3: the ACK for a failure belongs to the INVITE's transaction.
      connection.send(
        buildRequest({
          method: 'ACK',
          requestUri: targetUri,
          toUri: targetUri,
          ...via,
          identity,
          cseq: 1,
          branch: inviteBranch,
          ...(toTag ? { toTag } : {}),
        }),
      );
    }
    const reason = response.getHeader('Reason');
    settleFinal({
      status,
      agentName: agentNameOf(response),
      reason,
      endCode: endCodeOf(reason),
      sdp: response.body || undefined,
      at,
    });
  };

  const onRequest = (incoming: Core.IncomingRequestMessage, at: number) => {
    const ok = ['BYE', 'INFO'].includes(incoming.method);
    connection.send(
      buildResponse(ok ? 200 : 501, ok ? 'OK' : 'Not Implemented', {
        via: incoming.getHeaders('Via'),
        from: incoming.getHeader('From') ?? '',
        to: incoming.getHeader('To') ?? '',
        callId: incoming.callId,
        cseq: incoming.getHeader('CSeq') ?? '',
      }),
    );
    if (incoming.method === 'BYE')
      settleBye({ endCode: endCodeOf(incoming.getHeader('Reason')), at });
    if (
      incoming.method === 'INFO' &&
      /^application\/json/i.test(incoming.getHeader('Content-Type') ?? '')
    )
      updates.push(CallUpdateSchema.parse(JSON.parse(incoming.body)));
  };

  connection.onMessage((message: SipMessage) => {
    const at = preciseNow();
    if (message.callId !== identity.callId) return;
    if (message instanceof Core.IncomingResponseMessage) onResponse(message, at);
    else onRequest(message, at);
  });

  const headers = [...(options.extraHeaders ?? [])];
  if (options.token !== undefined) headers.push(`Authorization: Bearer ${options.token}`);
  const sentAt = preciseNow();
  connection.send(
    buildRequest({
      method: 'INVITE',
      requestUri: targetUri,
      toUri: targetUri,
      ...via,
      identity,
      cseq: 1,
      branch: inviteBranch,
      headers,
      body: { type: 'application/sdp', content: options.sdp },
    }),
  );

  return {
    identity,
    sentAt,
    provisional,
    updates,
    final,
    remoteBye,
    bye() {
      const answered = new Promise<number>((resolve) => (settleOurBye = resolve));
      request('BYE', 2);
      return answered;
    },
    cancel: () => request('CANCEL', 1, inviteBranch),
  };
}
