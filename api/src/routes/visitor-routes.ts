import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { etag } from 'hono/etag';
import { z } from 'zod';
import { ApiErrorSchema } from '../../../protocol/api/api-error.ts';
import {
  AvailabilityRequestSchema,
  AvailabilitySchema,
} from '../../../protocol/api/availability.ts';
import {
  CreateCallRequestSchema,
  CreateCallResponseSchema,
} from '../../../protocol/api/call-request.ts';
import { SiteIdSchema } from '../../../protocol/api/ids.ts';
import { PublicSiteConfigSchema } from '../../../protocol/api/public-site-config.ts';
import { textColorOn } from '../../../protocol/theme-contrast.ts';
import { CreateSessionRequestSchema, SessionSchema } from '../../../protocol/api/session.ts';
import type { ApiDeps } from '../api-deps.ts';
import { checkAvailability } from '../calls/check-availability.ts';
import { createCall } from '../calls/create-call.ts';
import { NotFoundError } from '../errors.ts';
import { validationHook } from '../http/validation-hook.ts';
import { createSession } from '../sessions/create-session.ts';
import { callingCodes, fallbackPhones } from '../sites/fallback-phones.ts';
import { publicConsentNotice } from '../sites/public-consent-notice.ts';
import type { FactsOf } from './request-facts.ts';
import { sessionAuthorization, sessionHeaderParameter } from './session-header.ts';

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: 'Error', content: { 'application/json': { schema: ApiErrorSchema } } },
    ]),
  );
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const siteConfigRoute = createRoute({
  method: 'get',
  path: '/v1/sites/{siteId}/config',
  request: { params: z.object({ siteId: SiteIdSchema }) },
  responses: { 200: json(PublicSiteConfigSchema, 'What the widget shows'), ...errors(400, 404) },
});
/**
 * The embed loader asks for the site's config on every page view of the customer's site, and
 * the widget again when it opens: browsers keep it this long, then revalidate it with its
 * ETag (a 304 costs no body). A changed sites file reaches every visitor within this time.
 * Public: it holds nothing a visitor should not see, the same for everyone (CORS varies by
 * Origin, which `Vary` says).
 */
export const siteConfigMaxAgeS = 60;

const sessionRoute = createRoute({
  method: 'post',
  path: '/v1/sessions',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: CreateSessionRequestSchema } },
    },
  },
  responses: {
    201: json(SessionSchema, 'Captcha passed: a session'),
    ...errors(400, 403, 404, 413, 415, 429, 503),
  },
});
const availabilityRoute = createRoute({
  method: 'post',
  path: '/v1/availability',
  security: [{ session: [] }],
  parameters: [sessionHeaderParameter],
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: AvailabilityRequestSchema } },
    },
  },
  responses: {
    200: json(AvailabilitySchema, 'An open queue, or a callback offer (kind: callback)'),
    ...errors(400, 401, 403, 413, 415, 422),
  },
});
const callRoute = createRoute({
  method: 'post',
  path: '/v1/calls',
  security: [{ session: [] }],
  parameters: [sessionHeaderParameter],
  request: {
    body: { required: true, content: { 'application/json': { schema: CreateCallRequestSchema } } },
  },
  responses: {
    201: json(CreateCallResponseSchema, 'A call token, or a callback offer (kind: callback)'),
    ...errors(400, 401, 403, 409, 413, 415, 422, 429, 503),
  },
});

/** What the visitor's widget calls before a call: site config, session, call token. */
export function visitorRoutes(deps: ApiDeps, factsOf: FactsOf) {
  const routes = new OpenAPIHono({ defaultHook: validationHook });
  // A browser revalidating its copy gets 304 without the body when nothing changed.
  routes.use(siteConfigRoute.getRoutingPath(), etag());
  return routes
    .openapi(siteConfigRoute, (c) => {
      const { siteId } = c.req.valid('param');
      const site = deps.sites.get(siteId);
      if (!site) throw new NotFoundError('site_not_found', `No site ${siteId}`);
      // Over the API's no-store, for this public answer only (errors stay uncached).
      c.header('Cache-Control', `public, max-age=${siteConfigMaxAgeS}`);
      return c.json(
        {
          siteId,
          name: site.name,
          captchaSiteKey: site.captcha.siteKey,
          captchaScriptUrl: site.captcha.scriptUrl,
          theme: { ...site.theme, textColor: textColorOn(site.theme.primaryColor) },
          languages: site.languages,
          countries: site.countries,
          intents: site.intents,
          fallbackNumbers: site.fallbackNumbers as Record<string, string>,
          fallbackPhones: fallbackPhones(site),
          callingCodes: callingCodes(site),
          // ICE servers come with each grant: TURN credentials are minted per visitor.
          media: { gatewayUrl: site.media.gatewayUrl },
          ...(site.consentNotice ? { consentNotice: publicConsentNotice(site.consentNotice) } : {}),
        },
        200,
      );
    })
    .openapi(sessionRoute, async (c) => {
      const session = await createSession(deps, c.req.valid('json'), factsOf(c));
      return c.json(session, 201);
    })
    .openapi(availabilityRoute, async (c) => {
      const answer = await checkAvailability(
        deps,
        sessionAuthorization(c),
        c.req.valid('json'),
        factsOf(c),
      );
      return c.json(answer, 200);
    })
    .openapi(callRoute, async (c) => {
      const answer = await createCall(
        deps,
        sessionAuthorization(c),
        c.req.valid('json'),
        factsOf(c),
      );
      return c.json(answer, 201);
    });
}
