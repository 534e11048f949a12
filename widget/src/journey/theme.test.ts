import { describe, expect, it } from 'vitest';
import { themeProperties } from './theme.ts';

describe('theme', () => {
  it('puts readable text on the brand colour', () => {
    expect(themeProperties({ primaryColor: '#0b5cad' })).toEqual({
      '--ctc-primary': '#0b5cad',
      '--ctc-on-primary': '#ffffff',
    });
    expect(themeProperties({ primaryColor: '#ffd54f' })).toMatchObject({
      '--ctc-on-primary': '#000000',
    });
  });

  it("takes the site's header colours for the checks and the call, with readable text on each", () => {
    expect(
      themeProperties({ primaryColor: '#0b5cad', checkColor: '#ffd54f', callColor: '#1b3a6b' }),
    ).toEqual({
      '--ctc-primary': '#0b5cad',
      '--ctc-on-primary': '#ffffff',
      '--ctc-check': '#ffd54f',
      '--ctc-on-check': '#000000',
      '--ctc-call': '#1b3a6b',
      '--ctc-on-call': '#ffffff',
    });
  });

  it("leaves the widget's own header colours when the site sets none, or a malformed one", () => {
    const properties = themeProperties({ primaryColor: '#0b5cad', checkColor: 'violet' });
    expect(Object.keys(properties)).toEqual(['--ctc-primary', '--ctc-on-primary']);
  });
});
