import type { Catalogs } from '../i18n/messages-for.ts';

/** English strings around the site's notice (its text is the site's own, per language). */
const en = {
  title: 'Before you call',
  accept: 'I have read this notice and accept it.',
};

export type ConsentMessages = typeof en;

const es: ConsentMessages = {
  title: 'Antes de llamar',
  accept: 'He leído este aviso y lo acepto.',
};

const fr: ConsentMessages = {
  title: 'Avant votre appel',
  accept: 'J’ai lu cet avis et je l’accepte.',
};

const de: ConsentMessages = {
  title: 'Vor Ihrem Anruf',
  accept: 'Ich habe diesen Hinweis gelesen und akzeptiere ihn.',
};

export const consentMessages: Catalogs<ConsentMessages> = { en, es, fr, de };
