// Tokens bound to a gateway node (the `node` claim): what each kind of gateway accepts.
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { callEndCodeForTokenRefusal } from './call-end-reason.ts';
import { createCallTokenVerifier } from './call-token-verification.ts';
import { MediaTokenError, type VerifyingNode } from './media-token-verification.ts';
import { probeTokenType } from './probe-token.ts';
import { createProbeTokenVerifier } from './probe-token-verification.ts';

const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const keys = createLocalJWKSet({
  keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' }],
});

const callClaims = {
  callId: '6f1c2f7e-8a4b-4c1e-9d3a-2b5e7f9a1c3d',
  sid: 'session-0123456789',
  queue: { name: 'sales-en', uri: 'sip:queue-sales@127.0.0.1:5060', displayName: 'English Sales' },
  routing: { intent: 'sales', language: 'en', country: 'US' },
};
const probeClaims = { scope: 'connection-test' };

function sign(kind: 'call' | 'probe', node?: string) {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...(kind === 'call' ? callClaims : probeClaims), ...(node ? { node } : {}) })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: kind === 'call' ? 'JWT' : probeTokenType })
    .setIssuer('click-to-call-api')
    .setAudience('media')
    .setSubject('acme')
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + 60)
    .sign(privateKey);
}

const nodeA: VerifyingNode = { id: 'media-a:8090', acceptsUnbound: false };
const nodeB: VerifyingNode = { id: 'media-b:8090', acceptsUnbound: false };
const verifiers = {
  call: (node?: VerifyingNode) => createCallTokenVerifier({ keys, ...(node ? { node } : {}) }),
  probe: (node?: VerifyingNode) => createProbeTokenVerifier({ keys, ...(node ? { node } : {}) }),
};

describe.each(['call', 'probe'] as const)('a %s token bound to a node', (kind) => {
  it('is accepted by its node, once', async () => {
    const atA = verifiers[kind](nodeA);
    const token = await sign(kind, nodeA.id);
    await expect(atA(token)).resolves.toMatchObject({ node: nodeA.id });
    await expect(atA(token)).rejects.toMatchObject({ code: 'token_replayed' });
  });

  it('is refused by every other gateway, before or after its node used it', async () => {
    const [atA, atB] = [verifiers[kind](nodeA), verifiers[kind](nodeB)];
    const notYetUsed = await sign(kind, nodeA.id);
    const refusal = atB(notYetUsed);
    await expect(refusal).rejects.toBeInstanceOf(MediaTokenError);
    await expect(refusal).rejects.toMatchObject({
      code: 'token_wrong_node',
      forbidden: true,
      message: expect.stringMatching(/for gateway node media-a:8090, not node media-b:8090/),
    });
    // Shown to the wrong node first, it still works where it belongs.
    await expect(atA(notYetUsed)).resolves.toMatchObject({ node: nodeA.id });
    await expect(atB(notYetUsed)).rejects.toMatchObject({ code: 'token_wrong_node' });
    // A gateway outside any pool takes no token bound to a node either.
    const standalone = verifiers[kind]({ id: 'solo:8090', acceptsUnbound: true });
    await expect(standalone(await sign(kind, nodeA.id))).rejects.toMatchObject({
      code: 'token_wrong_node',
    });
    await expect(verifiers[kind]()(await sign(kind, nodeA.id))).rejects.toMatchObject({
      code: 'token_wrong_node',
    });
  });
});

describe.each(['call', 'probe'] as const)('a %s token bound to no node', (kind) => {
  it('is accepted only by a gateway that does not announce itself', async () => {
    await expect(verifiers[kind]()(await sign(kind))).resolves.toBeDefined();
    const solo = verifiers[kind]({ id: 'solo:8090', acceptsUnbound: true });
    await expect(solo(await sign(kind))).resolves.toBeDefined();
    await expect(verifiers[kind](nodeA)(await sign(kind))).rejects.toMatchObject({
      code: 'token_wrong_node',
      message: expect.stringMatching(/names no gateway node/),
    });
  });
});

describe('a call refused for its node', () => {
  it('reads as our failure for the visitor, not as an expired call link', () => {
    expect(callEndCodeForTokenRefusal('token_wrong_node')).toBe('gateway_error');
    for (const code of ['token_replayed', 'token_expired', 'token_invalid', 'token_missing']) {
      expect(callEndCodeForTokenRefusal(code)).toBe('unauthorized');
    }
  });
});
