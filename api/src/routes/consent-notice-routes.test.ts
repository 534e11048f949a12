// A site's notice the visitor must accept before calling (e.g. recording): in the public
// config with each text's hash, required by POST /v1/calls, carried in the call token's claims,
// kept on the call record, and shown to supervisors on the call's row and in the CSV.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SitesFileSchema } from '../../../protocol/api/site-config.ts';
import { hashPassword } from '../supervisor/password-hash.ts';
import { supervisor } from '../../../tests/support/api/seed-review.ts';
import { supervisorSession } from '../../../tests/support/api/supervisor-sign-in.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import {
  bearer,
  callTokenClaims,
  post,
  reportCreated,
  startSession,
  supportEn,
} from '../../../tests/support/api/visitor.ts';

const recording = {
  version: '2026-12',
  text: {
    en: 'Calls are recorded for training.',
    es: 'Las llamadas se graban con fines de formación.',
    fr: 'Les appels sont enregistrés pour la formation.',
    de: 'Anrufe werden zu Schulungszwecken aufgezeichnet.',
  },
};
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const accepted = { version: '2026-12', language: 'en', textSha256: sha256(recording.text.en) };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi((file) => {
    file.sites.acme!.consentNotice = recording;
    file.sites.acme!.limits = { ...file.sites.acme!.limits, sessionsPerIpPerMinute: 100 };
  });
  await api.repo.upsertUser({
    username: supervisor.username,
    passwordHash: await hashPassword(supervisor.password),
  });
}, 60_000);
afterAll(() => api.close());

const callRequest = async (consent?: object) =>
  post(
    api,
    '/v1/calls',
    { routing: supportEn, ...(consent ? { consent } : {}) },
    { headers: bearer(await startSession(api)) },
  );

describe('a site notice to accept before calling', () => {
  it('is in the public config, each language with the SHA-256 of its text', async () => {
    const config = await (await api.app.request('/v1/sites/acme/config')).json();
    expect(config.consentNotice).toEqual({
      version: '2026-12',
      texts: Object.fromEntries(
        Object.entries(recording.text).map(([language, text]) => [
          language,
          { text, sha256: sha256(text) },
        ]),
      ),
    });
  });

  it('must be accepted for a call: refused without it, and for another version or text', async () => {
    const none = await callRequest();
    expect(none.status).toBe(422);
    expect(await none.json()).toMatchObject({ code: 'consent_required' });
    for (const stale of [
      { ...accepted, version: '2026-11' },
      { ...accepted, textSha256: sha256('Calls are not recorded.') },
      // The Spanish text's hash named as English: the record would not say what was shown.
      { ...accepted, textSha256: sha256(recording.text.es) },
    ]) {
      const res = await callRequest(stale);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ code: 'consent_outdated' });
    }
    const malformed = await callRequest({ ...accepted, textSha256: 'abc' });
    expect(malformed.status).toBe(400);
  });

  it('is recorded with the call, and shown on its supervisor row and in the CSV', async () => {
    const res = await callRequest(accepted);
    expect(res.status).toBe(201);
    const { callToken } = (await res.json()) as { callToken: string };
    const acceptedAt = api.clock.now.toISOString();
    expect(callTokenClaims(callToken).consent).toEqual({ ...accepted, acceptedAt });
    const callId = await reportCreated(api, callToken);
    expect((await api.repo.getCall(callId))?.consent).toEqual({ ...accepted, acceptedAt });

    const { cookie } = await supervisorSession(api);
    const page = await (await api.app.request('/supervisor', { headers: { cookie } })).text();
    const row = page.split(`data-call-id="${callId}"`)[1]!.split('</tr>')[0]!;
    const consentCell = row.match(/data-testid="call-consent">([\s\S]*?)<\/td>/)?.[1] ?? '';
    expect(consentCell).toContain('v2026-12 (en)');
    expect(consentCell).toContain(`datetime="${acceptedAt}"`);

    const csv = await (
      await api.app.request('/supervisor/calls.csv', { headers: { cookie } })
    ).text();
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    const columns = header!.split(',');
    const line = lines.find((l) => l.includes(callId))!.split(',');
    const field = (name: string) => line[columns.indexOf(name)];
    expect(field('consent_version')).toBe('2026-12');
    expect(field('consent_language')).toBe('en');
    expect(field('consent_accepted_at')).toBe(acceptedAt);
    expect(field('consent_text_sha256')).toBe(accepted.textSha256);
  });
});

describe('the notice in the sites file', () => {
  /** The test API's demo site (languages en, es, fr, de) with this notice text. */
  const file = (text: Record<string, string>) => ({
    sites: { acme: { ...api.sites.get('acme')!, consentNotice: { version: '1', text } } },
  });

  it('needs a text in every language the site offers', () => {
    const parsed = SitesFileSchema.safeParse(file({ en: 'Recorded.', es: 'Grabada.' }));
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    expect(messages).toEqual([
      'sites.acme.consentNotice.text: needs a text in "fr", one of the site\'s languages',
      'sites.acme.consentNotice.text: needs a text in "de", one of the site\'s languages',
    ]);
    expect(SitesFileSchema.safeParse(file(recording.text)).success).toBe(true);
  });

  it('refuses an empty text and a version with spaces', () => {
    expect(SitesFileSchema.safeParse(file({ ...recording.text, en: '  ' })).success).toBe(false);
    const site = {
      ...api.sites.get('acme')!,
      consentNotice: { version: 'v 1', text: recording.text },
    };
    expect(SitesFileSchema.safeParse({ sites: { acme: site } }).success).toBe(false);
  });
});
