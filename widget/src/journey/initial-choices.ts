import type { RoutingData } from '../../../protocol/call-token.ts';
import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';

/** What the page asked for (the embed's `data-intent`, the demo's query). */
export interface Preselection {
  intent?: string | null;
  language?: string | null;
  country?: string | null;
}

/**
 * The Start screen's first choices: what the page preselected when the site offers it, else
 * the browser's language and region when offered, else the site's first (its default).
 */
export function initialChoices(
  site: Pick<PublicSiteConfig, 'intents' | 'languages' | 'countries'>,
  preselected: Preselection,
  browserLanguages: readonly string[],
): RoutingData {
  const offered = (list: readonly string[], ...candidates: (string | null | undefined)[]) =>
    candidates.find((c): c is string => !!c && list.includes(c));
  const browserLanguage = browserLanguages
    .map((tag) => tag.split('-')[0]?.toLowerCase())
    .find((language) => language && site.languages.includes(language));
  const browserCountry = browserLanguages
    .map((tag) => tag.split('-')[1]?.toUpperCase())
    .find((country) => country && site.countries.includes(country));
  const intents = site.intents.map((intent) => intent.id);
  return {
    intent: offered(intents, preselected.intent) ?? (intents[0] as string),
    language:
      offered(site.languages, preselected.language, browserLanguage) ??
      (site.languages[0] as string),
    country:
      offered(site.countries, preselected.country?.toUpperCase(), browserCountry) ??
      (site.countries[0] as string),
  };
}
