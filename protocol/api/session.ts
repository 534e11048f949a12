import { z } from 'zod';
import { SiteIdSchema } from './ids.ts';

/** POST /v1/sessions: the visitor passed the captcha and asks for a session. */
export const CreateSessionRequestSchema = z
  .strictObject({
    siteId: SiteIdSchema,
    /** The `h-captcha-response` the hCaptcha widget produced. */
    captchaResponse: z.string().min(1).max(8192),
  })
  .meta({ id: 'CreateSessionRequest' });
export type CreateSessionRequest = z.infer<typeof CreateSessionRequestSchema>;

export const SessionSchema = z
  .strictObject({
    /** Bearer token for the visitor's next requests (call token, rating, callback). */
    sessionToken: z.string(),
    /** When the session token stops working (ISO 8601). */
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof SessionSchema>;
