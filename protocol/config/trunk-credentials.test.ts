import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadMediaConfig } from './media-config.ts';
import { trunkCredentialFor } from './trunk-credentials.ts';

const dir = mkdtempSync(join(tmpdir(), 'trunk-credentials-'));
const file = (name: string, content: unknown, mode = 0o600) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  chmodSync(path, mode);
  return path;
};
const load = (path: string) => loadMediaConfig({ MEDIA_TRUNK_CREDENTIALS_FILE: path });

describe('MEDIA_TRUNK_CREDENTIALS_FILE', () => {
  it('gives each site its own credentials and the others the default, the password hidden', () => {
    const path = file('good.json', {
      default: { username: 'gateway', password: 'default-pass' },
      sites: { acme: { username: 'acme-trunk', password: 'acme-pass', realm: 'pbx.acme' } },
    });
    const loaded = load(path).trunkCredentialsFile!;
    expect(loaded.warnings).toEqual([]);
    const acme = trunkCredentialFor(loaded.credentials, 'acme')!;
    expect(acme).toMatchObject({ username: 'acme-trunk', realm: 'pbx.acme' });
    expect(acme.password.reveal()).toBe('acme-pass');
    expect(trunkCredentialFor(loaded.credentials, 'other')?.username).toBe('gateway');
    expect(trunkCredentialFor(loaded.credentials, undefined)?.username).toBe('gateway');
    expect(JSON.stringify(loaded) + inspect(loaded, { depth: 9 })).not.toMatch(/-pass/);
  });

  it('refuses a site without a password, naming the variable, the file and the field', () => {
    const path = file('no-password.json', { sites: { acme: { username: 'acme-trunk' } } });
    expect(() => load(path)).toThrow(
      new RegExp(`MEDIA_TRUNK_CREDENTIALS_FILE: ${path}: sites\\.acme\\.password`),
    );
  });

  it('refuses a file that is not JSON, or holds nobody, without quoting it', () => {
    const broken = file('broken.json', '{"sites": {"acme": {"password": "hunter2"');
    expect(() => load(broken)).toThrow(/is not JSON/);
    expect(() => load(broken)).not.toThrow(/hunter2/);
    expect(() => load(file('empty.json', {}))).toThrow(/holds no credentials/);
  });

  it('refuses a missing file, and a username that would break the header', () => {
    expect(() => load(join(dir, 'absent.json'))).toThrow(/cannot read .*absent\.json \(ENOENT\)/);
    const quote = file('quote.json', { default: { username: 'a"b', password: 'x' } });
    expect(() => load(quote)).toThrow(/default\.username: must not hold quotes/);
  });

  it('warns when others than its owner can read the file', () => {
    const path = file('open.json', { default: { username: 'gw', password: 'x' } }, 0o644);
    expect(load(path).trunkCredentialsFile?.warnings).toEqual([
      `${path} can be read by others than its owner: chmod 600 it`,
    ]);
  });
});
