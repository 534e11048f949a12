import type { Catalogs } from '../i18n/messages-for.ts';

/** English strings around the site's notice (its text is the site's own, per language). */
const en = {
  title: 'Before you call',
  accept: 'I have read this notice and accept it.',
  /** The API refused the call: the site changed its notice since the visitor accepted it. */
  renewed: 'This notice has changed since you accepted it. Please read it and accept it again.',
};

export type ConsentMessages = typeof en;

const es: ConsentMessages = {
  title: 'Antes de llamar',
  accept: 'He leído este aviso y lo acepto.',
  renewed: 'Este aviso ha cambiado desde que lo aceptó. Léalo y acéptelo de nuevo, por favor.',
};

const fr: ConsentMessages = {
  title: 'Avant votre appel',
  accept: 'J’ai lu cet avis et je l’accepte.',
  renewed: 'Cet avis a changé depuis que vous l’avez accepté. Lisez-le et acceptez-le à nouveau.',
};

const de: ConsentMessages = {
  title: 'Vor Ihrem Anruf',
  accept: 'Ich habe diesen Hinweis gelesen und akzeptiere ihn.',
  renewed:
    'Dieser Hinweis hat sich geändert, seit Sie ihn akzeptiert haben. Bitte lesen und akzeptieren Sie ihn erneut.',
};

export const consentMessages: Catalogs<ConsentMessages> = { en, es, fr, de };
