import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SitesFileSchema } from '../../../protocol/api/site-config.ts';
import {
  loadWebhookSecrets,
  missingWebhookSecrets,
  WebhookSecretsError,
} from './webhook-secrets.ts';

const dir = mkdtempSync(join(tmpdir(), 'ctc-webhook-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

function sitesWith(endpointIds: string[]) {
  return SitesFileSchema.parse({
    sites: {
      acme: {
        name: 'Acme',
        allowedOrigins: ['https://www.acme.example'],
        captcha: { siteKey: 'key', secret: 'captcha-secret' },
        languages: ['en'],
        countries: ['US'],
        intents: [{ id: 'support', label: 'Support' }],
        queues: { 'support-en': { uri: 'sip:support@pbx.example', displayName: 'Support' } },
        webhooks: endpointIds.map((id) => ({
          id,
          url: `https://${id}.example/in`,
          events: ['call.ended'],
        })),
      },
    },
  }).sites;
}

describe('the webhook secrets file', () => {
  it('gives each endpoint its secret, which never prints', async () => {
    const path = join(dir, 'secrets.json');
    writeFileSync(path, JSON.stringify({ acme: { crm: secret } }));
    const secrets = await loadWebhookSecrets(path);
    const found = secrets.secretFor('acme', 'crm');
    expect(found?.reveal()).toBe(secret);
    expect(`${String(found)} ${JSON.stringify({ found })}`).not.toContain('whsec_');
    expect(secrets.secretFor('acme', 'tickets')).toBeUndefined();
    expect(secrets.secretFor('other', 'crm')).toBeUndefined();
    expect(secrets.secretFor('acme', 'constructor')).toBeUndefined();
  });

  it('names the endpoints of the sites file that have no secret', async () => {
    const path = join(dir, 'one.json');
    writeFileSync(path, JSON.stringify({ acme: { crm: secret } }));
    const secrets = await loadWebhookSecrets(path);
    expect(missingWebhookSecrets(sitesWith(['crm']), secrets)).toBeUndefined();
    expect(missingWebhookSecrets(sitesWith(['crm', 'tickets']), secrets)).toBe(
      'webhook endpoint acme/tickets has no secret in API_WEBHOOK_SECRETS_FILE',
    );
    const none = await loadWebhookSecrets(undefined);
    expect(missingWebhookSecrets(sitesWith([]), none)).toBeUndefined();
    expect(missingWebhookSecrets(sitesWith(['crm']), none)).toMatch(/acme\/crm/);
  });

  it('refuses a bad file at start without quoting it, and keeps the last good one on reload', async () => {
    const path = join(dir, 'reloaded.json');
    writeFileSync(path, '{"acme": {"crm": "hunter2"}}');
    const refused = loadWebhookSecrets(path);
    await expect(refused).rejects.toThrow(WebhookSecretsError);
    await expect(refused).rejects.not.toThrow(/hunter2/);

    writeFileSync(path, JSON.stringify({ acme: { crm: secret } }));
    const secrets = await loadWebhookSecrets(path);
    writeFileSync(path, '{"acme": {"crm": "whsec_hunter2"');
    const result = await secrets.reload();
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(secrets.secretFor('acme', 'crm')?.reveal()).toBe(secret);

    const next = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    writeFileSync(path, JSON.stringify({ acme: { crm: next } }));
    expect(await secrets.reload()).toEqual({ ok: true });
    expect(secrets.secretFor('acme', 'crm')?.reveal()).toBe(next);
  });
});
