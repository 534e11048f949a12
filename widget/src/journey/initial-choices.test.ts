import { describe, expect, it } from 'vitest';
import { initialChoices } from './initial-choices.ts';

const site = {
  intents: [
    { id: 'sales', label: 'Sales' },
    { id: 'support', label: 'Support' },
  ],
  languages: ['en', 'es', 'de'],
  countries: ['US', 'ES', 'DE'],
};

describe('initialChoices', () => {
  it("takes the page's preselection when the site offers it", () => {
    expect(initialChoices(site, { intent: 'support', language: 'es', country: 'de' }, [])).toEqual({
      intent: 'support',
      language: 'es',
      country: 'DE',
    });
  });

  it("falls back to the browser's language and region, then to the site's first", () => {
    expect(initialChoices(site, { intent: 'ghost', language: 'ja' }, ['de-AT', 'es-ES'])).toEqual({
      intent: 'sales',
      language: 'de',
      country: 'ES',
    });
    expect(initialChoices(site, {}, ['pt-BR'])).toEqual({
      intent: 'sales',
      language: 'en',
      country: 'US',
    });
  });
});
