// The thread that signs call and probe tokens (started by batch-signer.ts). Ed25519 signing
// is the largest piece of CPU in a call-token request; here it runs in batches, one message
// per batch, so the API's main thread neither signs nor wakes a thread per token.
import { sign } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { SignBatch, SignedBatch } from './batch-signer.ts';

const port = parentPort!;
const encode = (json: string) => Buffer.from(json).toString('base64url');

port.on('message', ({ id, key, items }: SignBatch) => {
  let reply: SignedBatch;
  try {
    const tokens = items.map(([header, payload]) => {
      const signingInput = `${header}.${encode(payload)}`;
      return `${signingInput}.${sign(null, Buffer.from(signingInput), key).toString('base64url')}`;
    });
    reply = { id, tokens };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
