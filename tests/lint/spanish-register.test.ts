import { describe, expect, it } from 'vitest';
import { launcherLabels } from '../../embed/src/launcher-labels.ts';
import { callbackSlotMessages } from '../../widget/src/callback-slots/callback-slot-messages.ts';
import { connectionTestMessages } from '../../widget/src/connection-test/connection-test-messages.ts';
import { es } from '../../widget/src/i18n/es.ts';
import { soundCheckMessages } from '../../widget/src/sound-check/sound-check-messages.ts';

// Every Spanish string the visitor reads: the widget's catalogs and the launcher's labels,
// which live in two layers (hence this test here, not beside one of them). They speak in one
// register: usted, as customer service does. These are the forms of the other one (tú) that a
// translator slips in: pronouns, possessives, the second person singular, its imperatives with
// a pronoun attached ("escúchalo"), and bare imperatives, which read as the third person inside
// a sentence ("el agente le llama"), so they count only where a sentence or clause begins
// ("Grabando: di unas palabras").
const word = (forms: string) => new RegExp(`(?<!\\p{L})(${forms})(?!\\p{L})`, 'iu');
const tuForms = [
  word('tú|tu|tus|te|ti|contigo|tuyos?|tuyas?'),
  word('puedes|quieres|tienes|eres|estás|has|sabes|necesitas|debes|oyes|prefieres|vas'),
  word(
    'escúchalo|escúchala|reprodúcelo|reprodúcela|inténtalo|llámanos|déjanos|escríbenos|permítelo|oírte|llamarte|verte',
  ),
  new RegExp(
    '(?:^|[.:;!?¿¡(]\\s*)(graba|escucha|di|pulsa|haz|vuelve|omite|permite|elige|introduce|intenta|llama|deja|conecta|comprueba|usa|acepta|espera|reproduce|confirma|valora)(?!\\p{L})',
    'iu',
  ),
];

/** Every string of a catalog, its functions called with sample arguments. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return [(value as (...a: unknown[]) => string)('Ana', 2)];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

const tuFormIn = (text: string) => tuForms.map((form) => form.exec(text)?.[1]).find(Boolean);

const spanishCatalogs = {
  widget: es,
  'connection test': connectionTestMessages.es,
  'sound check': soundCheckMessages.es,
  launcher: launcherLabels('es'),
  'callback slots': callbackSlotMessages.es,
};

describe('the Spanish catalogs', () => {
  it.each(Object.entries(spanishCatalogs))(
    '%s speaks to the visitor as usted, never as tú',
    (_name, catalog) => {
      const strings = stringsOf(catalog);
      expect(strings.length).toBeGreaterThan(0);
      expect(strings.filter((text) => tuFormIn(text))).toEqual([]);
    },
  );

  it.each([
    ['Graba un clip corto.', 'Graba'],
    ['Grábelo y escúchalo.', 'escúchalo'],
    ['¿Te has oído con claridad?', 'Te'],
    ['Entonces ya puedes llamar.', 'puedes'],
    ['Reprodúcela para oírte.', 'Reprodúcela'],
    ['Tu navegador ha bloqueado el micrófono.', 'Tu'],
    ['Vuelve a intentarlo.', 'Vuelve'],
  ])('catches the tú in "%s"', (text, form) => {
    expect(tuFormIn(text)).toBe(form);
  });

  it.each([
    'Grabe un clip corto y escúchelo: si se oye con claridad, el agente también le oirá.',
    'Ahora mismo no podemos conectar con nuestro centro de atención.',
    'Déjenos su número y un agente le devolverá la llamada.',
    'Inténtelo de nuevo en unos minutos.',
  ])('lets usted through: "%s"', (text) => {
    expect(tuFormIn(text)).toBeUndefined();
  });
});
