// A loopback stand-in for hCaptcha's siteverify endpoint, speaking its documented protocol:
// a form POST of secret, response, remoteip and sitekey, answered with JSON
// {success, challenge_ts, hostname, error-codes}. It also serves the stand-in for hCaptcha's
// JS API at /1/api.js. Each passing response works once, as on
// hCaptcha; `mode` makes it hang (timeout), fail with HTTP 500, or answer garbage.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hcaptchaScript } from './hcaptcha-script-stand-in.ts';

export interface SiteverifyRequest {
  secret?: string;
  response?: string;
  remoteip?: string;
  sitekey?: string;
  contentType?: string;
}

export interface SiteverifyStandIn {
  url: string;
  /** The stand-in for hCaptcha's JS API (hcaptcha-script-stand-in.ts). */
  scriptUrl: string;
  requests: SiteverifyRequest[];
  /** Captcha responses that pass (once each). */
  pass(response: string): void;
  /** Responses that pass every time, as hCaptcha's test response does with its test secret. */
  passAlways(response: string): void;
  mode: 'normal' | 'hang' | 'error500' | 'garbage';
  close(): Promise<void>;
}

export async function startSiteverifyStandIn(expected: {
  secret: string;
  siteKey: string;
}): Promise<SiteverifyStandIn> {
  const passing = new Set<string>();
  const alwaysPassing = new Set<string>();
  const seen = new Set<string>();
  const state: Pick<SiteverifyStandIn, 'mode' | 'requests'> = { mode: 'normal', requests: [] };
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/1/api.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return void res.end(hcaptchaScript);
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const request: SiteverifyRequest = {
        secret: form.get('secret') ?? undefined,
        response: form.get('response') ?? undefined,
        remoteip: form.get('remoteip') ?? undefined,
        sitekey: form.get('sitekey') ?? undefined,
        contentType: req.headers['content-type'],
      };
      state.requests.push(request);
      if (state.mode === 'hang') return; // never answers; the client must time out
      if (state.mode === 'error500') return void res.writeHead(500).end('oops');
      if (state.mode === 'garbage') return void res.writeHead(200).end('<html>');
      const answer = (success: boolean, codes: string[] = []) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            success
              ? { success, challenge_ts: new Date().toISOString(), hostname: 'localhost' }
              : { success, 'error-codes': codes },
          ),
        );
      };
      if (
        req.method !== 'POST' ||
        !request.contentType?.startsWith('application/x-www-form-urlencoded')
      ) {
        return answer(false, ['bad-request']);
      }
      if (!request.secret) return answer(false, ['missing-input-secret']);
      if (request.secret !== expected.secret) return answer(false, ['invalid-input-secret']);
      if (request.sitekey && request.sitekey !== expected.siteKey) {
        return answer(false, ['sitekey-secret-mismatch']);
      }
      if (!request.response) return answer(false, ['missing-input-response']);
      if (alwaysPassing.has(request.response)) return answer(true);
      if (seen.has(request.response)) return answer(false, ['invalid-or-already-seen-response']);
      if (!passing.has(request.response)) return answer(false, ['invalid-input-response']);
      seen.add(request.response);
      answer(true);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/siteverify`,
    scriptUrl: `http://127.0.0.1:${port}/1/api.js`,
    pass: (response: string) => void passing.add(response),
    passAlways: (response: string) => void alwaysPassing.add(response),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
