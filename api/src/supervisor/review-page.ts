import { html } from 'hono/html';
import type { QueueSummaryRow, RatingRow } from '../storage/repository.ts';
import type { CallReviewRow } from '../storage/sql-call-review.ts';
import type { AbandonedCallRow } from '../storage/sql-worklist-store.ts';
import { callbacksSection, type ReviewedCallback } from './callbacks-section.ts';
import { callsSection } from './calls-section.ts';
import type { ReviewFilter } from './filters.ts';
import { layout } from './layout.ts';
import { filtersForm } from './page-parts.ts';
import { queuesSection } from './queues-section.ts';
import { ratingsSection } from './ratings-section.ts';

export interface ReviewPageData {
  username: string;
  /** Administrators also get the links to the webhook deliveries and the audit log. */
  administrator: boolean;
  csrf: string;
  filter: ReviewFilter;
  /** The callback search as typed, shown back in its box. */
  searchText: string;
  /** The page's query string: for the CSV link, and to come back to after a status change. */
  query: string;
  /** The IANA zone times are shown in, its offset now ("GMT-6"), and the zones offered. */
  zone: string;
  zoneOffset: string;
  zones: string[];
  choices: {
    queues: { value: string; label: string }[];
    intents: string[];
    languages: string[];
  };
  /** A queue's display name (queue-names.ts). */
  queueName(siteId: string, queue: string): string;
  ratings: RatingRow[];
  summary: QueueSummaryRow[];
  /** One page of the calls list, and where it is. */
  calls: CallReviewRow[];
  callsPage: { page: number; hasNext: boolean };
  callbacks: ReviewedCallback[];
  /** Abandoned calls without a callback request: the worklist's other entries. */
  abandoned: AbandonedCallRow[];
}

/** Which zone times are in, and the choice of another: the form every filter belongs to. */
function timeZoneForm(data: ReviewPageData) {
  return html`<form id="${filtersForm}" method="get" action="/supervisor">
    <p data-testid="time-zone">
      Times are in <strong data-testid="time-zone-name">${data.zone}</strong>
      (${data.zoneOffset} now).
      <label
        >Show times in
        <select name="tz" data-testid="filter-tz">
          ${data.zones.map(
            (zone) =>
              html`<option value="${zone}" ${zone === data.zone ? 'selected' : ''}>
                ${zone}
              </option>`,
          )}
        </select></label
      >
      <button type="submit" data-testid="time-zone-apply">Show</button>
    </p>
  </form>`;
}

export function reviewPage(data: ReviewPageData) {
  return layout(
    'Review',
    html`<header>
        <form class="inline" method="post" action="/supervisor/logout">
          <input type="hidden" name="_csrf" value="${data.csrf}" />
          Signed in as <strong data-testid="signed-in-as">${data.username}</strong>
          <button type="submit" data-testid="logout">Sign out</button>
        </form>
        · <a href="/supervisor/live" data-testid="live-link">Live calls</a>
        ${
          data.administrator
            ? html`·
                <a href="/supervisor/webhooks" data-testid="webhooks-link">Webhook deliveries</a> ·
                <a href="/supervisor/audit" data-testid="audit-link">Audit log</a>`
            : ''
        }
      </header>
      <main>
        <h1>Supervisor review</h1>
        ${timeZoneForm(data)} ${ratingsSection(data)} ${queuesSection(data)} ${callsSection(data)}
        ${callbacksSection(data)}
      </main>`,
  );
}
