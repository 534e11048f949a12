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
    expect(messagesFor('fr').talkingTo('Gloria Mcgee')).toBe('En ligne avec Gloria Mcgee');
    expect(messagesFor('de').ended.busy).toMatch(/Mitarbeiter/);
  });
});
