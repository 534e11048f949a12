import { Hono, type Context } from 'hono';
import type { ApiDeps } from '../api-deps.ts';
import type { SupervisorSession } from './supervisor-session.ts';
import { webhooksPage } from './webhooks-page.ts';
import { defaultTimeZone } from './zoned-time.ts';

/** Deliveries shown: the newest, enough to see an outage through. */
const shownDeliveries = 200;

/**
 * GET /supervisor/webhooks: the recent webhook deliveries. Every signed-in supervisor sees
 * them for now; when staff roles come (single sign-on), this is the administrators' page.
 */
export function webhooksRoute(
  deps: ApiDeps,
  sessionOf: (c: Context) => SupervisorSession | undefined,
): Hono {
  return new Hono().get('/', async (c) => {
    const session = sessionOf(c);
    if (!session) return c.redirect('/supervisor/login', 303);
    const sites = deps.sites.all();
    const deliveries = await deps.repo.listWebhookDeliveries({ limit: shownDeliveries });
    return c.html(
      webhooksPage({
        username: session.username,
        deliveries,
        sites,
        zone: defaultTimeZone(sites),
      }),
    );
  });
}
