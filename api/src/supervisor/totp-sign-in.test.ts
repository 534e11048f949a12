// A local supervisor with an authenticator app: enrolled by the add-supervisor command (which
// prints the otpauth:// URI once), then signed in only with the password and the app's
// current code; each attempt in the audit log. The codes are computed from the URI the
// command printed, as the phone would, by otpauth.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI, type TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiesOf, csrfOf } from '../../../tests/support/api/supervisor-sign-in.ts';
import { fromIp, startTestApi, type TestApi } from '../../../tests/support/api/test-api.ts';
import { openRepository } from '../storage/open-repository.ts';
import { hashPassword } from './password-hash.ts';
import { newTotpEnrolment } from './totp.ts';

const password = 'a long enough password';
let api: TestApi;
let app: TOTP;
beforeAll(async () => {
  api = await startTestApi();
  const enrolment = newTotpEnrolment('tia');
  await api.repo.upsertUser({
    username: 'tia',
    passwordHash: await hashPassword(password),
    totpSecret: enrolment.secret,
  });
  app = URI.parse(enrolment.uri) as TOTP;
}, 60_000);
afterAll(() => api.close());

async function signIn(code: string | undefined, ip: string) {
  const form = await api.app.request('/supervisor/login');
  return api.app.request(
    '/supervisor/login',
    {
      method: 'POST',
      headers: { cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        username: 'tia',
        password,
        _csrf: csrfOf(await form.text()),
        ...(code !== undefined && { code }),
      }),
    },
    fromIp(ip),
  );
}
const errorOf = async (res: Response) => {
  expect(res.status).toBe(401);
  expect(cookiesOf(res)).not.toContain('ctc_supervisor=');
  return (await res.text()).match(/data-testid="login-error">([^<]*)</)?.[1];
};

describe('local sign-in with TOTP', () => {
  it('needs the current code from the authenticator once enrolled', async () => {
    expect(await errorOf(await signIn(undefined, '192.0.2.61'))).toBe(
      'Enter the 6-digit code from your authenticator app',
    );
    // The code of ten minutes ago: what a phone showed long before.
    const stale = app.generate({ timestamp: api.clock.now.getTime() - 600_000 });
    expect(await errorOf(await signIn(stale, '192.0.2.61'))).toBe(
      'Wrong code: enter the 6 digits your authenticator app shows now',
    );
    const code = app.generate({ timestamp: api.clock.now.getTime() });
    const res = await signIn(code, '192.0.2.61');
    expect(res.status).toBe(303);
    const cookie = cookiesOf(res);
    const page = await api.app.request('/supervisor', { headers: { cookie } });
    expect(await page.text()).toContain('data-testid="signed-in-as">tia<');
    // A code counts once (RFC 6238 5.2): seen over a shoulder, it is no use.
    expect(await errorOf(await signIn(code, '192.0.2.62'))).toBe(
      'This code was already used: wait for the next one your authenticator app shows',
    );
    const audit = await api.repo.listAudit({ limit: 4 });
    expect(audit.map((entry) => [entry.actor, entry.outcome, entry.method, entry.detail])).toEqual([
      ['tia', 'failure', 'password', 'totp_reused'],
      ['tia', 'success', 'password+totp', undefined],
      ['tia', 'failure', 'password', 'wrong_totp'],
      ['tia', 'failure', 'password', 'totp_required'],
    ]);
  });

  it('is enrolled by add-supervisor --totp, which prints the URI once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'add-supervisor-'));
    try {
      const stdout = await new Promise<string>((resolve, reject) => {
        const child = execFile(
          process.execPath,
          ['api/src/add-supervisor.ts', 'uma', '--totp'],
          { env: { ...process.env, API_DATA_DIR: dataDir, DATABASE_URL: '' } },
          (error, out) => (error ? reject(error) : resolve(out)),
        );
        child.stdin?.end(`${password}\n`);
      });
      const printed = URI.parse(stdout.trim()) as TOTP;
      expect(printed.label).toBe('uma');
      expect(printed.issuer).toBe('click-to-call');
      const repo = await openRepository({ dataDir: join(dataDir, 'pglite') });
      try {
        expect((await repo.getUser('uma'))?.totpSecret).toBe(printed.secret.base32);
      } finally {
        await repo.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
