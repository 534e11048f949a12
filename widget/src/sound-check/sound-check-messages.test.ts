import { describe, expect, it } from 'vitest';
import { soundCheckMessages } from './sound-check-messages.ts';

/** Every string of a catalog, functions called with a sample argument, by its key path. */
function flatten(value: unknown, path = ''): Record<string, string> {
  if (typeof value === 'string') return { [path]: value };
  if (typeof value === 'function') return { [path]: String(value(3)) };
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
      Object.entries(flatten(inner, path ? `${path}.${key}` : key)),
    ),
  );
}

describe('the sound check strings', () => {
  const english = flatten(soundCheckMessages.en);

  it.each(['es', 'fr', 'de'] as const)('are all translated into %s', (language) => {
    const translated = flatten(soundCheckMessages[language]);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(translated)) {
      expect(text.trim(), key).not.toBe('');
      // "Microphone" is also French, so only whole sentences must differ from English.
      if (text.includes(' ')) expect(text, key).not.toBe(english[key]);
    }
  });

  it('put the number into counted strings', () => {
    for (const messages of Object.values(soundCheckMessages)) {
      expect(messages.secondsLeft(2)).toContain('2');
      expect(messages.unnamedMicrophone(2)).toContain('2');
    }
  });
});
