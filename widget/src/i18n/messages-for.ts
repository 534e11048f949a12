import { de } from './de.ts';
import { en, type Messages } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

/** One step's strings in every language the widget speaks. */
export interface Catalogs<T> {
  en: T;
  es: T;
  fr: T;
  de: T;
}

const catalogs: Catalogs<Messages> = { en, es, fr, de };

/**
 * The catalog for the visitor's language (the one they chose, else the browser's), falling
 * back from a regional tag to its language (`es-MX` -> `es`) and finally to English.
 */
export function messagesIn<T>(
  catalogs: Catalogs<T>,
  ...preferences: (string | null | undefined)[]
): T {
  for (const tag of preferences) {
    const language = tag?.toLowerCase().split('-')[0];
    if (language && Object.hasOwn(catalogs, language))
      return catalogs[language as keyof Catalogs<T>];
  }
  return catalogs.en;
}

export function messagesFor(...preferences: (string | null | undefined)[]): Messages {
  return messagesIn(catalogs, ...preferences);
}
