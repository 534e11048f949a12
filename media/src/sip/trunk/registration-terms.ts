import type { IncomingResponseMessage, NameAddrHeader } from 'sip.js/lib/core/index.js';

/** The longest registration we ask for or honour (a day): a registrar granting more is capped. */
export const maxRegistrationS = 86_400;

/**
 * When a registration granted for `grantedS` is refreshed: at half its time, so a refresh
 * that fails has the other half for its retries before the PBX forgets us.
 */
export function refreshDelayMs(grantedS: number): number {
  return (Math.min(grantedS, maxRegistrationS) * 1000) / 2;
}

/** How long after the `failures`-th failure in a row the next REGISTER goes: doubling, capped. */
export function retryDelayMs(failures: number, firstMs: number, maxMs: number): number {
  return Math.min(firstMs * 2 ** Math.max(0, failures - 1), maxMs);
}

/** A whole number of seconds in a header or parameter, else undefined. */
function seconds(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\s*\d{1,10}\s*$/.test(value)) return undefined;
  return Number(value);
}

/**
 * How long the registrar bound our contact for, from its 2xx (RFC 3261 10.2.4): the
 * `expires` parameter of the Contact that is ours, else the Expires header, else what we
 * asked. Ours is the one with our user, host and port (the registrar lists every binding of
 * the AOR, other gateways' too), else the only one with our user (an SBC that rewrote the
 * host). Undefined when the 2xx lists contacts but none of ours, or grants 0: not bound.
 */
export function grantedExpiresS(
  response: IncomingResponseMessage,
  ours: { user: string; host: string; port: number },
  askedS: number,
): number | undefined {
  const header = seconds(response.getHeader('expires'));
  const count = response.getHeaders('contact').length;
  if (count === 0) return header ?? askedS;
  const bare = (host: string) => host.replace(/^\[|\]$/g, '');
  const contacts = Array.from({ length: count }, (_, index) =>
    response.parseHeader('contact', index),
  ).filter((contact): contact is NameAddrHeader => contact?.uri?.user === ours.user);
  const exact = contacts.find(
    ({ uri }) =>
      bare(uri.host) === bare(ours.host) && (uri.port === undefined || uri.port === ours.port),
  );
  const contact = exact ?? (contacts.length === 1 ? contacts[0] : undefined);
  if (!contact) return undefined;
  const granted = seconds(contact.getParam('expires')) ?? header ?? askedS;
  return granted <= 0 ? undefined : Math.min(granted, maxRegistrationS);
}

/** The Min-Expires of a 423 (Interval Too Brief, RFC 3261 10.2.8), if it names one. */
export function minExpiresS(response: IncomingResponseMessage): number | undefined {
  return seconds(response.getHeader('min-expires'));
}
