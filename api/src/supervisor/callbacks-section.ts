import { html } from 'hono/html';
import { callbackStatuses } from '../../../protocol/api/callback-request.ts';
import type { CallbackReviewRow } from '../storage/sql-callback-review.ts';
import { reasonText, type CallbackReason } from './callback-reason.ts';
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

/** A callback request as the page lists it: with why it was asked for. */
export interface ReviewedCallback extends CallbackReviewRow {
  reason: CallbackReason;
}

const queueOf = (row: CallbackReviewRow, data: ReviewPageData) =>
  row.queue ? data.queueName(row.siteId, row.queue) : '-';
const statusText = (status: string) => status.replace('_', ' ');

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

function callbackActions(row: CallbackReviewRow, data: ReviewPageData) {
  // An erased request keeps its status: there is no number left to call.
  if (row.personalDataErasedAt) return [];
  const next =
    row.status === 'new' ? ['in_progress', 'done'] : row.status === 'in_progress' ? ['done'] : [];
  return next.map(
    (status) =>
      html`<form class="inline" method="post" action="/supervisor/callbacks/${row.id}/status">
        <input type="hidden" name="_csrf" value="${data.csrf}" />
        <input type="hidden" name="_back" value="${data.query}" />
        <input type="hidden" name="status" value="${status}" />
        <button type="submit" data-testid="callback-${status === 'done' ? 'done' : 'start'}">
          ${status === 'done' ? 'Mark done' : 'Start'}
        </button>
      </form>`,
  );
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

export function callbacksSection(data: ReviewPageData) {
  const { zone } = data;
  const shown = new Set(data.ratings.map((rating) => rating.id));
  return html`<section id="callbacks" aria-labelledby="callbacks-heading">
    <h2 id="callbacks-heading">Callback requests</h2>
    ${callbackFilters(data)}
    ${scrollTable('callbacks', `Callback requests (${data.callbacks.length})`, {
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
        <th scope="col">Actions</th>
      </tr>`,
      body: data.callbacks.map(
        (row) =>
          html`<tr data-testid="callback-row" data-callback-id="${row.id}" id="callback-${row.id}">
            <td>${timeElement(row.createdAt, zone)}</td>
            <td data-testid="callback-phone">${row.phone ? phoneLink(row.phone) : erased}</td>
            <td data-testid="callback-queue">${queueOf(row, data)}</td>
            ${reasonCell(row, data, shown)}
            <td>${row.routing.intent}</td>
            <td>${row.routing.language}</td>
            <td>${row.routing.country}</td>
            <td>
              ${
                row.windowFrom
                  ? html`${timeElement(row.windowFrom, zone)} to ${timeElement(row.windowTo, zone)}`
                  : '-'
              }
            </td>
            <td>
              <span data-testid="callback-status">${statusText(row.status)}</span>
              ${
                row.statusAt
                  ? html`<br /><small
                        >${
                          row.statusBy
                            ? html`by <span data-testid="callback-by">${row.statusBy}</span>, `
                            : ''
                        }${timeElement(row.statusAt, zone)}</small
                      >`
                  : ''
              }
            </td>
            <td class="actions">${callbackActions(row, data)}</td>
          </tr>`,
      ),
    })}
  </section>`;
}
