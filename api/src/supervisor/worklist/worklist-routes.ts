import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CallbackStatusSchema } from '../../../../protocol/api/callback-request.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { ValidationError } from '../../errors.ts';
import { formatIssues } from '../../format-issues.ts';
import type { WorkChange } from '../../storage/sql-worklist-store.ts';
import type { SupervisorSession } from '../supervisor-session.ts';
import { changeWorkEntry } from './change-work-entry.ts';

/** The longest note kept on an entry: a few lines on how the calls back went. */
export const maxNotesLength = 1000;

const EntrySchema = z.strictObject({ kind: z.enum(['callback', 'abandoned']), id: z.uuid() });

/** The form of each action, the action itself from the path. */
const ChangeSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('take') }),
  z.strictObject({ action: z.literal('status'), status: CallbackStatusSchema }),
  z.strictObject({
    action: z.literal('notes'),
    // Line ends as browsers send them (CRLF) count once.
    notes: z
      .string()
      .transform((notes) => notes.replaceAll('\r\n', '\n').trim())
      .pipe(z.string().max(maxNotesLength, `at most ${maxNotesLength} characters`)),
  }),
]) satisfies z.ZodType<WorkChange>;

export interface WorklistRouteHelpers {
  requireSession(c: Context): SupervisorSession;
  /** The form, once its CSRF token checked out. */
  requireCsrf(c: Context, session: SupervisorSession): Promise<Record<string, unknown>>;
  /** Where to go back to: the page as the supervisor left it. */
  backTo(back: unknown): string;
}

/**
 * POST /supervisor/worklist/{callback|abandoned}/:id/{take|status|notes}: a supervisor works
 * an entry of the worklist (change-work-entry.ts), then goes back to the page as they left it.
 */
export function worklistRoutes(deps: ApiDeps, helpers: WorklistRouteHelpers): Hono {
  return new Hono().post('/:kind/:id/:action', async (c) => {
    const session = helpers.requireSession(c);
    const form = await helpers.requireCsrf(c, session);
    const { action, ...path } = c.req.param();
    const entry = EntrySchema.safeParse(path);
    if (!entry.success)
      throw new ValidationError(`Invalid worklist entry: ${formatIssues(entry.error.issues)}`);
    // The form's own fields (`_csrf`, `_back`) aside, the rest is the change.
    const fields = Object.entries(form).filter(([name]) => !name.startsWith('_'));
    const change = ChangeSchema.safeParse({ ...Object.fromEntries(fields), action });
    if (!change.success)
      throw new ValidationError(`Invalid change: ${formatIssues(change.error.issues)}`);
    await changeWorkEntry(deps, session, entry.data, change.data);
    return c.redirect(helpers.backTo(form._back), 303);
  });
}
