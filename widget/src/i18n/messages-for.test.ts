import { describe, expect, it } from 'vitest';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { messagesFor } from './messages-for.ts';

describe('messagesFor', () => {
  it("takes the visitor's choice, then the browser's language, then English", () => {
    expect(messagesFor('es', 'de-DE')).toBe(es);
    expect(messagesFor(undefined, 'de-DE')).toBe(de);
    expect(messagesFor('es-MX')).toBe(es);
    expect(messagesFor('ja', 'pt-BR')).toBe(en);
  });

  it('speaks to the visitor in their language', () => {
    expect(messagesFor('fr').call.talkingTo('Gloria Mcgee')).toBe('En ligne avec Gloria Mcgee');
    expect(messagesFor('de').call.ended.busy).toMatch(/Mitarbeiter/);
  });
});

/** Every key path of a catalog, with the kind of value it holds. */
function shapeOf(value: unknown, path = ''): string[] {
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, inner]) => shapeOf(inner, `${path}.${key}`));
  return [`${path}:${typeof value}`];
}

describe('the catalogs', () => {
  it.each([
    ['es', es],
    ['fr', messagesFor('fr')],
    ['de', de],
  ])('%s has every string English has, none left empty', (_language, catalog) => {
    expect(shapeOf(catalog).sort()).toEqual(shapeOf(en).sort());
    const strings = JSON.stringify(catalog, (_key, value: unknown) =>
      typeof value === 'function' ? (value as (...a: unknown[]) => string)(2, 500) : value,
    );
    expect(strings).not.toMatch(/""/);
    expect(catalog.start.callNow).not.toBe(en.start.callNow);
  });
});
