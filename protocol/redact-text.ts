// Free-text redaction for logs: credentials, IP addresses and phone numbers replaced by a
// label saying what was there. A log line may lose a harmless long number to it; it must
// never keep a visitor's token, address or phone number.

// An Authorization header line, SIP's or HTTP's: whatever scheme, the rest of the line goes.
const authorizationHeader = /\b((?:proxy-)?authorization\s*:)[^\r\n]*/gi;
// RFC 6750 and RFC 8898 bearer credentials outside a header (a URL, an error message).
const bearer = /\bbearer\s+[\w.~+/=-]+/gi;
// A JWT (call, probe and session tokens): base64url JSON header, payload, signature.
const jwt = /\beyJ[\w-]*\.[\w-]*(?:\.[\w-]*)?/g;
// IPv6 candidates (hex groups and colons, maybe an IPv4 tail); checked by isIpv6 below.
const ipv6Candidate =
  /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])/gi;
const ipv4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)/g;
// The user part of a tel: or SIP URI when it is a number (sip:+14155550123@pbx).
const numberInUri = /\b((?:sips?|tel):)\+?[\d().-]{6,}/gi;
// An international number: +, then at least 7 digits with spaces, dots, dashes, parentheses.
const international = /\+\d(?:[\s().-]{0,2}\d){6,}/g;
// A national number as people write it: (415) 555-0123, 415-555-0123, 020 7946 0958...
const national = /(?<![\w.+-])\(?\d{2,5}\)?[\s.-]\d{3,4}[\s.-]?\d{3,4}(?![\w.-]*\d)/g;
// Or unformatted: 8 to 15 digits in a row (E.164 allows 15), not inside a longer word.
const digitRun = /(?<![\w.-])\d{8,15}(?![\w.-]*\d)/g;

/** `::`-compressed or eight groups: tells an address from a time of day (12:30:45). */
function isIpv6(candidate: string): boolean {
  const groups = candidate.split(':');
  return candidate.includes('::') ? groups.length >= 3 : groups.length >= 7;
}

export function redactText(text: string): string {
  return text
    .replace(authorizationHeader, '$1 [redacted]')
    .replace(bearer, 'Bearer [redacted]')
    .replace(jwt, '[token]')
    .replace(ipv6Candidate, (match) => (isIpv6(match) ? '[address]' : match))
    .replace(ipv4, '[address]')
    .replace(numberInUri, '$1[phone]')
    .replace(international, '[phone]')
    .replace(national, '[phone]')
    .replace(digitRun, '[phone]');
}
