import { z } from 'zod';
import { ApiError, ForbiddenError, UpstreamError } from '../errors.ts';

export interface CaptchaSettings {
  siteKey: string;
  secret: string;
  verifyUrl: string;
  timeoutMs: number;
}

/** Checks a captcha response; resolves when it passed, throws an ApiError otherwise. */
export type CaptchaVerifier = (
  settings: CaptchaSettings,
  response: string,
  remoteIp: string | undefined,
) => Promise<void>;

// hCaptcha's siteverify answer (https://docs.hcaptcha.com/#verify-the-user-response-server-side).
const SiteverifyResponseSchema = z.object({
  success: z.boolean(),
  challenge_ts: z.string().optional(),
  hostname: z.string().optional(),
  'error-codes': z.array(z.string()).optional(),
});

// Codes that mean our configuration is wrong, not the visitor: an operator has to act.
const configurationCodes = new Set([
  'missing-input-secret',
  'invalid-input-secret',
  'sitekey-secret-mismatch',
  'invalid-sitekey',
]);

/** siteverify over fetch with a timeout, failures mapped to errors a widget can act on. */
export function hcaptchaVerifier(fetchImpl: typeof fetch = fetch): CaptchaVerifier {
  return async (settings, response, remoteIp) => {
    const form = new URLSearchParams({
      secret: settings.secret,
      response,
      sitekey: settings.siteKey,
    });
    if (remoteIp) form.set('remoteip', remoteIp);
    let answer: Response;
    try {
      answer = await fetchImpl(settings.verifyUrl, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new UpstreamError(
        'captcha_unavailable',
        timedOut
          ? `The captcha check did not answer within ${settings.timeoutMs} ms; try again`
          : 'The captcha check could not be reached; try again',
      );
    }
    const parsed = SiteverifyResponseSchema.safeParse(
      answer.ok ? await answer.json().catch(() => undefined) : undefined,
    );
    if (!parsed.success) {
      throw new UpstreamError(
        'captcha_unavailable',
        `The captcha check answered unexpectedly (HTTP ${answer.status}); try again`,
      );
    }
    if (parsed.data.success) return;
    const codes = parsed.data['error-codes'] ?? [];
    if (codes.some((code) => configurationCodes.has(code))) {
      throw new ApiError(
        'captcha_misconfigured',
        503,
        `The site's captcha settings were refused (${codes.join(', ')})`,
      );
    }
    throw new ForbiddenError(
      'captcha_failed',
      `The captcha was not solved or was already used${codes.length ? ` (${codes.join(', ')})` : ''}`,
    );
  };
}
