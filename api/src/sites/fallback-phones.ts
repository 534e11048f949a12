import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
} from 'libphonenumber-js';
import type { FallbackPhone } from '../../../protocol/api/public-site-config.ts';
import type { SiteConfig, SitesFile } from '../../../protocol/api/site-config.ts';

/**
 * The site's fallback numbers formatted for people, in the order of the site's countries. The
 * API formats them (libphonenumber-js) so the widget's Start screen needs no phone metadata.
 */
export function fallbackPhones(site: SiteConfig): FallbackPhone[] {
  const countries = [
    ...site.countries,
    ...Object.keys(site.fallbackNumbers).filter((c) => !site.countries.includes(c)),
  ];
  return countries.flatMap((country) => {
    const e164 = site.fallbackNumbers[country];
    if (!e164) return [];
    const number = parsePhoneNumberWithError(e164);
    return [
      {
        country,
        e164,
        national: number.formatNational(),
        international: number.formatInternational(),
      },
    ];
  });
}

/**
 * The fallback numbers fallbackPhones could not format: the sites file's schema takes any
 * E.164 shape, but one with no such country calling code (`+999...`) would fail every request
 * for the site's config. Named by field; the number itself stays out of the message (logs).
 */
export function unformattableFallbackNumbers(sites: SitesFile['sites']): string[] {
  return Object.entries(sites).flatMap(([siteId, site]) =>
    Object.entries(site.fallbackNumbers).flatMap(([country, e164]) => {
      try {
        parsePhoneNumberWithError(e164 ?? '');
        return [];
      } catch {
        return [`sites.${siteId}.fallbackNumbers.${country}: is not a telephone number`];
      }
    }),
  );
}

/** The calling code of each country the site offers ("US" -> "1"), for the callback form. */
export function callingCodes(site: SiteConfig): Record<string, string> {
  return Object.fromEntries(
    site.countries.flatMap((country) =>
      // A region without a telephone plan of its own (e.g. "AQ") gets no prefix.
      isSupportedCountry(country) ? [[country, getCountryCallingCode(country)]] : [],
    ),
  );
}
