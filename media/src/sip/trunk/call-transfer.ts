import type { IncomingReferRequest, Session } from 'sip.js/lib/core/index.js';
import type { ServiceLogger as TrunkLogger } from '../core/sip-logger.ts';
import { parseReferredBy, parseReferTo } from './refer-to.ts';
import type { ReferTo } from './refer-to.ts';

/**
 * A REFER from the PBX within one of the call's dialogs (RFC 3515): a blind transfer where the
 * gateway is the transferee (RFC 5589 6). The call bridge decides (the toll-fraud guard) and
 * answers with accept() or refuse(); nothing is dialled here.
 */
export interface TransferRequest {
  /** Where the PBX asks the call to go (refer-to.ts), or why its Refer-To names nowhere. */
  readonly referTo: ReferTo;
  /** False for a REFER in an early dialog: the call was not answered yet. */
  readonly answered: boolean;
  /** Who referred the call (its Referred-By, `<uri>`), for the new INVITE to say so. */
  readonly referredBy: string | undefined;
  /**
   * 202 Accepted, then the implicit subscription's first NOTIFY (100 Trying); with
   * `Refer-Sub: false` in the REFER (RFC 4488), a 202 saying so and no subscription at all.
   */
  accept(): TransferProgress;
  /** 403 Forbidden, or 400 Bad Request when the Refer-To is malformed (RFC 3515 2.4.2). */
  refuse(): void;
}

/** The implicit subscription of an accepted REFER: the new call's outcome goes back in it. */
export interface TransferProgress {
  /**
   * The new call's final status, as message/sipfrag in the NOTIFY that ends the subscription
   * (RFC 3515 2.4.5; nothing without one, RFC 4488). A 2xx also starts the wait for the PBX's
   * BYE of the old dialog.
   */
  final(status: number): void;
}

/**
 * How long the PBX has, after the NOTIFY of a successful transfer, to end the old dialog (it
 * normally sends BYE at once, RFC 5589 6.1) before we send the BYE ourselves.
 */
export const transferorByeWaitMs = 4_000;

/** Reason phrases for the statuses a transfer's NOTIFY carries; any text is valid there. */
const phrases: Record<number, string> = {
  100: 'Trying',
  200: 'OK',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  410: 'Gone',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  600: 'Busy Everywhere',
  603: 'Decline',
};

export interface TransferRequestOptions {
  uas: IncomingReferRequest;
  session: Session;
  answered: boolean;
  /** Our Contact header value: a NOTIFY must carry one (RFC 6665 4.2.1). */
  contact: string;
  callId: string;
  logger: TrunkLogger;
  /** A 2xx was notified: end the old dialog if the PBX has not after transferorByeWaitMs. */
  transferred(): void;
}

export function transferRequest(options: TransferRequestOptions): TransferRequest {
  const { uas, session, contact, callId, logger } = options;
  const referTo = parseReferTo(uas.message);
  // RFC 4488 4: the REFER-Issuer asks for no implicit subscription, and we agree in the 2xx.
  const subscribed = !/^\s*false\s*$/i.test(uas.message.getHeader('refer-sub') ?? '');
  let answered = false;
  const notify = (status: number, terminated: boolean) => {
    if (!subscribed) return;
    const state = terminated ? 'terminated;reason=noresource' : 'active;expires=60';
    try {
      session.notify(
        {
          onReject: ({ message }) =>
            logger.debug({ callId, sipStatus: message.statusCode }, 'transfer NOTIFY refused'),
        },
        {
          extraHeaders: ['Event: refer', `Subscription-State: ${state}`, `Contact: ${contact}`],
          body: {
            contentDisposition: 'render',
            contentType: 'message/sipfrag;version=2.0',
            content: `SIP/2.0 ${status} ${phrases[status] ?? 'Failed'}\r\n`,
          },
        },
      );
    } catch (error) {
      // The PBX ended the dialog already (a BYE right after our 202): nobody to tell.
      logger.debug({ callId, err: error }, 'transfer NOTIFY not sent');
    }
  };
  return {
    referTo,
    answered: options.answered,
    referredBy: parseReferredBy(uas.message),
    accept() {
      if (answered) throw new Error('REFER answered twice');
      answered = true;
      const noSubscription = subscribed ? [] : ['Refer-Sub: false'];
      uas.accept({ statusCode: 202, extraHeaders: [`Contact: ${contact}`, ...noSubscription] });
      notify(100, false);
      let done = false;
      return {
        final(status) {
          if (done) return;
          done = true;
          notify(status, true);
          if (status >= 200 && status < 300) options.transferred();
        },
      };
    },
    refuse() {
      if (answered) return;
      answered = true;
      uas.reject({ statusCode: referTo.ok ? 403 : referTo.status });
    },
  };
}
