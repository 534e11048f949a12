import type { ApiDeps } from '../../api-deps.ts';
import { NotFoundError } from '../../errors.ts';
import type { WorkChange, WorkEntry } from '../../storage/sql-worklist-store.ts';
import { siteScope } from '../supervisor-access.ts';
import type { SupervisorSession } from '../supervisor-session.ts';

/** The supervisor acting: who, how they signed in, and the sites they may see. */
export type WorklistActor = Pick<SupervisorSession, 'username' | 'method' | 'roles' | 'sites'>;

/** What the audit log says was done; never the note itself (it may name people). */
function auditDetail(change: WorkChange): string | undefined {
  switch (change.action) {
    case 'status':
      return change.status;
    case 'take':
      return undefined;
    case 'notes':
      return change.notes === '' ? 'cleared' : `${change.notes.length} characters`;
  }
}

/**
 * A supervisor takes a worklist entry, sets its status or writes its notes; the audit log
 * names who did what. An entry of a site outside the supervisor's scope is, to them, no entry.
 */
export async function changeWorkEntry(
  deps: Pick<ApiDeps, 'repo' | 'now'>,
  actor: WorklistActor,
  entry: WorkEntry,
  change: WorkChange,
): Promise<void> {
  const at = deps.now();
  const siteId = await deps.repo.workEntrySite(entry);
  const changed =
    siteId !== undefined &&
    siteScope(actor).sees(siteId) &&
    (await deps.repo.changeWorkEntry(entry, change, actor.username, at));
  if (!changed) {
    throw new NotFoundError(
      'worklist_entry_not_found',
      'No such callback request or abandoned call, or its data was erased after the retention period',
    );
  }
  const detail = auditDetail(change);
  await deps.repo.recordAudit({
    at,
    actor: actor.username,
    action: `${entry.kind}.${change.action}`,
    outcome: 'success',
    method: actor.method,
    subject: entry.id,
    siteId,
    ...(detail && { detail }),
  });
}
