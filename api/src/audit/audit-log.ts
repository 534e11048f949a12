/**
 * The audit log: who signed in (or was refused, and why) and who did what to a callback
 * request. Rows are only ever added; administrators read them at /supervisor/audit.
 */
export interface AuditEntry {
  at: Date;
  /** The user name signed in or tried, or the supervisor who acted. */
  actor: string;
  /** `sign_in`, or the action on a callback: `callback.status`, and what others add. */
  action: string;
  outcome: 'success' | 'failure';
  /** How they signed in (supervisor-access.ts SignInMethod), for sign-ins. */
  method?: string;
  /** What was acted on, e.g. a callback request's id. */
  subject?: string;
  /** The site of the subject, when it has one. */
  siteId?: string;
  /** A short code or value: why a sign-in failed, the status set. */
  detail?: string;
}

export interface AuditRow extends AuditEntry {
  id: number;
}

export interface AuditStore {
  recordAudit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  listAudit(filter: { limit: number }): Promise<AuditRow[]>;
}
