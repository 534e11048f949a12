import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from './api-config.ts';
import { ConfigError } from './env-config.ts';
import { loadMediaConfig } from './media-config.ts';

// Secrets as files (NAME_FILE), the way podman and Kubernetes mount them: a database URL with
// its password, the service token both services share.
describe('secrets given as NAME_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctc-env-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  const url = 'postgresql://clicktocall:s3cret-pass@db.internal:5432/clicktocall';
  const token = 'a'.repeat(24) + 'b'.repeat(24);

  it('reads DATABASE_URL and API_SERVICE_TOKEN from files, without the trailing newline', () => {
    const config = loadApiConfig({
      DATABASE_URL_FILE: file('database-url', `${url}\n`),
      API_SERVICE_TOKEN_FILE: file('api-token', `${token}\n`),
    });
    expect(config.databaseUrl).toBe(url);
    expect(config.serviceToken).toBe(token);
  });

  it("reads the gateway's MEDIA_API_SERVICE_TOKEN from a file", () => {
    const config = loadMediaConfig({ MEDIA_API_SERVICE_TOKEN_FILE: file('media-token', token) });
    expect(config.apiServiceToken).toBe(token);
  });

  it('refuses both forms at once rather than choosing one silently', () => {
    expect(() =>
      loadApiConfig({ DATABASE_URL: url, DATABASE_URL_FILE: file('both', url) }),
    ).toThrow('DATABASE_URL and DATABASE_URL_FILE are both set: keep one');
  });

  it('names the _FILE variable when the file is missing or its content is wrong', () => {
    const missing = join(dir, 'missing');
    expect(() => loadApiConfig({ DATABASE_URL_FILE: missing })).toThrow(
      `DATABASE_URL_FILE: cannot read ${missing} (ENOENT)`,
    );
    let message = '';
    try {
      loadApiConfig({ DATABASE_URL_FILE: file('mysql', 'mysql://root:hunter2-pass@db/x') });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('DATABASE_URL_FILE: must be a postgres:// or postgresql:// URL');
    expect(message).not.toContain('hunter2');
  });

  it('takes NAME_FILE only for secrets: other settings stay plain variables', () => {
    const config = loadApiConfig({ API_PORT_FILE: file('port', '9999') });
    expect(config.port).toBe(8080);
  });
});
