import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SitesFileSchema } from './site-config.ts';

const demo = JSON.parse(
  readFileSync(new URL('../../api/config/sites.json', import.meta.url), 'utf8'),
) as { sites: { acme: { media: Record<string, unknown>; theme: Record<string, unknown> } } };

/** The demo sites file with acme's media settings replaced; the issues operators would read. */
function issuesWithMedia(media: Record<string, unknown>): string[] {
  const file = structuredClone(demo);
  file.sites.acme.media = { gatewayUrl: 'wss://media.acme.example/sip', ...media };
  const parsed = SitesFileSchema.safeParse(file);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('media ICE servers in the sites file', () => {
  it('refuses a static TURN credential, saying where TURN goes now', () => {
    const issues = issuesWithMedia({
      iceServers: [{ urls: 'turn:turn.acme.example:3478', username: 'u', credential: 'c' }],
    });
    expect(issues).toContain(
      'sites.acme.media.iceServers.0.credential: a static TURN credential in the sites file is ' +
        'sent to every visitor: remove it, list the TURN URLs in media.turn.urls and give the ' +
        'API the TURN shared secret (API_TURN_SECRET_FILE)',
    );
    expect(issues).toContain(
      'sites.acme.media.iceServers.0.urls: TURN servers go in media.turn.urls: the API mints a ' +
        'short-lived credential for each visitor',
    );
  });

  it('refuses credentials even on a STUN entry: nothing secret belongs there', () => {
    const issues = issuesWithMedia({ iceServers: [{ urls: ['stun:a.example'], credential: 'c' }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^sites\.acme\.media\.iceServers\.0\.credential: a static TURN/);
  });

  it('keeps STUN servers without credentials and TURN URLs without any', () => {
    expect(
      issuesWithMedia({
        iceServers: [{ urls: 'stun:stun.acme.example:3478' }],
        turn: {
          urls: [
            'turns:turn.acme.example:443?transport=tcp',
            'turn:192.0.2.10:3478?transport=udp',
            'turn:[2001:db8::10]:3478',
          ],
        },
      }),
    ).toEqual([]);
  });

  it.each([
    ['a URL of another scheme', 'https://turn.acme.example'],
    ['TURN over DTLS, which browsers do not speak', 'turns:turn.acme.example:443?transport=udp'],
    ['a user part (credentials are minted, never written)', 'turn:user@turn.acme.example'],
  ])('refuses %s in media.turn.urls', (_what, url) => {
    expect(issuesWithMedia({ turn: { urls: [url] } })).toEqual([
      expect.stringMatching(/^sites\.acme\.media\.turn\.urls\.0: /),
    ]);
  });
});

describe('the theme in the sites file', () => {
  const parsedTheme = (theme: Record<string, unknown>) => {
    const file = structuredClone(demo);
    file.sites.acme.theme = { ...file.sites.acme.theme, ...theme };
    const parsed = SitesFileSchema.safeParse(file);
    return parsed.success
      ? parsed.data.sites.acme!.theme
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('takes header colours for the checks and the call, each optional', () => {
    expect(parsedTheme({ checkColor: '#ffd54f', callColor: '#0B5CAD' })).toMatchObject({
      checkColor: '#ffd54f',
      callColor: '#0B5CAD',
    });
    expect(parsedTheme({})).not.toHaveProperty('checkColor');
  });

  it('refuses a header colour that is not #RRGGBB, naming it', () => {
    expect(parsedTheme({ checkColor: 'violet', callColor: '#0b5' })).toEqual([
      'sites.acme.theme.checkColor: must be #RRGGBB',
      'sites.acme.theme.callColor: must be #RRGGBB',
    ]);
  });
});
