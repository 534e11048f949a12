import { z } from 'zod';
import { WebhookEventTypeSchema } from './webhook-events.ts';

/** An endpoint's name inside its site, e.g. `crm`: deliveries keep it across URL changes. */
export const WebhookEndpointIdSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes');

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where events go. HTTPS, since a callback.requested carries the visitor's number; plain
 * HTTP only to this machine (a local relay, a test receiver).
 */
const WebhookUrlSchema = z.url({ protocol: /^https?$/ }).refine((text) => {
  // zod runs this after a failed url check too: a text that is no URL is refused there.
  const url = URL.parse(text);
  return !url || url.protocol === 'https:' || loopbackHosts.has(url.hostname);
}, 'must be https:// (http:// only to localhost)');

/**
 * One receiver of a site's events (sites file, `webhooks`). Its signing secret is not here:
 * sites files are kept in customers' repositories, so the secret lives in the file
 * API_WEBHOOK_SECRETS_FILE names, under the site's id and this endpoint's id (docs/webhooks.md).
 */
export const WebhookEndpointSchema = z.strictObject({
  id: WebhookEndpointIdSchema,
  url: WebhookUrlSchema,
  /** The event types it wants; each is sent to it once, retried until it answers 2xx. */
  events: z.array(WebhookEventTypeSchema).min(1),
});

/** A site's endpoints, each id once. */
export const WebhookEndpointsSchema = z
  .array(WebhookEndpointSchema)
  .max(8)
  .superRefine((endpoints, ctx) => {
    const seen = new Set<string>();
    endpoints.forEach((endpoint, index) => {
      // Run even when an entry failed its own checks: it may be anything then.
      if (typeof endpoint?.id !== 'string') return;
      if (seen.has(endpoint.id)) {
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'is used twice' });
      }
      seen.add(endpoint.id);
    });
  });
