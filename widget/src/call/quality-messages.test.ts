import { describe, expect, it } from 'vitest';
import { qualityMessages, qualityNoteOf } from './quality-messages.ts';

describe('the in-call quality strings', () => {
  it.each(['es', 'fr', 'de'] as const)('are all translated into %s', (language) => {
    const translated = qualityMessages[language];
    expect(Object.keys(translated).sort()).toEqual(Object.keys(qualityMessages.en).sort());
    for (const [note, text] of Object.entries(translated)) {
      expect(text.trim(), note).not.toBe('');
      expect(text, note).not.toBe(qualityMessages.en[note as keyof typeof translated]);
    }
  });

  it('speak to the visitor as usted in Spanish', () => {
    const spanish = Object.values(qualityMessages.es).join(' ');
    expect(spanish).not.toMatch(/\b(tu|tus|te|puedes|comprueba|deja)\b/i);
    expect(spanish).toMatch(/\b(Su|le|Compruebe|Deje)\b/);
  });

  it('have a line for every warning', () => {
    for (const note of Object.values(qualityNoteOf)) expect(qualityMessages.en[note]).toBeTruthy();
  });
});
