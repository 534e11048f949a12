import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CallEventSchema, type CallEvent } from '../../../protocol/api/call-event.ts';
import { plausibleClaims } from '../../../tests/support/caller/crafted-tokens.ts';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import { apiCallReporter } from './api-call-reporter.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

/** The API's call-events endpoint: refuses the first `failFirst` deliveries with 503. */
async function fakeApi(failFirst: number) {
  const stored: CallEvent[] = [];
  let refused = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      if (refused < failFirst) {
        refused++;
        res.writeHead(503).end();
        return;
      }
      stored.push(CallEventSchema.parse(JSON.parse(body)));
      res.writeHead(202).end('{"outcome":"applied"}');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stored };
}

describe('apiCallReporter', () => {
  it("sends the token's claims and the boot id with created, and a call's events in order even when created is retried", async () => {
    const api = await fakeApi(1);
    const bootId = '5b0d8c3e-7a52-4f7e-9d0e-2f1c4b6a8e91';
    const reporter = apiCallReporter({
      apiUrl: api.url,
      serviceToken: 's'.repeat(32),
      logger: quiet,
      bootId,
    });
    const claims = plausibleClaims() as CallTokenClaims;
    reporter.created(claims);
    reporter.ringing(claims.callId);
    reporter.answered(claims.callId, 'PCMU');
    reporter.ended(claims.callId, { code: 'agent_hung_up' }, 'PCMU');
    await reporter.flush();
    expect(api.stored.map((event) => event.type)).toEqual([
      'created',
      'ringing',
      'answered',
      'ended',
    ]);
    expect(api.stored[0]).toMatchObject({ callId: claims.callId, claims, bootId });
  });

  it('sends the quality the media measured with ended, in a form the contract takes', async () => {
    const api = await fakeApi(0);
    const reporter = apiCallReporter({
      apiUrl: api.url,
      serviceToken: 's'.repeat(32),
      logger: quiet,
    });
    const claims = plausibleClaims() as CallTokenClaims;
    reporter.created(claims);
    reporter.answered(claims.callId, 'PCMU');
    const measured = { mos: 4.38, lossPct: 0.4, jitterMs: 3.1, rttMs: 42 };
    reporter.ended(claims.callId, { code: 'visitor_hung_up' }, 'PCMU', Promise.resolve(measured));
    await reporter.flush();
    expect(api.stored.at(-1)).toMatchObject({ type: 'ended', quality: measured });
  });

  it('sends ended without figures when the media measured none', async () => {
    const api = await fakeApi(0);
    const reporter = apiCallReporter({
      apiUrl: api.url,
      serviceToken: 's'.repeat(32),
      logger: quiet,
    });
    const claims = plausibleClaims() as CallTokenClaims;
    reporter.created(claims);
    reporter.ended(claims.callId, { code: 'no_agent' }, undefined, Promise.resolve(undefined));
    await reporter.flush();
    expect(api.stored.at(-1)?.type).toBe('ended');
    expect(api.stored.at(-1)).not.toHaveProperty('quality');
  });
});
