import { Hono, type Context } from 'hono';
import type { ApiDeps } from '../api-deps.ts';
import { requireAdministrator } from './supervisor-access.ts';
import type { SupervisorSession } from './supervisor-session.ts';
import { webhooksPage } from './webhooks-page.ts';
import { defaultTimeZone } from './zoned-time.ts';

/** Deliveries shown: the newest, enough to see an outage through. */
const shownDeliveries = 200;

/** GET /supervisor/webhooks: the recent webhook deliveries, for administrators. */
export function webhooksRoute(
  deps: ApiDeps,
  sessionOf: (c: Context) => SupervisorSession | undefined,
): Hono {
  return new Hono().get('/', async (c) => {
    const session = sessionOf(c);
    if (!session) return c.redirect('/supervisor/login', 303);
    requireAdministrator(session);
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
