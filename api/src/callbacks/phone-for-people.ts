import { parsePhoneNumberWithError } from 'libphonenumber-js';
import type { PhoneForPeople } from '../../../protocol/api/callback-request.ts';

/**
 * An E.164 number (one the API normalized) in the forms people read, so the widget shows
 * "(713) 555-0199" rather than "+17135550199" without carrying phone metadata itself. A
 * number of no single country (+800...) takes the country it was entered for.
 */
export function phoneForPeople(e164: string, enteredFor: string): PhoneForPeople {
  const number = parsePhoneNumberWithError(e164);
  return {
    country: number.country ?? enteredFor,
    national: number.formatNational(),
    international: number.formatInternational(),
  };
}
