import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readKeyFile } from './tokens/key-file.ts';
import { keyRingFrom } from './tokens/key-ring.ts';
import { keysStillNeeded } from './tokens/key-retention.ts';

const run = promisify(execFile);
const cli = join(import.meta.dirname, 'signing-keys.ts');
const signingKeys = (...args: string[]) =>
  run(process.execPath, [cli, ...args]).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

// The operator's command for API_KEYS_FILE: make one, rotate without downtime, prune.
describe('node api/src/signing-keys.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctc-signing-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'signing-keys.json');

  it('creates a key file only its owner can read, that the API can sign with', async () => {
    const created = await signingKeys('create', path);
    expect(created.code).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const ring = await keyRingFrom(await readKeyFile(path));
    expect(ring.signingKey(new Date()).kid).toBeTruthy();
    // What it prints names the file, never a key.
    const file = readFileSync(path, 'utf8');
    const { d } = (await readKeyFile(path)).callTokenKeys[0]!.privateJwk;
    expect(created.stderr).toContain(path);
    expect(created.stderr).not.toContain(d);
    expect(file).toContain(d);
  });

  it('never overwrites an existing key file', async () => {
    const before = readFileSync(path, 'utf8');
    const again = await signingKeys('create', path);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('use rotate') });
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('rotates: the new key is published now and signs only from its start', async () => {
    const [old] = (await readKeyFile(path)).callTokenKeys;
    expect((await signingKeys('rotate', path, '--in', '600')).code).toBe(0);
    const file = await readKeyFile(path);
    expect(file.callTokenKeys).toHaveLength(2);
    const ring = await keyRingFrom(file);
    const added = file.callTokenKeys[1]!;
    expect(ring.jwks().keys.map((key) => key.kid)).toContain(added.kid);
    expect(ring.signingKey(new Date()).kid).toBe(old!.kid);
    expect(ring.signingKey(new Date(Date.now() + 601_000)).kid).toBe(added.kid);
    // The old key still signs: pruning now removes nothing.
    expect(await signingKeys('prune', path)).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('removed 0 key(s), 2 left'),
    });
  });

  it('refuses a malformed rotation delay rather than guessing', async () => {
    expect((await signingKeys('rotate', path, '--in', 'soon')).code).toBe(2);
    expect((await readKeyFile(path)).callTokenKeys).toHaveLength(2);
  });

  it("prunes an old key once the last token it signed has expired (a call token's life)", async () => {
    const file = await readKeyFile(path);
    const takeover = Date.parse(file.callTokenKeys[1]!.notBefore);
    expect(keysStillNeeded(file, new Date(takeover + 119_000)).callTokenKeys).toHaveLength(2);
    const later = keysStillNeeded(file, new Date(takeover + 121_000)).callTokenKeys;
    expect(later.map((key) => key.kid)).toEqual([file.callTokenKeys[1]!.kid]);
  });
});
