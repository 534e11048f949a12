import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { z } from 'zod';

const Ed25519PrivateJwkSchema = z.looseObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(1),
  d: z.string().min(1),
});

/**
 * The API's secrets on disk (mode 0600). Rotation without downtime: add a key whose
 * `notBefore` lies in the future; it is published in the JWKS at once and signs from then on;
 * remove the old key once the last token it signed has expired (2 minutes later).
 */
export const KeyFileSchema = z.strictObject({
  /** HMAC secret of session tokens and supervisor cookies (base64url, >= 32 bytes). */
  sessionSecret: z.base64url().min(43),
  callTokenKeys: z
    .array(
      z.strictObject({
        kid: z.string().min(1).max(64),
        /** When the key starts signing (it is published before). */
        notBefore: z.iso.datetime(),
        privateJwk: Ed25519PrivateJwkSchema,
      }),
    )
    .min(1),
});
export type KeyFile = z.infer<typeof KeyFileSchema>;
export type CallTokenKeyEntry = KeyFile['callTokenKeys'][number];

export async function generateCallTokenKey(notBefore: Date): Promise<CallTokenKeyEntry> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return {
    kid: randomUUID(),
    notBefore: notBefore.toISOString(),
    privateJwk: Ed25519PrivateJwkSchema.parse(jwk),
  };
}

export async function generateKeyFile(now: Date): Promise<KeyFile> {
  return {
    sessionSecret: randomBytes(32).toString('base64url'),
    callTokenKeys: [await generateCallTokenKey(now)],
  };
}

export async function writeKeyFile(path: string, file: KeyFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

export async function readKeyFile(path: string): Promise<KeyFile> {
  const parsed = KeyFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Reads the key file, creating it with fresh keys when `generate` and it does not exist. */
export async function readOrCreateKeyFile(path: string, generate: boolean): Promise<KeyFile> {
  try {
    return await readKeyFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !generate) throw error;
    const file = await generateKeyFile(new Date());
    await writeKeyFile(path, file);
    return file;
  }
}
