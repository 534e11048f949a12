import { de } from './de.ts';
import { en, type Messages } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

const catalogs: Record<string, Messages> = { en, es, fr, de };

/**
 * The catalog for the visitor's language (the one they chose, else the browser's), falling
 * back from a regional tag to its language (`es-MX` -> `es`) and finally to English.
 */
export function messagesFor(...preferences: (string | null | undefined)[]): Messages {
  for (const tag of preferences) {
    const language = tag?.toLowerCase().split('-')[0];
    if (language && catalogs[language]) return catalogs[language];
  }
  return en;
}
