import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** A configuration that cannot be used; the message names every bad variable. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

export interface EnvConfigOptions {
  /**
   * Variables holding a secret (a password in a URL, a token), which may instead be given as
   * `NAME_FILE`, the path of a file holding the value: how container platforms hand out
   * secrets (podman and Kubernetes secrets mounted as files), as the postgres image does.
   */
  fromFiles?: readonly string[];
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
  { fromFiles = [] }: EnvConfigOptions = {},
): z.infer<Schema> {
  const problems: string[] = [];
  const fileNamed = new Set<string>();
  const valueOf = (name: string): string | undefined => {
    const direct = env[name] || undefined;
    const path = fromFiles.includes(name) ? env[`${name}_FILE`] || undefined : undefined;
    if (path === undefined) return direct;
    if (direct !== undefined) {
      problems.push(`${name} and ${name}_FILE are both set: keep one`);
      return undefined;
    }
    fileNamed.add(name);
    try {
      // One value per file; the newline an editor or `echo` leaves is not part of it.
      return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      problems.push(`${name}_FILE: cannot read ${path} (${code})`);
      return undefined;
    }
  };
  const raw = Object.fromEntries(
    Object.entries(envNames)
      .map(([field, name]) => [field, valueOf(name)])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(raw);
  if (parsed.success && problems.length === 0) return parsed.data;
  for (const issue of parsed.error?.issues ?? []) {
    const field = String(issue.path[0] ?? '');
    const name = envNames[field];
    const variable = name && fileNamed.has(name) ? `${name}_FILE` : (name ?? (field || 'config'));
    problems.push(`${variable}: ${issue.message}`);
  }
  throw new ConfigError(`Invalid ${service} configuration: ${problems.join('; ')}`);
}
