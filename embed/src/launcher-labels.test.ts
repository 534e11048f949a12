import { describe, expect, it } from 'vitest';
import { launcherLabels } from './launcher-labels.ts';

describe('launcherLabels', () => {
  it.each([
    ['en', ['Click to call', 'Close']],
    ['es-MX', ['Llamar ahora', 'Cerrar']],
    ['FR', ['Appeler', 'Fermer']],
    ['de-AT', ['Jetzt anrufen', 'Schließen']],
    ['pt-BR', ['Click to call', 'Close']],
    ['', ['Click to call', 'Close']],
  ])('speaks %s as %j', (language, expected) => {
    expect(launcherLabels(language)).toEqual(expected);
  });
});
