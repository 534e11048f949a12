import { html } from 'hono/html';
import type { AuditRow } from '../audit/audit-log.ts';
import { pageUnderReview } from './layout.ts';
import { scrollTable, timeElement } from './page-parts.ts';

export interface AuditPageData {
  username: string;
  entries: AuditRow[];
  /** The zone times are shown in. */
  zone: string;
}

const outcomeText = { success: 'Done', failure: 'Refused' } as const;

/** The audit log, newest first: sign-ins (and refusals) and actions on callback requests. */
export function auditPage(data: AuditPageData) {
  return pageUnderReview(
    'Audit log',
    data.username,
    html`<h1>Audit log</h1>
      ${
        data.entries.length === 0
          ? html`<p data-testid="audit-none">Nothing recorded yet.</p>`
          : scrollTable('audit-log', 'Recent sign-ins and actions', {
              head: html`<tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">How</th>
                <th scope="col">On</th>
                <th scope="col">Site</th>
                <th scope="col">Detail</th>
              </tr>`,
              body: data.entries.map(
                (row) =>
                  html`<tr
                    data-testid="audit-entry"
                    data-action="${row.action}"
                    data-outcome="${row.outcome}"
                  >
                    <td>${timeElement(row.at, data.zone)}</td>
                    <td data-testid="audit-actor">${row.actor}</td>
                    <td>${row.action}</td>
                    <td>${outcomeText[row.outcome]}</td>
                    <td data-testid="audit-method">${row.method ?? ''}</td>
                    <td><code>${row.subject ?? ''}</code></td>
                    <td>${row.siteId ?? ''}</td>
                    <td data-testid="audit-detail">${row.detail ?? ''}</td>
                  </tr>`,
              ),
            })
      }`,
  );
}
