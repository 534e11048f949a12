/**
 * Country and language names from the browser's own Intl data: no catalog to ship. Languages
 * are named in themselves ("Deutsch"), so a visitor finds theirs whatever the page's language.
 */
export function regionName(country: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}
