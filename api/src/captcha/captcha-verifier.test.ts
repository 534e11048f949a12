import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSiteverifyStandIn,
  type SiteverifyStandIn,
} from '../../../infra/rig/siteverify-stand-in.ts';
import { hcaptchaVerifier, type CaptchaSettings } from './captcha-verifier.ts';

const secret = '0x' + 'a'.repeat(40);
const siteKey = 'site-key-1';
let standIn: SiteverifyStandIn;
let settings: CaptchaSettings;
const verify = hcaptchaVerifier();

beforeAll(async () => {
  standIn = await startSiteverifyStandIn({ secret, siteKey });
  // Generous: the stand-in answers at once, but the machine may be busy. The hang test sets
  // its own short bound.
  settings = { siteKey, secret, verifyUrl: standIn.url, timeoutMs: 15_000 };
});
afterAll(() => standIn.close());

describe('hcaptchaVerifier against a siteverify stand-in', () => {
  it('passes a solved captcha once, sending the documented form fields', async () => {
    standIn.mode = 'normal';
    standIn.pass('solved-1');
    await expect(verify(settings, 'solved-1', '203.0.113.7')).resolves.toBeUndefined();
    expect(standIn.requests.at(-1)).toEqual({
      secret,
      response: 'solved-1',
      remoteip: '203.0.113.7',
      sitekey: siteKey,
      contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/),
    });
    await expect(verify(settings, 'solved-1', undefined)).rejects.toMatchObject({
      code: 'captcha_failed',
      status: 403,
      message: expect.stringMatching(/invalid-or-already-seen-response/),
    });
  });

  it('rejects an unsolved captcha', async () => {
    standIn.mode = 'normal';
    await expect(verify(settings, 'made-up', undefined)).rejects.toMatchObject({
      code: 'captcha_failed',
      status: 403,
    });
  });

  it('tells a misconfigured secret apart from a visitor failing', async () => {
    standIn.mode = 'normal';
    await expect(verify({ ...settings, secret: 'wrong' }, 'x', undefined)).rejects.toMatchObject({
      code: 'captcha_misconfigured',
      status: 503,
    });
  });

  it('gives up after the timeout when siteverify hangs', async () => {
    standIn.mode = 'hang';
    const started = Date.now();
    await expect(verify({ ...settings, timeoutMs: 300 }, 'x', undefined)).rejects.toMatchObject({
      code: 'captcha_unavailable',
      status: 503,
      message: expect.stringMatching(/within 300 ms/),
    });
    // Given up long before the 15 s the other tests allow (the stand-in never answers).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports siteverify down, failing or answering garbage as unavailable', async () => {
    for (const mode of ['error500', 'garbage'] as const) {
      standIn.mode = mode;
      await expect(verify(settings, 'x', undefined)).rejects.toMatchObject({
        code: 'captcha_unavailable',
        status: 503,
      });
    }
    await expect(
      verify({ ...settings, verifyUrl: 'http://127.0.0.1:9/siteverify' }, 'x', undefined),
    ).rejects.toMatchObject({ code: 'captcha_unavailable', message: /could not be reached/ });
  });
});
