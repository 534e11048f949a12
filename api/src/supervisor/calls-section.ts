import { html } from 'hono/html';
import type { CallReviewRow } from '../storage/sql-call-review.ts';
import { connectionSummary, inCallQualitySummary } from './call-quality-text.ts';
import { clockDuration, talkS, waitS } from './call-timing.ts';
import { endReasonText, recordedEndCodes } from './end-reason-text.ts';
import {
  applyButton,
  erased,
  filterDate,
  filterSelect,
  filtersForm,
  ratingHref,
  scrollTable,
  timeElement,
} from './page-parts.ts';
import type { ReviewPageData } from './review-page.ts';

const endChoices = recordedEndCodes.map((value) => ({ value, label: endReasonText(value) }));
const yesNo = (yes: string, no: string) => [
  { value: 'yes', label: yes },
  { value: 'no', label: no },
];

function callFilters(data: ReviewPageData) {
  const { filter } = data;
  const searchText = new URLSearchParams(data.query).get('callSearch') ?? '';
  return html`<fieldset data-testid="call-filters">
    <legend>Filter calls</legend>
    ${filterDate('callFrom', 'From', filter.callFrom)} ${filterDate('callTo', 'To', filter.callTo)}
    ${filterSelect('callQueue', 'Queue', data.choices.queues, filter.callQueue)}
    ${filterSelect('callEnd', 'End reason', endChoices, filter.callEnd)}
    ${filterSelect('callAnswered', 'Answered', yesNo('answered', 'not answered'), filter.callAnswered)}
    ${filterSelect('callRated', 'Rated', yesNo('rated', 'not rated'), filter.callRated)}
    <label
      >Call id or agent
      <input
        type="search"
        name="callSearch"
        value="${searchText}"
        maxlength="64"
        form="${filtersForm}"
        data-testid="filter-callSearch"
    /></label>
    ${applyButton('call-filter-apply')}
    <a href="/supervisor/calls.csv?${data.query}" data-testid="export-calls-csv" download
      >Export CSV</a
    >
  </fieldset>`;
}

/** How the call ended, in words; how far it got while it goes on. */
function endCell(call: CallReviewRow) {
  if (call.endReason) return endReasonText(call.endReason);
  return call.status === 'answered' ? 'In progress (talking)' : 'In progress (waiting)';
}

/** The site's notice the visitor accepted before the call: its version, language and when. */
function consentCell(call: CallReviewRow, zone: string) {
  const consent = call.consent;
  if (!consent) return '-';
  return html`<span title="text SHA-256 ${consent.textSha256}"
      >v${consent.version} (${consent.language})</span
    ><br /><small>${timeElement(new Date(consent.acceptedAt), zone)}</small>`;
}

function agentCell(call: CallReviewRow) {
  if (call.agentName) return call.agentName;
  return call.answeredAt && call.personalDataErasedAt ? erased : '-';
}

const seconds = (value: number | undefined) => (value === undefined ? '-' : clockDuration(value));

/**
 * A request made after this call: shown with the other callback requests, searched by the
 * call's id so it is there whatever the callback filters were.
 */
function callbackLink(call: CallReviewRow, data: ReviewPageData) {
  if (!call.callback) return '-';
  const query = new URLSearchParams(data.query);
  for (const key of ['callbackStatus', 'callbackQueue', 'callbackFrom', 'callbackTo'])
    query.delete(key);
  query.set('callbackSearch', call.id);
  return html`<a
    href="/supervisor?${query}#callback-${call.callback.id}"
    data-testid="call-callback-link"
    >${call.callback.status.replace('_', ' ')}</a
  >`;
}

function ratingLink(call: CallReviewRow, data: ReviewPageData, shown: ReadonlySet<string>) {
  if (!call.rating) return '-';
  return html`<a href="${ratingHref(call.rating, data.zone, shown)}" data-testid="call-rating-link"
    >${call.rating.stars} of 5</a
  >`;
}

/** Newer and older pages, the filters kept. */
function pager(data: ReviewPageData) {
  const { page, hasNext } = data.callsPage;
  const href = (to: number) => {
    const query = new URLSearchParams(data.query);
    if (to === 1) query.delete('callPage');
    else query.set('callPage', String(to));
    return `/supervisor?${query}#calls`;
  };
  return html`<nav aria-label="Pages of calls" data-testid="calls-pager">
    ${page > 1 ? html`<a href="${href(page - 1)}" data-testid="calls-newer">Newer calls</a>` : ''}
    <span data-testid="calls-page">Page ${page}</span>
    ${hasNext ? html`<a href="${href(page + 1)}" data-testid="calls-older">Older calls</a>` : ''}
  </nav>`;
}

export function callsSection(data: ReviewPageData) {
  const { zone } = data;
  const shown = new Set(data.ratings.map((rating) => rating.id));
  return html`<section id="calls" aria-labelledby="calls-heading">
    <h2 id="calls-heading">Calls</h2>
    ${callFilters(data)}
    ${scrollTable('calls', `Calls, newest first (${data.calls.length} on this page)`, {
      head: html`<tr>
        <th scope="col">Made</th>
        <th scope="col">Queue</th>
        <th scope="col">Intent</th>
        <th scope="col">Language</th>
        <th scope="col">Country</th>
        <th scope="col">Wait</th>
        <th scope="col">Talk time</th>
        <th scope="col">End</th>
        <th scope="col">Agent</th>
        <th scope="col">Connection test</th>
        <th scope="col">In-call quality</th>
        <th scope="col">Rating</th>
        <th scope="col">Callback</th>
        <th scope="col">Notice accepted</th>
      </tr>`,
      body: data.calls.map(
        (call) =>
          html`<tr data-testid="call-row" data-call-id="${call.id}">
            <td>
              ${timeElement(call.createdAt, zone)}<br /><small
                >call <code title="${call.id}">${call.id.slice(0, 8)}</code></small
              >
            </td>
            <td data-testid="call-queue">${data.queueName(call.siteId, call.queue)}</td>
            <td>${call.routing.intent}</td>
            <td>${call.routing.language}</td>
            <td>${call.routing.country}</td>
            <td data-testid="call-wait">${seconds(waitS(call))}</td>
            <td data-testid="call-talk">${seconds(talkS(call))}</td>
            <td data-testid="call-end" data-end="${call.endReason ?? ''}">${endCell(call)}</td>
            <td data-testid="call-agent">${agentCell(call)}</td>
            <td data-testid="call-connection">${connectionSummary(call.connectionTest)}</td>
            <td data-testid="call-quality">${inCallQualitySummary(call.quality)}</td>
            <td data-testid="call-rating">${ratingLink(call, data, shown)}</td>
            <td data-testid="call-callback">${callbackLink(call, data)}</td>
            <td data-testid="call-consent">${consentCell(call, zone)}</td>
          </tr>`,
      ),
    })}
    ${pager(data)}
  </section>`;
}
