import { generateKeyPairSync } from 'node:crypto';
import { compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { BatchSigner } from './batch-signer.ts';

const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');
const ed25519 = () => generateKeyPairSync('ed25519');

describe('BatchSigner', () => {
  it('signs many tokens asked for at once, each for its own payload and key', async () => {
    const signer = new BatchSigner();
    const [one, two] = [ed25519(), ed25519()];
    const asked = Array.from({ length: 50 }, (_, i) => ({
      keys: i % 2 ? two : one,
      payload: JSON.stringify({ jti: `token-${i}`, n: i }),
    }));
    const tokens = await Promise.all(
      asked.map(({ keys, payload }) => signer.sign(keys.privateKey, header, payload)),
    );
    expect(new Set(tokens).size).toBe(50);
    for (const [i, token] of tokens.entries()) {
      const { keys, payload } = asked[i]!;
      const verified = await compactVerify(token, keys.publicKey);
      expect(new TextDecoder().decode(verified.payload)).toBe(payload);
      const other = i % 2 ? one : two;
      await expect(compactVerify(token, other.publicKey)).rejects.toThrow();
    }
  });

  it('fails the tokens of a key that cannot sign, and keeps signing for the others', async () => {
    const signer = new BatchSigner();
    const good = ed25519();
    const notForSigning = generateKeyPairSync('x25519').privateKey;
    const [refused, signed] = await Promise.allSettled([
      signer.sign(notForSigning, header, '{"n":1}'),
      signer.sign(good.privateKey, header, '{"n":2}'),
    ]);
    expect(refused).toMatchObject({ status: 'rejected', reason: { message: /signing failed/ } });
    expect(signed.status).toBe('fulfilled');
    const later = await signer.sign(good.privateKey, header, '{"n":3}');
    await expect(compactVerify(later, good.publicKey)).resolves.toBeDefined();
  });
});
