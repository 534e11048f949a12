import { html } from 'hono/html';
import type { CallbackRequestRow, QueueSummaryRow, RatingRow } from '../storage/repository.ts';
import type { ReviewFilter } from './filters.ts';
import { layout } from './layout.ts';

export interface ReviewPageData {
  username: string;
  csrf: string;
  filter: ReviewFilter;
  /** The filter as a query string, for the CSV link. */
  query: string;
  choices: { queues: string[]; intents: string[]; languages: string[] };
  ratings: RatingRow[];
  summary: QueueSummaryRow[];
  callbacks: CallbackRequestRow[];
}

const stamp = (date: Date | undefined) =>
  date ? date.toISOString().slice(0, 16).replace('T', ' ') : '';
const round = (value: number | null, digits: number) =>
  value === null ? '-' : value.toFixed(digits);

function select(name: string, label: string, options: string[], selected: string | undefined) {
  return html`<label
    >${label}
    <select name="${name}" data-testid="filter-${name}">
      <option value="">all</option>
      ${options.map((option) => html`<option value="${option}" ${option === selected ? 'selected' : ''}>${option}</option>`)}
    </select></label
  >`;
}

// What stands where personal data was erased past retention (docs/data-protection.md).
const erased = html`<em title="erased after the retention period">erased</em>`;

function callbackActions(row: CallbackRequestRow, csrf: string) {
  // An erased request keeps its status: there is no number left to call.
  if (row.personalDataErasedAt) return [];
  const next =
    row.status === 'new' ? ['in_progress', 'done'] : row.status === 'in_progress' ? ['done'] : [];
  return next.map(
    (status) =>
      html`<form class="inline" method="post" action="/supervisor/callbacks/${row.id}/status">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <input type="hidden" name="status" value="${status}" />
        <button type="submit" data-testid="callback-${status === 'done' ? 'done' : 'start'}">
          ${status === 'done' ? 'Mark done' : 'Start'}
        </button>
      </form>`,
  );
}

export function reviewPage(data: ReviewPageData) {
  const { filter } = data;
  return layout(
    'Review',
    html`<header>
        <form class="inline" method="post" action="/supervisor/logout">
          <input type="hidden" name="_csrf" value="${data.csrf}" />
          Signed in as <strong data-testid="signed-in-as">${data.username}</strong>
          <button type="submit" data-testid="logout">Sign out</button>
        </form>
      </header>
      <h1>Ratings</h1>
      <form method="get" action="/supervisor" data-testid="filters">
        <fieldset>
          <label
            >From
            <input type="date" name="from" value="${filter.from ?? ''}" data-testid="filter-from"
          /></label>
          <label
            >To <input type="date" name="to" value="${filter.to ?? ''}" data-testid="filter-to"
          /></label>
          ${select('queue', 'Queue', data.choices.queues, filter.queue)}
          ${select('intent', 'Intent', data.choices.intents, filter.intent)}
          ${select('language', 'Language', data.choices.languages, filter.language)} Stars
          ${[1, 2, 3, 4, 5].map(
            (star) =>
              html`<label
                ><input
                  type="checkbox"
                  name="stars"
                  value="${star}"
                  ${filter.stars.includes(star) ? 'checked' : ''}
                  data-testid="filter-stars-${star}"
                />${star}</label
              >`,
          )}
          <button type="submit" data-testid="filter-apply">Apply</button>
          <a href="/supervisor/ratings.csv?${data.query}" data-testid="export-csv" download
            >Export CSV</a
          >
        </fieldset>
      </form>
      <table data-testid="ratings">
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Site</th>
            <th>Queue</th>
            <th>Intent</th>
            <th>Language</th>
            <th>Country</th>
            <th>Stars</th>
            <th>Comment</th>
            <th>Connection test</th>
          </tr>
        </thead>
        <tbody>
          ${data.ratings.map(
            (r) =>
              html`<tr data-testid="rating-row">
                <td>${stamp(r.createdAt)}</td>
                <td>${r.siteId}</td>
                <td>${r.queue}</td>
                <td>${r.intent}</td>
                <td>${r.language}</td>
                <td>${r.country}</td>
                <td data-testid="rating-stars">${r.stars}</td>
                <td data-testid="rating-comment">${r.personalDataErasedAt ? erased : r.comment}</td>
                <td data-testid="rating-connection">${connectionSummary(r.connectionTest)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>Queues</h2>
      <table data-testid="queue-summary">
        <thead>
          <tr>
            <th>Site</th>
            <th>Queue</th>
            <th>Calls</th>
            <th>Answered</th>
            <th>Abandoned</th>
            <th>Average rating</th>
            <th>Average handle time (s)</th>
          </tr>
        </thead>
        <tbody>
          ${data.summary.map(
            (q) =>
              html`<tr data-testid="queue-row">
                <td>${q.siteId}</td>
                <td>${q.queue}</td>
                <td>${q.calls}</td>
                <td>${q.answered}</td>
                <td>${q.abandoned}</td>
                <td>${round(q.averageStars, 2)}</td>
                <td>${round(q.averageHandleTimeS, 0)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>Callback requests</h2>
      <table data-testid="callbacks">
        <thead>
          <tr>
            <th>Requested (UTC)</th>
            <th>Phone</th>
            <th>Queue</th>
            <th>Intent</th>
            <th>Language</th>
            <th>Preferred window (UTC)</th>
            <th>Status</th>
            <th>By</th>
            <th>At (UTC)</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${data.callbacks.map(
            (row) =>
              html`<tr data-testid="callback-row" data-callback-id="${row.id}">
                <td>${stamp(row.createdAt)}</td>
                <td data-testid="callback-phone">${row.phone ?? erased}</td>
                <td>${row.queue ?? '-'}</td>
                <td>${row.routing.intent}</td>
                <td>${row.routing.language}</td>
                <td>
                  ${row.windowFrom ? `${stamp(row.windowFrom)} - ${stamp(row.windowTo)}` : '-'}
                </td>
                <td data-testid="callback-status">${row.status.replace('_', ' ')}</td>
                <td data-testid="callback-by">${row.statusBy ?? ''}</td>
                <td>${stamp(row.statusAt)}</td>
                <td>${callbackActions(row, data.csrf)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

/** "good: 2 ms RTT, 0.3 ms jitter, 0 % loss, UDP", or "-" when no test ran. */
function connectionSummary(test: RatingRow['connectionTest']): string {
  if (!test) return '-';
  const transport = test.transport ? `, ${test.transport.toUpperCase()}` : '';
  return `${test.verdict}: ${Math.round(test.rttMs)} ms RTT, ${round(test.jitterMs, 1)} ms jitter, ${round(test.lossPct, 1)} % loss${transport}`;
}
