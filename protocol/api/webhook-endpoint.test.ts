import { describe, expect, it } from 'vitest';
import { WebhookSecretsFileSchema } from '../config/webhook-secrets.ts';
import { WebhookEndpointsSchema } from './webhook-endpoint.ts';

const crm = { id: 'crm', url: 'https://crm.example/hooks/ctc', events: ['call.ended'] };

describe('a site’s webhook endpoints (sites file)', () => {
  it('takes HTTPS endpoints with the event types they want', () => {
    expect(WebhookEndpointsSchema.parse([crm])).toEqual([crm]);
  });

  it('refuses plain HTTP but to this machine: a callback request carries a phone number', () => {
    const plain = { ...crm, url: 'http://crm.example/hooks' };
    expect(WebhookEndpointsSchema.safeParse([plain]).error?.issues[0]?.message).toMatch(
      /must be https:\/\//,
    );
    for (const url of ['http://127.0.0.1:8099/hook', 'http://localhost/hook']) {
      expect(WebhookEndpointsSchema.safeParse([{ ...crm, url }]).success).toBe(true);
    }
  });

  it('refuses other URLs, unknown or no event types, a secret in the file, an id used twice', () => {
    const bad = [
      [{ ...crm, url: 'not a url' }],
      [{ ...crm, url: 'ftp://crm.example/in' }],
      [{ ...crm, events: ['call.started'] }],
      [{ ...crm, events: [] }],
      [{ ...crm, secret: 'whsec_abc' }],
      [crm, { ...crm, url: 'https://tickets.example/in' }],
    ];
    for (const endpoints of bad) {
      expect(WebhookEndpointsSchema.safeParse(endpoints).success).toBe(false);
    }
  });
});

describe('the webhook secrets file', () => {
  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

  it('holds whsec_ secrets by site and endpoint', () => {
    expect(WebhookSecretsFileSchema.parse({ acme: { crm: secret } })).toEqual({
      acme: { crm: secret },
    });
  });

  it('refuses a secret that is not whsec_ and base64, without quoting it', () => {
    const result = WebhookSecretsFileSchema.safeParse({ acme: { crm: 'hunter2-hunter2' } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues.map((issue) => issue.message))).not.toContain(
      'hunter2',
    );
  });
});
