import type { z } from 'zod';

/** A configuration that cannot be used; the message names every bad variable. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

/**
 * Reads a service's configuration from environment variables: `envNames` maps each schema
 * field to its variable, so an error names the variable the operator has to fix. Empty
 * variables count as unset, so the schema's default applies.
 */
export function loadEnvConfig<Schema extends z.ZodType>(
  service: string,
  schema: Schema,
  envNames: Record<string, string>,
  env: Record<string, string | undefined>,
): z.infer<Schema> {
  const raw = Object.fromEntries(
    Object.entries(envNames)
      .map(([field, name]) => [field, env[name]])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    return `${envNames[field] ?? (field || 'config')}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid ${service} configuration: ${problems.join('; ')}`);
}
