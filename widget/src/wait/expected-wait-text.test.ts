import { describe, expect, it } from 'vitest';
import { de } from '../i18n/de.ts';
import { en } from '../i18n/en.ts';
import { es } from '../i18n/es.ts';
import { fr } from '../i18n/fr.ts';
import { expectedWaitText } from './expected-wait-text.ts';

describe('the expected wait in words', () => {
  it('says the rounded wait and the web callers ahead, never seconds', () => {
    const text = (minutes: number, moreThan: boolean, position: number) =>
      expectedWaitText({ minutes, moreThan, position }, en.wait);
    expect(text(0, false, 1)).toEqual([
      'Expected wait: under a minute.',
      'No other web callers are ahead of you.',
    ]);
    expect(text(1, false, 2)).toEqual([
      'Expected wait: about a minute.',
      '1 web caller is ahead of you.',
    ]);
    expect(text(2, false, 4)).toEqual([
      'Expected wait: about 2 minutes.',
      '3 web callers are ahead of you.',
    ]);
    expect(text(30, true, 1)[0]).toBe('Expected wait: more than 30 minutes.');
  });

  it('speaks every language of the widget', () => {
    const wait = { minutes: 2, moreThan: false, position: 3 };
    expect(expectedWaitText(wait, es.wait)).toEqual([
      'Tiempo de espera estimado: unos 2 minutos.',
      'Hay 2 llamadas web delante de usted.',
    ]);
    expect(expectedWaitText(wait, fr.wait)).toEqual([
      'Attente estimée : environ 2 minutes.',
      '2 appels web avant vous.',
    ]);
    expect(expectedWaitText(wait, de.wait)).toEqual([
      'Voraussichtliche Wartezeit: etwa 2 Minuten.',
      '2 Webanrufe vor Ihnen.',
    ]);
  });
});
