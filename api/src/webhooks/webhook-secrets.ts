import { readFile } from 'node:fs/promises';
import type { SitesFile } from '../../../protocol/api/site-config.ts';
import { apiConfigEnvNames } from '../../../protocol/config/api-config.ts';
import { SecretValue } from '../../../protocol/config/secret-file.ts';
import {
  WebhookSecretsFileSchema,
  type WebhookSecretsFile,
} from '../../../protocol/config/webhook-secrets.ts';
import { formatIssues } from '../format-issues.ts';
import type { ReloadResult } from '../sites/sites-store.ts';

/** A webhook secrets file that cannot be used; the message names the entry, never a secret. */
export class WebhookSecretsError extends Error {
  readonly code = 'webhook_secrets_invalid';
}

/** The endpoints' signing secrets, swapped whole on a good reload. */
export interface WebhookSecrets {
  secretFor(siteId: string, endpointId: string): SecretValue | undefined;
  reload(): Promise<ReloadResult>;
}

async function readSecrets(path: string): Promise<WebhookSecretsFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    // The parser's message may quote the file: say only what kind of failure it was.
    const code = (error as NodeJS.ErrnoException).code ?? 'not valid JSON';
    throw new WebhookSecretsError(`${path}: cannot be read (${code})`);
  }
  const parsed = WebhookSecretsFileSchema.safeParse(json);
  if (!parsed.success) {
    // Paths and messages only: zod's issues for a string pattern do not carry the input.
    throw new WebhookSecretsError(`${path}: ${formatIssues(parsed.error.issues)}`);
  }
  return parsed.data;
}

/** Loads API_WEBHOOK_SECRETS_FILE (none: no endpoint has a secret); throws when unusable. */
export async function loadWebhookSecrets(path: string | undefined): Promise<WebhookSecrets> {
  let current: WebhookSecretsFile = path ? await readSecrets(path) : {};
  return {
    secretFor(siteId, endpointId) {
      const site = Object.hasOwn(current, siteId) ? current[siteId] : undefined;
      const secret = site && Object.hasOwn(site, endpointId) ? site[endpointId] : undefined;
      return secret === undefined ? undefined : new SecretValue(secret);
    },
    async reload() {
      if (!path) return { ok: true };
      try {
        current = await readSecrets(path);
        return { ok: true };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },
  };
}

/**
 * The endpoints in the sites file without a secret, as the start-up refusal or reload warning
 * says it; undefined when each has one. Their deliveries wait, retried, until it comes.
 */
export function missingWebhookSecrets(
  sites: SitesFile['sites'],
  secrets: WebhookSecrets,
): string | undefined {
  const missing = Object.entries(sites).flatMap(([siteId, site]) =>
    site.webhooks
      .filter((endpoint) => !secrets.secretFor(siteId, endpoint.id))
      .map((endpoint) => `${siteId}/${endpoint.id}`),
  );
  if (missing.length === 0) return undefined;
  return `webhook endpoint ${missing.join(', ')} has no secret in ${apiConfigEnvNames.webhookSecretsFile}`;
}
