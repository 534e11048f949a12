import type { Core } from 'sip.js';
import { reasonHeaderValue, refusalStatus } from '../../../protocol/call-end-reason.ts';
import type { CallEndReason } from '../../../protocol/call-end-reason.ts';
import type { CallUpdate } from '../../../protocol/call-update.ts';
import type { BrowserConnection } from '../sip/browser/browser-connection.ts';
import { answerUpdate } from '../sip/browser/update-answer.ts';
import type { BrowserLeg, BrowserLegEvents } from './browser-leg.ts';
import { dtmfRelaySignal } from './dtmf-relay.ts';

/** An RFC 8898 bearer token from an Authorization header value, if there is one. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,4096})\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

const reasonHeader = (reason: CallEndReason) => `Reason: ${reasonHeaderValue(reason)}`;

const sdpBody = (content: string) => ({
  contentDisposition: 'session',
  contentType: 'application/sdp',
  content,
});

/** The agent's name, for the widget, in the header it reads it from. */
function agentHeaders(agentName: string | undefined): string[] {
  if (!agentName) return [];
  const quoted = agentName.replace(/["\\\r\n]/g, '');
  return [`P-Asserted-Identity: "${quoted}" <sip:agent@click-to-call.invalid>`];
}

/**
 * The browser's INVITE over SIP on its WebSocket (sip.js core), as the bridge's BrowserLeg.
 * `listen` hands the browser's CANCEL, BYE, INFO, re-INVITE and socket close to the bridge.
 */
export class SipBrowserLeg implements BrowserLeg {
  readonly #invite: Core.IncomingInviteRequest;
  readonly #connection: BrowserConnection;
  #events: BrowserLegEvents | undefined;
  #session: Core.Session | undefined;

  constructor(invite: Core.IncomingInviteRequest, connection: BrowserConnection) {
    this.#invite = invite;
    this.#connection = connection;
  }

  get bearerToken(): string | undefined {
    return bearerToken(this.#invite.message.getHeader('Authorization'));
  }

  get offerSdp(): string {
    return this.#invite.message.body;
  }

  get closed(): boolean {
    return this.#connection.closed;
  }

  listen(events: BrowserLegEvents): void {
    this.#events = events;
    this.#invite.delegate = { onCancel: () => events.browserCancelled() };
    this.#connection.onClose(() => events.browserClosed());
  }

  trying(): void {
    this.#invite.trying();
  }

  ringing(agentName: string | undefined): void {
    this.#invite.progress({ statusCode: 180, extraHeaders: agentHeaders(agentName) });
  }

  earlyMedia(answerSdp: string, agentName: string | undefined): void {
    this.#invite.progress({
      statusCode: 183,
      body: sdpBody(answerSdp),
      extraHeaders: agentHeaders(agentName),
    });
  }

  answer(answerSdp: string, agentName: string | undefined): void {
    const events = this.#events;
    const { session } = this.#invite.accept({
      statusCode: 200,
      body: sdpBody(answerSdp),
      extraHeaders: agentHeaders(agentName),
    });
    this.#session = session;
    const negotiated = { offerSdp: this.offerSdp, answerSdp };
    this.#connection.onUpdate((update) => answerUpdate(update, session, negotiated));
    session.delegate = {
      onBye: (bye) => {
        bye.accept();
        events?.browserHungUp();
      },
      // Re-offers (ICE restarts): the browser's media stays as negotiated for now. UPDATEs,
      // which sip.js's core does not route, come through the connection (above).
      onInvite: (reInvite) => reInvite.reject({ statusCode: 488 }),
      onInfo: (info) => {
        const key = dtmfRelaySignal(info.message.getHeader('Content-Type'), info.message.body);
        if (key === undefined) return void info.reject({ statusCode: 415 });
        // 488 tells the widget the contact center takes no keypad input on this call.
        if (events?.browserDigit(key)) info.accept();
        else info.reject({ statusCode: 488 });
      },
      onAckTimeout: () => events?.browserAckTimeout(),
    };
  }

  refuse(reason: CallEndReason): void {
    const statusCode = refusalStatus(reason);
    this.#invite.reject({ statusCode, extraHeaders: [reasonHeader(reason)] });
    this.#connection.inviteRefused(
      statusCode,
      [reason.code, reason.cause].filter(Boolean).join(': '),
    );
  }

  bye(reason: CallEndReason): void {
    this.#session?.bye(undefined, { extraHeaders: [reasonHeader(reason)] });
  }

  update(update: CallUpdate): void {
    const content = JSON.stringify(update);
    this.#session?.info(undefined, {
      body: { contentDisposition: 'render', contentType: 'application/json', content },
    });
  }
}
