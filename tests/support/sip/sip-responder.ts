import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { RemoteInfo } from 'node:dgram';

/**
 * A scripted SIP UAS over UDP for what kamailio and baresip cannot be made to do on demand
 * (422 with Min-SE, a short session timer, P-Asserted-Identity, UPDATE, junk datagrams). A
 * real socket speaking real SIP: the trunk client cannot tell it from a PBX.
 */
export interface SipMessage {
  startLine: string;
  method: string | undefined;
  status: number | undefined;
  headers: Map<string, string[]>;
  body: string;
  from: RemoteInfo;
  header(name: string): string | undefined;
}

export function parseSip(text: string, from: RemoteInfo): SipMessage {
  const [head = '', body = ''] = text.split(/\r\n\r\n/, 2);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const status = /^SIP\/2\.0 (\d{3})/.exec(startLine)?.[1];
  return {
    startLine,
    method: status ? undefined : startLine.split(' ')[0],
    status: status ? Number(status) : undefined,
    headers,
    body,
    from,
    header: (name) => headers.get(name.toLowerCase())?.[0],
  };
}

export interface ReplyOptions {
  headers?: string[];
  sdp?: string;
  reason?: string;
  /** For an INVITE sent without SDP: the answer its ACK carries (RFC 3261 14.1). */
  ackSdp?: string;
}

export interface SipResponder {
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: SipMessage[];
  /** Every final response received, in order, to our requests or to ones sent raw. */
  readonly responses: SipMessage[];
  /** Called for each new INVITE (not retransmissions, not re-INVITEs answered by default). */
  onInvite: (invite: SipMessage) => void;
  /** Called for in-dialog INVITEs (session refreshes); default: 200 echoing Session-Expires. */
  onReInvite: (invite: SipMessage) => void;
  /** Called for other requests but ACK (BYE, OPTIONS, UPDATE...); default: 200. */
  onOtherRequest: (request: SipMessage) => void;
  reply(request: SipMessage, status: number, options?: ReplyOptions): void;
  /** Sends an in-dialog request (re-INVITE, UPDATE, BYE) toward the gateway; resolves with the response. */
  request(dialogInvite: SipMessage, method: string, options?: ReplyOptions): Promise<SipMessage>;
  sendRaw(text: string | Buffer, port: number): void;
  waitForRequest(method: string, count?: number, timeoutMs?: number): Promise<SipMessage>;
  close(): void;
}

const newBranch = () => `z9hG4bK${randomBytes(6).toString('hex')}`;

export async function startSipResponder(): Promise<SipResponder> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  const toTags = new Map<string, string>();
  const seenBranches = new Set<string>();
  const pending = new Map<string, (response: SipMessage) => void>();
  const requests: SipMessage[] = [];
  const responses: SipMessage[] = [];
  let cseq = 100;
  const tagFor = (callId: string) => {
    if (!toTags.has(callId)) toTags.set(callId, randomBytes(4).toString('hex'));
    return toTags.get(callId) as string;
  };
  const send = (text: string, to: RemoteInfo) => socket.send(text, to.port, to.address);
  const withBody = (lines: string[], sdp?: string) =>
    [
      ...lines,
      ...(sdp ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(sdp ?? '')}`,
      '',
      sdp ?? '',
    ].join('\r\n');

  const responder: SipResponder = {
    port,
    requests,
    responses,
    onInvite: (invite) => responder.reply(invite, 486),
    onOtherRequest: (request) => responder.reply(request, 200),
    onReInvite: (invite) => {
      const se = invite.header('session-expires');
      responder.reply(invite, 200, {
        sdp: reinviteSdp,
        headers: se ? [`Session-Expires: ${se}`, 'Require: timer'] : [],
      });
    },
    reply(request, status, options = {}) {
      const callId = request.header('call-id') ?? '';
      const to = request.header('to') ?? '';
      const lines = [
        `SIP/2.0 ${status} ${options.reason ?? 'Scripted'}`,
        ...(request.headers.get('via') ?? []).map((v) => `Via: ${v}`),
        `From: ${request.header('from')}`,
        `To: ${status > 100 && !/;tag=/.test(to) ? `${to};tag=${tagFor(callId)}` : to}`,
        `Call-ID: ${callId}`,
        `CSeq: ${request.header('cseq')}`,
        `Contact: <sip:agent@127.0.0.1:${port}>`,
        ...(options.headers ?? []),
      ];
      send(withBody(lines, options.sdp), request.from);
    },
    request(invite, method, options = {}) {
      const branch = newBranch();
      const callId = invite.header('call-id') ?? '';
      const contact = /<([^>]+)>/.exec(invite.header('contact') ?? '')?.[1] ?? '';
      cseq += 1;
      const lines = [
        `${method} ${contact} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=${branch}`,
        'Max-Forwards: 70',
        `From: ${invite.header('to')};tag=${tagFor(callId)}`,
        `To: ${invite.header('from')}`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} ${method}`,
        `Contact: <sip:agent@127.0.0.1:${port}>`,
        ...(options.headers ?? []),
      ];
      send(withBody(lines, options.sdp), invite.from);
      return new Promise((resolve) => pending.set(branch, resolve)).then((response) => {
        const r = response as SipMessage;
        if (method === 'INVITE' && (r.status ?? 0) >= 200) {
          // The ACK to a 2xx is a transaction of its own, with a branch of its own (RFC 3261
          // 13.2.2.4); a failure's ACK belongs to the INVITE's (17.1.1.3).
          const via =
            (r.status ?? 0) < 300 ? [lines[1]!.replace(branch, newBranch())] : [lines[1]!];
          const ack = [`ACK ${contact} SIP/2.0`, ...via, ...lines.slice(2, 6), `CSeq: ${cseq} ACK`];
          send(withBody(ack, options.ackSdp), invite.from);
        }
        return r;
      });
    },
    sendRaw: (text, to) => socket.send(text, to, '127.0.0.1'),
    async waitForRequest(method, count = 1, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = requests.filter((r) => r.method === method);
        if (matching.length >= count) return matching[count - 1] as SipMessage;
        if (Date.now() > deadline) throw new Error(`no ${method} #${count} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => socket.close(),
  };

  socket.on('message', (data, from) => {
    const message = parseSip(data.toString('utf8'), from);
    if (message.status !== undefined) {
      if (message.status < 200) return;
      responses.push(message);
      const branch = /branch=([^;,\s]+)/.exec(message.header('via') ?? '')?.[1] ?? '';
      pending.get(branch)?.(message);
      pending.delete(branch);
      return;
    }
    const branch = /branch=([^;,\s]+)/.exec(message.header('via') ?? '')?.[1] ?? '';
    const key = `${branch} ${message.method}`;
    if (seenBranches.has(key)) return; // a retransmission
    seenBranches.add(key);
    requests.push(message);
    const inDialog = /;tag=/.test(message.header('to') ?? '');
    if (message.method === 'INVITE' && !inDialog) responder.onInvite(message);
    else if (message.method === 'INVITE') responder.onReInvite(message);
    else if (message.method !== 'ACK') responder.onOtherRequest(message);
  });
  return responder;
}

/** An answer SDP toward a port where nothing listens: signalling tests need no media. */
export const reinviteSdp = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');
