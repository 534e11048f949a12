import { Hono, type Context } from 'hono';
import type { ApiDeps } from '../api-deps.ts';
import { auditPage } from './audit-page.ts';
import { requireAdministrator } from './supervisor-access.ts';
import type { SupervisorSession } from './supervisor-session.ts';
import { defaultTimeZone } from './zoned-time.ts';

/** Entries shown: the newest, enough for a shift's sign-ins and callbacks. */
const shownEntries = 500;

/** GET /supervisor/audit: the audit log, for administrators. */
export function auditRoute(
  deps: ApiDeps,
  sessionOf: (c: Context) => SupervisorSession | undefined,
): Hono {
  return new Hono().get('/', async (c) => {
    const session = sessionOf(c);
    if (!session) return c.redirect('/supervisor/login', 303);
    requireAdministrator(session);
    const entries = await deps.repo.listAudit({ limit: shownEntries });
    return c.html(
      auditPage({ username: session.username, entries, zone: defaultTimeZone(deps.sites.all()) }),
    );
  });
}
