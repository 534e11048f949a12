/* eslint-disable @typescript-eslint/no-explicit-any -- the cases edit raw, untyped JSON on purpose */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSitesStore, parseSitesFile, SitesConfigError } from './sites-store.ts';
import { watchFile } from './watch-file.ts';

const demoPath = new URL('../../config/sites.json', import.meta.url).pathname;
const demoText = readFileSync(demoPath, 'utf8');

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ctc-sites-'));
  tempDirs.push(dir);
  const path = join(dir, 'sites.json');
  writeFileSync(path, demoText);
  return path;
}

function edited(edit: (json: any) => void): string {
  const json = JSON.parse(demoText);
  edit(json);
  return JSON.stringify(json);
}

describe('sites file', () => {
  it('ships a valid demo site "acme" with queues on the local PBX', () => {
    const { sites } = parseSitesFile(demoText, 'demo');
    const acme = sites.acme!;
    expect(acme.intents.map((i) => i.id)).toEqual(['sales', 'support', 'billing']);
    expect(acme.languages).toEqual(['en', 'es', 'fr', 'de']);
    expect(acme.countries).toEqual(['US', 'GB', 'ES', 'FR', 'DE']);
    expect(acme.fallbackNumbers.US).toBe('+17139293714');
    expect(acme.limits.concurrentCallsPerIp).toBe(2);
  });

  it.each([
    [
      'a route to a queue that does not exist',
      (json: any) => (json.sites.acme.routes[1].queue = 'nowhere'),
      /sites\.acme\.routes\[1\]\.queue: "nowhere" is not one of the site's queues/,
    ],
    [
      'an unknown field',
      (json: any) => (json.sites.acme.colour = 'red'),
      /sites\.acme: Unrecognized key: "colour"/,
    ],
    [
      'a bad time zone',
      (json: any) => (json.sites.acme.queues['sales-en'].hours.timeZone = 'Mars/Olympus'),
      /sites\.acme\.queues\.sales-en\.hours\.timeZone: must be an IANA time zone/,
    ],
    [
      'a fallback number that is not E.164',
      (json: any) => (json.sites.acme.fallbackNumbers.US = '(713) 929-3714'),
      /sites\.acme\.fallbackNumbers\.US: must be an E.164 number/,
    ],
    [
      'a closing time before the opening time',
      (json: any) =>
        (json.sites.acme.queues['sales-en'].hours.weekly.mon = [{ open: '18:00', close: '08:00' }]),
      /sites\.acme\.queues\.sales-en\.hours\.weekly\.mon\[0\]\.close: must be after open/,
    ],
    [
      'a SIP header with CR/LF',
      (json: any) => (json.sites.acme.queues['support-en'].headers['X-A'] = 'a\r\nVia: evil'),
      /sites\.acme\.queues\.support-en\.headers\.X-A: must not contain control characters/,
    ],
    [
      // Found by fuzzing the sites file: E.164 in shape, it made GET config answer 500.
      'a fallback number with no such country calling code',
      (json: any) => (json.sites.acme.fallbackNumbers.US = '+999999999999999'),
      /sites\.acme\.fallbackNumbers\.US: is not a telephone number/,
    ],
  ])('refuses %s, naming the field', (_what, edit, message) => {
    expect(() => parseSitesFile(edited(edit), 'sites.json')).toThrow(SitesConfigError);
    expect(() => parseSitesFile(edited(edit), 'sites.json')).toThrow(message);
  });

  it('keeps the last good config when an edit is invalid, and takes a good one', async () => {
    const path = tempCopy();
    const store = await loadSitesStore(path);
    writeFileSync(
      path,
      edited((json) => (json.sites.acme.languages = [])),
    );
    expect(await store.reload()).toEqual({
      ok: false,
      message: expect.stringMatching(/sites\.acme\.languages: Too small/),
    });
    expect(store.get('acme')?.languages).toEqual(['en', 'es', 'fr', 'de']);
    writeFileSync(path, '{ "sites": ');
    expect(await store.reload()).toMatchObject({ ok: false, message: /not valid JSON/ });
    writeFileSync(
      path,
      edited((json) => json.sites.acme.languages.push('it')),
    );
    expect(await store.reload()).toEqual({ ok: true });
    expect(store.get('acme')?.languages).toEqual(['en', 'es', 'fr', 'de', 'it']);
    expect(store.get('nope')).toBeUndefined();
    expect(store.get('__proto__')).toBeUndefined();
  });

  it('notices when an editor renames a new file over the old one', async () => {
    const path = tempCopy();
    let changes = 0;
    const changed = new Promise<void>((resolve) => {
      const stop = watchFile(
        path,
        () => {
          changes += 1;
          stop();
          resolve();
        },
        20,
      );
    });
    writeFileSync(`${path}.tmp`, demoText);
    renameSync(`${path}.tmp`, path);
    await changed;
    expect(changes).toBe(1);
  });

  it('fails fast at start-up on a bad file', async () => {
    const path = tempCopy();
    writeFileSync(
      path,
      edited((json) => delete json.sites.acme.captcha.secret),
    );
    await expect(loadSitesStore(path)).rejects.toThrow(/sites\.acme\.captcha\.secret/);
  });
});
