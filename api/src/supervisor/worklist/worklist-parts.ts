import { html } from 'hono/html';
import type { CallbackStatus } from '../../../../protocol/api/callback-request.ts';
import type { WorkEntry } from '../../storage/sql-worklist-store.ts';
import { timeElement } from '../page-parts.ts';
import { maxNotesLength } from './worklist-routes.ts';

/** The work on an entry, whichever kind it is. */
export interface EntryWork {
  entry: WorkEntry;
  status: CallbackStatus;
  statusBy?: string;
  statusAt?: Date;
  assignee?: string;
  notes?: string;
  /** Past retention the entry no longer changes: no actions. */
  personalDataErasedAt?: Date;
}

/** What the forms need from the page: who is signed in, the CSRF token, where to come back. */
export interface WorklistContext {
  username: string;
  csrf: string;
  query: string;
  zone: string;
}

export const statusText = (status: string) => status.replace('_', ' ');

// Where each status may go next: done is the end; unreachable may be tried again.
const nextStatuses: Record<CallbackStatus, CallbackStatus[]> = {
  new: ['in_progress', 'done', 'unreachable'],
  in_progress: ['done', 'unreachable'],
  done: [],
  unreachable: ['in_progress', 'done'],
};
const statusButtons: Record<CallbackStatus, { label: string; testId: string }> = {
  new: { label: 'Reopen', testId: 'callback-reopen' },
  in_progress: { label: 'Start', testId: 'callback-start' },
  done: { label: 'Mark done', testId: 'callback-done' },
  unreachable: { label: 'Unreachable', testId: 'callback-unreachable' },
};

const actionOf = (work: EntryWork, action: string) =>
  `/supervisor/worklist/${work.entry.kind}/${work.entry.id}/${action}`;

function hiddenFields(context: WorklistContext) {
  return html`<input type="hidden" name="_csrf" value="${context.csrf}" />
    <input type="hidden" name="_back" value="${context.query}" />`;
}

/** The status, and who set it when. */
export function statusCell(work: EntryWork, zone: string) {
  return html`<td>
    <span data-testid="callback-status">${statusText(work.status)}</span>
    ${
      work.statusAt
        ? html`<br /><small
              >${
                work.statusBy
                  ? html`by <span data-testid="callback-by">${work.statusBy}</span>, `
                  : ''
              }${timeElement(work.statusAt, zone)}</small
            >`
        : ''
    }
  </td>`;
}

/** Who took it. */
export function assigneeCell(work: EntryWork) {
  return html`<td data-testid="worklist-assignee">${work.assignee ?? '-'}</td>`;
}

/** The notes, editable in place while the entry still changes. */
export function notesCell(work: EntryWork, context: WorklistContext) {
  if (work.personalDataErasedAt) return html`<td data-testid="worklist-notes">-</td>`;
  const id = `notes-${work.entry.kind}-${work.entry.id}`;
  return html`<td>
    <form method="post" action="${actionOf(work, 'notes')}">
      ${hiddenFields(context)}
      <label for="${id}">Notes</label>
      <textarea
        id="${id}"
        name="notes"
        rows="2"
        maxlength="${maxNotesLength}"
        data-testid="worklist-notes"
      >
${work.notes ?? ''}</textarea>
      <button type="submit" data-testid="worklist-notes-save">Save notes</button>
    </form>
  </td>`;
}

/** Take it (when not already this supervisor's), and the statuses it may go to. */
export function actionsCell(work: EntryWork, context: WorklistContext) {
  if (work.personalDataErasedAt) return html`<td class="actions"></td>`;
  const take =
    work.assignee === context.username || work.status === 'done'
      ? ''
      : html`<form class="inline" method="post" action="${actionOf(work, 'take')}">
          ${hiddenFields(context)}
          <button type="submit" data-testid="worklist-take">Take</button>
        </form>`;
  const statuses = nextStatuses[work.status].map(
    (status) =>
      html`<form class="inline" method="post" action="${actionOf(work, 'status')}">
        ${hiddenFields(context)}
        <input type="hidden" name="status" value="${status}" />
        <button type="submit" data-testid="${statusButtons[status].testId}">
          ${statusButtons[status].label}
        </button>
      </form>`,
  );
  return html`<td class="actions">${take}${statuses}</td>`;
}
