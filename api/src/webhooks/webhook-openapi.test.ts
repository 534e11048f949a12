import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEventTypes } from '../../../protocol/api/webhook-events.ts';
import { startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';

describe('the OpenAPI document', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  }, 60_000);
  afterAll(() => api?.close());

  it('describes each webhook the API sends: its signed headers and its body', async () => {
    const doc = await (await api.app.request('/openapi.json')).json();
    expect(Object.keys(doc.webhooks).sort()).toEqual([...webhookEventTypes].sort());
    const ended = doc.webhooks['call.ended'].post;
    expect(ended.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'header:webhook-id',
      'header:webhook-timestamp',
      'header:webhook-signature',
    ]);
    expect(ended.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CallEndedWebhook',
    });
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.CallEndedData.properties)).toEqual(
      expect.arrayContaining(['queue', 'intent', 'waitS', 'talkS', 'endReason', 'quality']),
    );
    expect(schemas.CallbackRequestedData.required).toContain('phone');
    // A rating's comment is not sent: the schema has no place for it.
    expect(schemas.RatingSubmittedData.properties).not.toHaveProperty('comment');
  });
});
