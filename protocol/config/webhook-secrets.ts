import { z } from 'zod';
import { SiteIdSchema } from '../api/ids.ts';
import { WebhookEndpointIdSchema } from '../api/webhook-endpoint.ts';

/**
 * A Standard Webhooks signing secret: `whsec_` and the base64 of 24 to 64 random bytes
 * (`echo "whsec_$(openssl rand -base64 32)"`). The receiver holds the same one.
 */
export const WebhookSecretSchema = z
  .string()
  .regex(
    /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/,
    'must be whsec_ followed by the base64 of 24 to 64 random bytes',
  );

/**
 * The file API_WEBHOOK_SECRETS_FILE names: each site's endpoints' secrets, by site id and
 * endpoint id, `{"acme": {"crm": "whsec_..."}}`. Kept apart from the sites file, which
 * customers commit to their repositories; readable by the API's user only.
 */
export const WebhookSecretsFileSchema = z.record(
  SiteIdSchema,
  z.record(WebhookEndpointIdSchema, WebhookSecretSchema),
);
export type WebhookSecretsFile = z.infer<typeof WebhookSecretsFileSchema>;
