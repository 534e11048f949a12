import { html } from 'hono/html';
import { callbackStatuses } from '../../../protocol/api/callback-request.ts';
import type { CallbackReviewRow } from '../storage/sql-callback-review.ts';
import type { AbandonedCallRow } from '../storage/sql-worklist-store.ts';
import { clockDuration } from './call-timing.ts';
import { reasonText, type CallbackReason } from './callback-reason.ts';
import { callbackSlotCell } from './callback-slot-cell.ts';
import {
  applyButton,
  erased,
  filterDate,
  filterSelect,
  filtersForm,
  phoneLink,
  ratingHref,
  scrollTable,
  timeElement,
} from './page-parts.ts';
import type { ReviewPageData } from './review-page.ts';
import {
  actionsCell,
  assigneeCell,
  notesCell,
  statusCell,
  statusText,
  type WorklistContext,
} from './worklist/worklist-parts.ts';

/** A callback request as the page lists it: with why it was asked for. */
export interface ReviewedCallback extends CallbackReviewRow {
  reason: CallbackReason;
}

const queueOf = (row: CallbackReviewRow, data: ReviewPageData) =>
  row.queue ? data.queueName(row.siteId, row.queue) : '-';

function callbackFilters(data: ReviewPageData) {
  const { filter } = data;
  const statuses = callbackStatuses.map((value) => ({ value, label: statusText(value) }));
  return html`<fieldset data-testid="callback-filters">
    <legend>Filter callback requests</legend>
    ${filterSelect('callbackStatus', 'Status', statuses, filter.callbackStatus)}
    ${filterSelect('callbackQueue', 'Queue', data.choices.queues, filter.callbackQueue)}
    ${filterDate('callbackFrom', 'From', filter.callbackFrom)}
    ${filterDate('callbackTo', 'To', filter.callbackTo)}
    <label
      >Phone digits or call id
      <input
        type="search"
        name="callbackSearch"
        value="${data.searchText}"
        maxlength="64"
        form="${filtersForm}"
        data-testid="filter-callbackSearch"
    /></label>
    <label
      >Sort
      <select name="callbackSort" form="${filtersForm}" data-testid="filter-callbackSort">
        <option value="newest" ${filter.callbackSort === 'newest' ? 'selected' : ''}>
          newest first
        </option>
        <option value="oldest" ${filter.callbackSort === 'oldest' ? 'selected' : ''}>
          oldest first
        </option>
      </select></label
    >
    ${applyButton('callback-filter-apply')}
    <a href="/supervisor/callbacks.csv?${data.query}" data-testid="export-callbacks-csv" download
      >Export CSV</a
    >
  </fieldset>`;
}

/** The rating a request followed (page-parts.ts says where it is). */
function ratingLink(row: CallbackReviewRow, data: ReviewPageData, shown: ReadonlySet<string>) {
  if (!row.rating) return '';
  const href = ratingHref(row.rating, data.zone, shown);
  return html` <a href="${href}" data-testid="callback-rating-link">See the rating</a>`;
}

function reasonCell(row: ReviewedCallback, data: ReviewPageData, shown: ReadonlySet<string>) {
  const call = row.callId
    ? html`<br /><small>call <code title="${row.callId}">${row.callId.slice(0, 8)}</code></small>`
    : '';
  return html`<td data-testid="callback-reason" data-reason="${row.reason.kind}">
    ${reasonText(row.reason)}${ratingLink(row, data, shown)}${call}
  </td>`;
}

function callbackRow(row: ReviewedCallback, data: ReviewPageData, shown: ReadonlySet<string>) {
  const { zone } = data;
  const work = { ...row, entry: { kind: 'callback', id: row.id } } as const;
  return html`<tr data-testid="callback-row" data-callback-id="${row.id}" id="callback-${row.id}">
    <td>${timeElement(row.createdAt, zone)}</td>
    <td data-testid="callback-phone">${row.phone ? phoneLink(row.phone) : erased}</td>
    <td data-testid="callback-queue">${queueOf(row, data)}</td>
    ${reasonCell(row, data, shown)}
    <td>${row.routing.intent}</td>
    <td>${row.routing.language}</td>
    <td>${row.routing.country}</td>
    ${callbackSlotCell(row.windowFrom, row.windowTo, zone)} ${statusCell(work, zone)}
    ${assigneeCell(work)} ${notesCell(work, context(data))} ${actionsCell(work, context(data))}
  </tr>`;
}

/** A call the visitor left before an answer, with no number left: the queue may call back. */
function abandonedRow(row: AbandonedCallRow, data: ReviewPageData) {
  const { zone } = data;
  const work = { ...row, entry: { kind: 'abandoned', id: row.callId } } as const;
  return html`<tr
    data-testid="abandoned-row"
    data-call-id="${row.callId}"
    id="abandoned-${row.callId}"
  >
    <td>${timeElement(row.endedAt, zone)}</td>
    <td data-testid="callback-phone">no number left</td>
    <td data-testid="callback-queue">${data.queueName(row.siteId, row.queue)}</td>
    <td data-testid="callback-reason" data-reason="abandoned">
      Hung up while waiting, after ${clockDuration(row.waitS)}<br /><small
        >call <code title="${row.callId}">${row.callId.slice(0, 8)}</code></small
      >
    </td>
    <td>${row.routing.intent}</td>
    <td>${row.routing.language}</td>
    <td>${row.routing.country}</td>
    ${callbackSlotCell(undefined, undefined, zone)} ${statusCell(work, zone)} ${assigneeCell(work)}
    ${notesCell(work, context(data))} ${actionsCell(work, context(data))}
  </tr>`;
}

const context = (data: ReviewPageData): WorklistContext => ({
  username: data.username,
  csrf: data.csrf,
  query: data.query,
  zone: data.zone,
});

/** Callback requests and abandoned calls, one list in the order asked for (by when). */
function worklistRows(data: ReviewPageData) {
  const shown = new Set(data.ratings.map((rating) => rating.id));
  const entries = [
    ...data.callbacks.map((row) => ({ at: row.createdAt, html: callbackRow(row, data, shown) })),
    ...data.abandoned.map((row) => ({ at: row.endedAt, html: abandonedRow(row, data) })),
  ];
  const sign = data.filter.callbackSort === 'oldest' ? 1 : -1;
  // Stable: each kind keeps its own order among equal times.
  return entries.sort((a, b) => sign * (a.at.getTime() - b.at.getTime())).map((e) => e.html);
}

export function callbacksSection(data: ReviewPageData) {
  const count = data.callbacks.length + data.abandoned.length;
  return html`<section id="callbacks" aria-labelledby="callbacks-heading">
    <h2 id="callbacks-heading">Worklist: callback requests and abandoned calls</h2>
    ${callbackFilters(data)}
    ${scrollTable('callbacks', `Callback requests and abandoned calls (${count})`, {
      head: html`<tr>
        <th scope="col">Requested</th>
        <th scope="col">Phone</th>
        <th scope="col">Queue</th>
        <th scope="col">Reason</th>
        <th scope="col">Intent</th>
        <th scope="col">Language</th>
        <th scope="col">Country</th>
        <th scope="col">Preferred window</th>
        <th scope="col">Status</th>
        <th scope="col">Taken by</th>
        <th scope="col">Notes</th>
        <th scope="col">Actions</th>
      </tr>`,
      body: worklistRows(data),
    })}
  </section>`;
}
