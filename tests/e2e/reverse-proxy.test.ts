// The product behind the reference nginx (infra/deploy/nginx/): a visitor's whole call over
// https:// and wss:// only, the admin surfaces out of the public side's reach, HSTS, the
// redirect from plain HTTP and Secure supervisor cookies, and per-address limits that count
// each visitor behind the proxy while forged X-Forwarded-For headers change nothing.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepository } from '../../api/src/storage/open-repository.ts';
import { hashPassword } from '../../api/src/supervisor/password-hash.ts';
import { hcaptchaTestKeys } from '../../infra/rig/hcaptcha-script-stand-in.ts';
import { analyseTone, readWav } from '../../infra/rig/tone.ts';
import { sleep } from '../../infra/rig/wait.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { remoteAudioStream, walkToCall } from '../support/e2e/call-page.ts';
import { logPageRequests } from '../support/e2e/sound-check-probes.ts';
import { publicName, useProxiedStack } from '../support/e2e/use-proxied-stack.ts';
import {
  openVisitorSipSocket,
  tlsHandshake,
  visitorRequest,
  type VisitorSipSocket,
} from '../support/proxy/tls-clients.ts';

// Per-address limits well below the 30 visitors served at once.
const socketsPerAddress = 3;
const sessionsPerAddress = 2;
/** 30 visitors, each from its own loopback address (all of 127/8 is on `lo`). */
const visitors = Array.from({ length: 30 }, (_, i) => `127.0.0.${i + 2}`);

describe('behind the reference nginx', () => {
  const proxied = useProxiedStack('reverse-proxy', {
    microphone: { hz: 440, seconds: 300 },
    agents: [{ queue: 'support-en' }],
    editSites: (sites) => {
      sites.sites.acme!.limits = {
        ...sites.sites.acme!.limits,
        sessionsPerIpPerMinute: sessionsPerAddress,
      };
    },
    // Off, as in plain-HTTP development: the Secure cookies seen below then come from the
    // request having reached nginx over HTTPS, which nginx tells the API.
    apiEnv: { API_SECURE_COOKIES: 'false' },
    mediaEnv: { MEDIA_MAX_CONNECTIONS_PER_IP: String(socketsPerAddress) },
  });
  const url = (path: string) => `${proxied.origin}${path}`;
  const get = (target: string, options: Parameters<typeof visitorRequest>[2] = {}) =>
    visitorRequest(proxied.site, target, options);

  it('carries a call over https and wss only, with audio both ways past nginx’s 60 s default', async () => {
    const page = await proxied.chromium.browser.newPage();
    const requests = logPageRequests(page);
    await page.goto(proxied.stack.demoUrl);
    await page.getByTestId('ctc-launcher').click();
    const frame = page.getByTestId('ctc-frame');
    const widget = (await (await frame.elementHandle())!.contentFrame())!;
    await widget.getByTestId('start-intent').selectOption('support');
    await walkToCall(widget);
    const talking = widget.locator('[data-testid="call-screen"][data-phase="talking"]');
    await talking.waitFor({ timeout: 20_000 });
    const talkingSince = Date.now();
    const heard = async () => probeTone(widget, await remoteAudioStream(widget), 1000, 1500);
    expect(await heard(), 'the agent is heard').toMatchObject({ detected: true });

    // Nothing crosses the call's WebSocket while people talk, and nginx closes a proxied
    // connection idle for 60 s unless told otherwise: holding the call past that is the test.
    const idleCutS = 60;
    await sleep(idleCutS * 1000 + 5000 - (Date.now() - talkingSince));
    expect(await talking.count(), 'the call is still up a minute in').toBe(1);
    expect(await heard(), 'the agent is still heard a minute in').toMatchObject({ detected: true });
    await widget.getByTestId('call-end').click();
    await widget.getByTestId('rating-screen').waitFor();

    const agent = proxied.stack.agents.get('support-en')!;
    await expect.poll(async () => (await agent.listCalls()).length).toBe(0);
    const received = (await agent.recordings()).filter((r) => r.direction === 'received');
    const recording = await readWav(received.at(-1)!.path);
    expect(analyseTone(recording, 440).ratio, 'the visitor is heard').toBeGreaterThan(0.8);
    expect(recording.samples.length / recording.sampleRate).toBeGreaterThan(idleCutS);
    await page.close();

    // Everything toward the public name went over TLS: the widget and API on https, the SIP
    // WebSocket on wss under /media/, and the connection test under /media/ too (the API
    // keeps the gateway URL's prefix when it hands out the test URL).
    const ours = requests.filter((r) => new URL(r.url).hostname === publicName);
    expect(ours.every((r) => /^(https|wss):/.test(r.url))).toBe(true);
    expect(ours.filter((r) => r.method === 'WEBSOCKET').map((r) => r.url)).toEqual([
      `wss://${publicName}:${proxied.httpsPort}/media/sip`,
    ]);
    expect(ours.filter((r) => r.method === 'POST').map((r) => new URL(r.url).pathname)).toContain(
      '/media/v1/connection-tests',
    );
    // The minute's hold on top of the journey.
  }, 180_000);

  it('keeps the admin surfaces off the public side, and on the admin server for its allow-list', async () => {
    const refused = [
      ['GET', '/metrics'],
      ['GET', '/supervisor'],
      ['GET', '/supervisor/login'],
      ['GET', '/openapi.json'],
      ['GET', '/healthz'],
      ['GET', '/.well-known/jwks.json'],
      ['GET', '/media/metrics'],
      ['GET', '/media/healthz'],
      ['POST', '/v1/internal/call-events'],
      ['POST', '/v1/./internal/call-events'],
      ['POST', '/v1/%69nternal/call-events'],
    ];
    const answers = await Promise.all(
      refused.map(async ([method, path]) => {
        const answer = await get(url(path!), {
          method: method!,
          headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
          body: method === 'POST' ? '{}' : undefined,
        });
        // nginx's own page, not an answer of the API's (its errors are JSON).
        return `${method} ${path} ${answer.status} ${answer.body.includes('<center>nginx</center>')}`;
      }),
    );
    expect(answers).toEqual(refused.map(([method, path]) => `${method} ${path} 404 true`));

    const admin = (path: string, localAddress?: string) =>
      get(`${proxied.adminOrigin}${path}`, localAddress ? { localAddress } : {});
    const apiMetrics = await admin('/metrics');
    expect(apiMetrics.status).toBe(200);
    expect(apiMetrics.body).toMatch(/^# HELP /m);
    const gatewayMetrics = await admin('/media/metrics');
    expect(gatewayMetrics.status).toBe(200);
    expect(gatewayMetrics.body).toContain('ctc_media_connection_tests_total');
    expect((await admin('/supervisor/login')).status).toBe(200);
    // From an address outside CTC_ADMIN_ALLOW.
    expect((await admin('/metrics', visitors[0])).status).toBe(403);
  });

  it('sends HSTS, redirects plain HTTP to the one public origin, refuses static-RSA TLS', async () => {
    const widgetPage = await get(url('/widget/?site=acme'));
    expect(widgetPage.status).toBe(200);
    expect(widgetPage.headers['strict-transport-security']).toBe('max-age=63072000');
    expect((await get(url('/metrics'))).headers['strict-transport-security']).toBe(
      'max-age=63072000',
    );

    const redirect = await get(`${proxied.httpOrigin}/widget/?site=acme`, {
      headers: { host: 'evil.example' },
    });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(url('/widget/?site=acme'));

    expect(await tlsHandshake(proxied.site, proxied.httpsPort, {})).toMatchObject({
      protocol: 'TLSv1.3',
    });
    expect(
      await tlsHandshake(proxied.site, proxied.httpsPort, {
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
      }),
    ).toEqual({ protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' });
    // Debian's nginx.conf alone would accept it: no forward secrecy.
    expect(
      await tlsHandshake(proxied.site, proxied.httpsPort, {
        maxVersion: 'TLSv1.2',
        ciphers: 'AES128-GCM-SHA256',
      }),
    ).toHaveProperty('error');
  });

  it('gives the supervisor a Secure session cookie through the admin server', async () => {
    const password = randomBytes(18).toString('base64url');
    await proxied.stack.whileApiStopped(async (apiDataDir) => {
      const repo = await openRepository({ dataDir: join(apiDataDir, 'pglite') });
      try {
        await repo.upsertUser({ username: 'sam', passwordHash: await hashPassword(password) });
      } finally {
        await repo.close();
      }
    });
    const form = await get(`${proxied.adminOrigin}/supervisor/login`);
    const csrf = form.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const signIn = await get(`${proxied.adminOrigin}/supervisor/login`, {
      method: 'POST',
      headers: {
        cookie: (form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ username: 'sam', password, _csrf: csrf }).toString(),
    });
    expect(signIn.status).toBe(303);
    const session = signIn.headers['set-cookie']?.find((c) => c.startsWith('ctc_supervisor='));
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(signIn.headers['strict-transport-security']).toBe('max-age=63072000');

    // The same API asked over plain HTTP, not through nginx: no Secure, so the flag above
    // came from nginx saying the visitor used HTTPS.
    const direct = await fetch(`${proxied.apiDirectUrl}/supervisor/login`);
    expect(direct.headers.getSetCookie().join()).not.toMatch(/Secure/);
  });

  it('counts each visitor behind nginx by its own address, forged X-Forwarded-For or not', async () => {
    const sip = url('/media/sip');
    const open = (localAddress: string, forwardedFor?: string) =>
      openVisitorSipSocket(proxied.site, sip, {
        origin: proxied.origin,
        localAddress,
        ...(forwardedFor ? { forwardedFor } : {}),
      });
    const held: VisitorSipSocket[] = [];
    try {
      // 30 visitors at once, each well within its own limit of 3.
      const sockets = await Promise.all(visitors.map((visitor) => open(visitor)));
      held.push(...sockets);
      expect(sockets.map((s) => s.status)).toEqual(visitors.map(() => 101));
      expect(sockets.every((s) => s.isOpen())).toBe(true);

      // One visitor over its limit: refused, whatever it writes in X-Forwarded-For (nginx
      // overwrites it; the gateway would walk past a trusted hop only).
      const greedy = '127.0.0.40';
      const first = await Promise.all([open(greedy), open(greedy), open(greedy)]);
      held.push(...first);
      expect(first.map((s) => s.status)).toEqual([101, 101, 101]);
      for (const forged of ['203.0.113.9', '127.0.0.1', `198.51.100.1, ${greedy}`]) {
        const refused = await open(greedy, forged);
        held.push(refused);
        expect(refused.status, `forged X-Forwarded-For: ${forged}`).toBe(429);
      }
      expect(sockets.every((s) => s.isOpen())).toBe(true);
    } finally {
      for (const socket of held) socket.close();
    }

    // The API's per-address session limit (2 a minute) behind nginx, the same way.
    const startSession = (localAddress: string, forwardedFor?: string) =>
      get(url('/v1/sessions'), {
        method: 'POST',
        localAddress,
        headers: {
          origin: proxied.origin,
          'content-type': 'application/json',
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
        body: JSON.stringify({ siteId: 'acme', captchaResponse: hcaptchaTestKeys.response }),
      }).then((answer) => answer.status);
    expect(await Promise.all(visitors.map((visitor) => startSession(visitor)))).toEqual(
      visitors.map(() => 201),
    );
    const greedy = '127.0.0.41';
    expect([await startSession(greedy), await startSession(greedy)]).toEqual([201, 201]);
    expect(await startSession(greedy, '203.0.113.10')).toBe(429);
    expect(await startSession(greedy, '127.0.0.1')).toBe(429);

    // nginx logged each visitor by its own address.
    const log = readFileSync(proxied.nginx.accessLog, 'utf8');
    for (const visitor of [...visitors, greedy]) expect(log).toContain(`${visitor} - `);
  });
});
