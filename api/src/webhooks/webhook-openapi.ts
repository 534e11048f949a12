import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  webhookBodySchemas,
  webhookEventTypes,
  type WebhookEventType,
} from '../../../protocol/api/webhook-events.ts';

const summaries: Record<WebhookEventType, string> = {
  'call.ended': 'A call ended: its queue, routing, wait, talk time, end reason and quality',
  'call.abandoned': 'A visitor hung up before an agent answered',
  'rating.submitted': 'A visitor rated a call (the stars; the comment stays on our side)',
  'callback.requested': 'A visitor asked to be called back, with the number to call',
};

/** The Standard Webhooks headers every delivery carries (docs/webhooks.md). */
const SignatureHeadersSchema = z.object({
  'webhook-id': z.uuid().meta({
    description: 'The event id: the same on every retry and every endpoint; drop a repeat',
  }),
  'webhook-timestamp': z
    .string()
    .regex(/^[0-9]+$/)
    .meta({
      description: 'This attempt, in Unix seconds; refuse one more than 5 minutes off',
    }),
  'webhook-signature': z.string().meta({
    description: 'v1, and the base64 HMAC-SHA256 of `id.timestamp.body` under the whsec_ secret',
  }),
});

/**
 * The webhooks in the OpenAPI document (its `webhooks` section, OpenAPI 3.1): what the API
 * POSTs to a site's endpoints, from the same schemas the payloads are built to.
 */
export function registerWebhookDocs(registry: OpenAPIHono['openAPIRegistry']): void {
  for (const type of webhookEventTypes) {
    registry.registerWebhook({
      method: 'post',
      path: type,
      summary: summaries[type],
      request: {
        headers: SignatureHeadersSchema,
        body: { content: { 'application/json': { schema: webhookBodySchemas[type] } } },
      },
      responses: {
        200: { description: 'Any 2xx: taken. Anything else, or no answer: retried' },
      },
    });
  }
}
