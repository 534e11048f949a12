import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import {
  ConnectionTestOfferSchema,
  connectionTestOfferMaxBytes,
  type ConnectionTestAnswer,
} from '../../../protocol/connection-test-exchange.ts';
import {
  connectionTestMaxLifetimeMs,
  connectionTestProbeChannelId,
} from '../../../protocol/connection-test-timing.ts';
import type { ProbeTokenClaims } from '../../../protocol/probe-token.ts';
import { ProbeTokenError } from '../../../protocol/probe-token-verification.ts';
import type { ConnectionTestEngine } from '../media-engine.ts';

export const connectionTestPath = '/v1/connection-tests';

export interface ConnectionTestRoutesOptions {
  engine: ConnectionTestEngine;
  /** Verifies the API's probe token (single use); throws a ProbeTokenError when refused. */
  verifyToken: (token: string | undefined) => Promise<ProbeTokenClaims>;
  /** Origins whose pages may run a test (the widget's); empty: any origin (tokens still rule). */
  allowedOrigins: readonly string[];
  /** Most tests open at once; beyond it, 503. */
  maxConcurrent: number;
  /** True while the gateway drains: tests are refused (503) before the token is used. */
  draining?: () => boolean;
  logger: Logger;
  metrics?: Registry;
}

type Outcome =
  | 'opened'
  | 'unauthorized'
  | 'forbidden'
  | 'bad_request'
  | 'busy'
  | 'draining'
  | 'error'
  | 'origin_not_allowed';

/**
 * POST /v1/connection-tests: the widget's connection test on the real media path. The browser
 * sends a WebRTC offer with its probe data channel and a probe token from the API; the
 * gateway answers with a transport that echoes every probe (media/src/engine), open for at
 * most `connectionTestMaxLifetimeMs`.
 */
export function connectionTestRoutes(options: ConnectionTestRoutesOptions): Hono {
  const outcomes = options.metrics
    ? new Counter({
        name: 'ctc_media_connection_tests_total',
        help: 'Connection-test requests by outcome',
        labelNames: ['outcome'],
        registers: [options.metrics],
      })
    : undefined;
  let open = 0;
  const originAllowed = (origin: string) =>
    options.allowedOrigins.length === 0 || options.allowedOrigins.includes(origin);
  const refuse = (
    c: Context,
    outcome: Outcome,
    status: 400 | 401 | 403 | 413 | 415 | 503,
    code: string,
    message: string,
  ) => {
    outcomes?.inc({ outcome });
    options.logger.info({ code }, 'connection test refused');
    // RFC 6750 section 3: no error code when no token was presented at all.
    if (status === 401)
      c.header(
        'WWW-Authenticate',
        code === 'token_missing' ? 'Bearer' : 'Bearer error="invalid_token"',
      );
    if (status === 503) c.header('Retry-After', '2');
    return c.json({ code, message }, status);
  };

  return new Hono()
    .use(
      connectionTestPath,
      cors({
        // No cookies ride along (the token is in a header): any allowed origin may read.
        origin: (origin) => (originAllowed(origin) ? origin : null),
        allowMethods: ['POST'],
        allowHeaders: ['Authorization', 'Content-Type'],
        maxAge: 600,
      }),
    )
    .post(
      connectionTestPath,
      bodyLimit({
        maxSize: connectionTestOfferMaxBytes + 1024,
        onError: (c) =>
          refuse(c, 'bad_request', 413, 'payload_too_large', 'The offer is too large'),
      }),
      async (c) => {
        c.header('Cache-Control', 'no-store');
        // CORS only stops a page from reading the answer; the transport must not open at all.
        const origin = c.req.header('origin');
        if (origin !== undefined && !originAllowed(origin)) {
          return refuse(c, 'origin_not_allowed', 403, 'origin_not_allowed', 'Origin not allowed');
        }
        if (options.draining?.()) {
          return refuse(c, 'draining', 503, 'draining', 'This gateway is shutting down; retry');
        }
        const token = c.req.header('authorization')?.match(/^Bearer ([A-Za-z0-9._~+/=-]+)$/)?.[1];
        if (!token) {
          return refuse(c, 'unauthorized', 401, 'token_missing', 'A probe token is required');
        }
        if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
          return refuse(c, 'bad_request', 415, 'unsupported_media_type', 'The body must be JSON');
        }
        // The body is checked before the token, so a malformed request does not use it up.
        const body = ConnectionTestOfferSchema.safeParse(await c.req.json().catch(() => null));
        if (!body.success) {
          return refuse(c, 'bad_request', 400, 'invalid_request', 'The body must be { sdp }');
        }
        try {
          await options.verifyToken(token);
        } catch (error) {
          if (!(error instanceof ProbeTokenError)) throw error;
          return error.forbidden
            ? refuse(c, 'forbidden', 403, error.code, error.message)
            : refuse(c, 'unauthorized', 401, error.code, error.message);
        }
        if (open >= options.maxConcurrent) {
          return refuse(c, 'busy', 503, 'busy', 'Too many connection tests; retry shortly');
        }
        open += 1;
        const started = Date.now();
        const finished = (reason: string) => {
          open -= 1;
          options.logger.debug({ reason, ms: Date.now() - started }, 'connection test ended');
        };
        try {
          const echo = await options.engine.openConnectionTest({
            browserOfferSdp: body.data.sdp,
            probeChannelId: connectionTestProbeChannelId,
            maxLifetimeMs: connectionTestMaxLifetimeMs,
            onEnded: finished,
          });
          outcomes?.inc({ outcome: 'opened' });
          const answer: ConnectionTestAnswer = {
            sdp: echo.answerSdp,
            echoChannelId: echo.echoChannelId,
          };
          return c.json(answer, 201);
        } catch (error) {
          open -= 1;
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'string' && code.startsWith('sdp_')) {
            return refuse(c, 'bad_request', 400, code, (error as Error).message);
          }
          outcomes?.inc({ outcome: 'error' });
          options.logger.error({ err: error }, 'connection test could not open');
          return c.json({ code: 'media_error', message: 'The test could not start' }, 500);
        }
      },
    );
}
