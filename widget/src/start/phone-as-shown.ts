import type { PhoneForPeople } from '../../../protocol/api/callback-request.ts';

/**
 * How a number reads to this visitor: as dialled at home when it is of their country,
 * "(713) 929-3714", else with its country code, "+1 713 929 3714". Never raw E.164, which
 * stays in `tel:` links. The API formats both forms (the widget carries no phone metadata).
 */
export const phoneAsShown = (phone: PhoneForPeople, visitorCountry: string): string =>
  phone.country === visitorCountry ? phone.national : phone.international;
