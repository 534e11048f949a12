import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { CallbackStatusSchema } from '../../../protocol/api/callback-request.ts';
import type { TrustedProxies } from '../../../protocol/client-address/trusted-proxies.ts';
import type { ApiDeps } from '../api-deps.ts';
import {
  ApiError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../errors.ts';
import { formatIssues } from '../format-issues.ts';
import { clientIp } from '../http/client-ip.ts';
import { cookieSecurity } from './cookie-security.ts';
import { callbacksCsv } from './callbacks-csv.ts';
import { callsCsv } from './calls-csv.ts';
import {
  parseReviewQuery,
  toCallbackFilter,
  toCallFilter,
  toRatingFilter,
  zoneOf,
  type ReviewFilter,
} from './filters.ts';
import { loginPage, pageSecurityPolicy } from './layout.ts';
import { decoyHash, verifyPassword } from './password-hash.ts';
import { queueNames } from './queue-names.ts';
import { ratingsCsv } from './ratings-csv.ts';
import { loadReview, withReasons } from './review-data.ts';
import { reviewPage } from './review-page.ts';
import { webhooksRoute } from './webhooks-route.ts';
import {
  csrfToken,
  decodeSession,
  encodeSession,
  loginCsrfCookieName,
  newSession,
  sameText,
  sessionCookieName,
  supervisorSessionS,
  validCsrf,
  type SupervisorSession,
} from './supervisor-session.ts';

export interface SupervisorOptions {
  /** Cookies always `Secure`; off, only on requests that came over HTTPS (cookie-security.ts). */
  secureCookies: boolean;
  /** Whose X-Forwarded-For names the client, for the sign-in attempts per address. */
  trustedProxies: TrustedProxies;
}

const LoginFormSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  _csrf: z.string().min(1).max(128),
});

/** The supervisor review: sign-in, ratings with filters, queue summary, calls, callbacks, CSV. */
export function supervisorRoutes(deps: ApiDeps, options: SupervisorOptions): Hono {
  const secret = () => deps.keys.current().sessionSecret;
  const secureFor = cookieSecurity(options.secureCookies, options.trustedProxies);
  // Every cookie here, set or deleted, with the same attributes.
  const cookieBase = (c: Context) =>
    ({
      path: '/supervisor',
      httpOnly: true,
      secure: secureFor(c),
      sameSite: 'Strict',
    }) as const;
  const sessionOf = (c: Context) =>
    decodeSession(secret(), getCookie(c, sessionCookieName), deps.now().getTime());
  const requireSession = (c: Context): SupervisorSession => {
    const session = sessionOf(c);
    if (!session) throw new ApiError('unauthorized', 401, 'Sign in first');
    return session;
  };
  const requireCsrf = async (c: Context, session: SupervisorSession) => {
    const form = await c.req.parseBody();
    if (!validCsrf(secret(), session, form._csrf))
      throw new ForbiddenError('csrf_failed', 'The form is stale; reload the page');
    return form;
  };
  const filterOf = (query: URLSearchParams): ReviewFilter => {
    const parsed = parseReviewQuery(query);
    if (!parsed.success)
      throw new ValidationError(`Invalid filter: ${formatIssues(parsed.error.issues)}`);
    return parsed.data;
  };
  const queryOf = (c: Context) => new URL(c.req.url).searchParams;
  const nameOf = () => queueNames(deps.sites.all()).nameOf;
  const csvAttachment = (c: Context, filename: string, csv: string) => {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${filename}"`);
    return c.body(csv);
  };
  // Back to the page as the supervisor left it, filters and all: only ever /supervisor, with
  // a query string that parses as the page's own.
  const backTo = (back: unknown) => {
    const query = new URLSearchParams(typeof back === 'string' ? back : '');
    const search = parseReviewQuery(query).success ? query.toString() : '';
    return `/supervisor${search ? `?${search}` : ''}#callbacks`;
  };
  const showLogin = (c: Context, error?: string, status: 200 | 401 | 429 = 200) => {
    const token = randomBytes(16).toString('base64url');
    setCookie(c, loginCsrfCookieName, token, { ...cookieBase(c), maxAge: 1800 });
    return c.html(loginPage(token, error), status);
  };

  return (
    new Hono()
      .use(async (c, next) => {
        await next();
        c.header('Content-Security-Policy', pageSecurityPolicy);
        c.header('X-Content-Type-Options', 'nosniff');
        c.header('Referrer-Policy', 'no-referrer');
        c.header('Cache-Control', 'no-store');
      })
      .get('/login', (c) => showLogin(c))
      .post('/login', async (c) => {
        const form = LoginFormSchema.safeParse(await c.req.parseBody());
        const cookieToken = getCookie(c, loginCsrfCookieName);
        if (!form.success || !cookieToken || !sameText(form.data._csrf, cookieToken)) {
          throw new ForbiddenError('csrf_failed', 'The sign-in form is stale; reload the page');
        }
        const ip = clientIp(c, options.trustedProxies);
        const rate = await deps.repo.takeRates(
          [{ key: `login:${ip}`, perMinute: 10, label: 'sign-in attempts' }],
          deps.now(),
        );
        if (!rate.allowed)
          throw new RateLimitedError('Too many sign-in attempts; wait a minute', rate.retryAfterS);
        const user = await deps.repo.getUser(form.data.username);
        const ok = await verifyPassword(
          form.data.password,
          user?.passwordHash ?? (await decoyHash()),
        );
        if (!user || !ok) {
          deps.logger.info({ event: 'supervisor_login_failed' }, 'supervisor sign-in refused');
          return showLogin(c, 'Wrong user name or password', 401);
        }
        deleteCookie(c, loginCsrfCookieName, cookieBase(c));
        const session = newSession(user.username, deps.now().getTime());
        setCookie(c, sessionCookieName, encodeSession(secret(), session), {
          ...cookieBase(c),
          maxAge: supervisorSessionS,
        });
        return c.redirect('/supervisor', 303);
      })
      .post('/logout', async (c) => {
        await requireCsrf(c, requireSession(c));
        deleteCookie(c, sessionCookieName, cookieBase(c));
        return c.redirect('/supervisor/login', 303);
      })
      .route('/webhooks', webhooksRoute(deps, sessionOf))
      .get('/', async (c) => {
        const session = sessionOf(c);
        if (!session) return c.redirect('/supervisor/login', 303);
        const query = queryOf(c);
        const review = await loadReview(deps, filterOf(query));
        return c.html(
          reviewPage({
            ...review,
            username: session.username,
            csrf: csrfToken(secret(), session),
            searchText: query.get('callbackSearch') ?? '',
            query: query.toString(),
          }),
        );
      })
      .post('/callbacks/:id/status', async (c) => {
        const session = requireSession(c);
        const form = await requireCsrf(c, session);
        const status = CallbackStatusSchema.safeParse(form.status);
        const id = z.uuid().safeParse(c.req.param('id'));
        if (!status.success || !id.success)
          throw new ValidationError('Invalid callback id or status');
        const updated = await deps.repo.setCallbackStatus(
          id.data,
          status.data,
          session.username,
          deps.now(),
        );
        if (!updated) {
          throw new NotFoundError(
            'callback_not_found',
            'No such callback request, or its number was erased after the retention period',
          );
        }
        return c.redirect(backTo(form._back), 303);
      })
      .get('/ratings.csv', async (c) => {
        requireSession(c);
        const filter = filterOf(queryOf(c));
        const zone = zoneOf(filter, deps.sites.all());
        const ratings = await deps.repo.listRatings({
          ...toRatingFilter(filter, zone),
          limit: 5000,
        });
        return csvAttachment(c, 'ratings.csv', ratingsCsv(ratings, nameOf()));
      })
      // Every page of the calls list, filtered as the page is.
      .get('/calls.csv', async (c) => {
        requireSession(c);
        const filter = filterOf(queryOf(c));
        const zone = zoneOf(filter, deps.sites.all());
        const calls = await deps.repo.reviewCalls({ ...toCallFilter(filter, zone), limit: 5000 });
        return csvAttachment(c, 'calls.csv', callsCsv(calls, nameOf()));
      })
      // Phone numbers: signed-in supervisors only, like everything here (docs/data-protection.md).
      .get('/callbacks.csv', async (c) => {
        requireSession(c);
        const filter = filterOf(queryOf(c));
        const zone = zoneOf(filter, deps.sites.all());
        const rows = await deps.repo.reviewCallbacks({
          ...toCallbackFilter(filter, zone),
          limit: 5000,
        });
        const callbacks = withReasons(rows, deps.sites);
        return csvAttachment(c, 'callbacks.csv', callbacksCsv(callbacks, nameOf()));
      })
  );
}
