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
import { liveRoutes } from './live/live-routes.ts';
import { checkPasswordSignIn } from './password-sign-in.ts';
import { queueNames } from './queue-names.ts';
import { ratingsCsv } from './ratings-csv.ts';
import { loadReview, withReasons } from './review-data.ts';
import { reviewPage } from './review-page.ts';
import { webhooksRoute } from './webhooks-route.ts';
import { worklistRoutes } from './worklist/worklist-routes.ts';
import { auditRoute } from './audit-route.ts';
import type { OidcSignIn } from './sso/oidc-sign-in.ts';
import { SignInRefused } from './sso/sign-in-refused.ts';
import { ssoRoutes } from './sso/sso-routes.ts';
import { siteScope, type SignInMethod } from './supervisor-access.ts';
import type { StaffIdentity } from './sso/claim-mapping.ts';
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
  /** Single sign-on through the organisation's OpenID provider; unset: local passwords only. */
  oidc?: OidcSignIn;
}

const LoginFormSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  code: z.string().max(16).optional(),
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
    return c.html(loginPage(token, error, options.oidc !== undefined), status);
  };
  const signedIn = async (c: Context, who: StaffIdentity & { method: SignInMethod }) => {
    await deps.repo.recordAudit({
      at: deps.now(),
      actor: who.username,
      action: 'sign_in',
      outcome: 'success',
      method: who.method,
      ...(who.sites && { detail: `sites: ${who.sites.join(' ')}` }),
    });
    deleteCookie(c, loginCsrfCookieName, cookieBase(c));
    const session = newSession(who, deps.now().getTime());
    setCookie(c, sessionCookieName, encodeSession(secret(), session), {
      ...cookieBase(c),
      maxAge: supervisorSessionS,
    });
  };

  return (
    new Hono()
      .use(async (c, next) => {
        await next();
        // The live view's page allows its own script (live-routes.ts); every other page none.
        if (!c.res.headers.has('Content-Security-Policy'))
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
        let user: Awaited<ReturnType<typeof checkPasswordSignIn>>;
        try {
          user = await checkPasswordSignIn(deps.repo, form.data, deps.now());
        } catch (error) {
          if (!(error instanceof SignInRefused)) throw error;
          deps.logger.info(
            { event: 'supervisor_login_failed', code: error.code },
            'supervisor sign-in refused',
          );
          await deps.repo.recordAudit({
            at: deps.now(),
            actor: form.data.username,
            action: 'sign_in',
            outcome: 'failure',
            method: 'password',
            detail: error.code,
          });
          return showLogin(c, error.message, 401);
        }
        // A small installation's own users: its administrators, of every site.
        await signedIn(c, { ...user, roles: ['supervisor', 'administrator'] });
        return c.redirect('/supervisor', 303);
      })
      .post('/logout', async (c) => {
        await requireCsrf(c, requireSession(c));
        deleteCookie(c, sessionCookieName, cookieBase(c));
        return c.redirect('/supervisor/login', 303);
      })
      .route('/webhooks', webhooksRoute(deps, sessionOf))
      .route('/audit', auditRoute(deps, sessionOf))
      .route('/worklist', worklistRoutes(deps, { requireSession, requireCsrf, backTo }))
      .route(
        '/sso',
        ssoRoutes(deps, {
          oidc: options.oidc,
          cookieBase,
          refused: (c, message) => showLogin(c, message, 401),
          signedIn: (c, identity) => signedIn(c, { ...identity, method: 'oidc' }),
        }),
      )
      .route('/live', liveRoutes(deps, { sessionOf }))
      .get('/', async (c) => {
        const session = sessionOf(c);
        if (!session) return c.redirect('/supervisor/login', 303);
        const query = queryOf(c);
        const review = await loadReview(deps, filterOf(query), siteScope(session));
        return c.html(
          reviewPage({
            ...review,
            username: session.username,
            administrator: session.roles.includes('administrator'),
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
        // Another site's request is, to a supervisor scoped away from it, no request at all.
        const siteId = await deps.repo.callbackSite(id.data);
        const updated =
          siteId !== undefined &&
          siteScope(session).sees(siteId) &&
          (await deps.repo.setCallbackStatus(id.data, status.data, session.username, deps.now()));
        if (!updated) {
          throw new NotFoundError(
            'callback_not_found',
            'No such callback request, or its number was erased after the retention period',
          );
        }
        await deps.repo.recordAudit({
          at: deps.now(),
          actor: session.username,
          action: 'callback.status',
          outcome: 'success',
          method: session.method,
          subject: id.data,
          siteId,
          detail: status.data,
        });
        return c.redirect(backTo(form._back), 303);
      })
      .get('/ratings.csv', async (c) => {
        const { siteIds } = siteScope(requireSession(c));
        const filter = filterOf(queryOf(c));
        const zone = zoneOf(filter, deps.sites.all());
        const ratings = await deps.repo.listRatings({
          ...toRatingFilter(filter, zone),
          siteIds,
          limit: 5000,
        });
        return csvAttachment(c, 'ratings.csv', ratingsCsv(ratings, nameOf()));
      })
      // Every page of the calls list, filtered as the page is.
      .get('/calls.csv', async (c) => {
        const { siteIds } = siteScope(requireSession(c));
        const filter = filterOf(queryOf(c));
        const zone = zoneOf(filter, deps.sites.all());
        const calls = await deps.repo.reviewCalls({
          ...toCallFilter(filter, zone),
          siteIds,
          limit: 5000,
        });
        return csvAttachment(c, 'calls.csv', callsCsv(calls, nameOf()));
      })
      // Phone numbers: signed-in supervisors only, like everything here (docs/data-protection.md).
      .get('/callbacks.csv', async (c) => {
        const { siteIds } = siteScope(requireSession(c));
        const filter = filterOf(queryOf(c));
        const zone = zoneOf(filter, deps.sites.all());
        const rows = await deps.repo.reviewCallbacks({
          ...toCallbackFilter(filter, zone),
          siteIds,
          limit: 5000,
        });
        const callbacks = withReasons(rows, deps.sites);
        return csvAttachment(c, 'callbacks.csv', callbacksCsv(callbacks, nameOf()));
      })
  );
}
