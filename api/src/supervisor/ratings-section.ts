import { html } from 'hono/html';
import type { RatingRow } from '../storage/repository.ts';
import { connectionSummary } from './call-quality-text.ts';
import {
  applyButton,
  erased,
  filterDate,
  filterSelect,
  filtersForm,
  scrollTable,
  timeElement,
} from './page-parts.ts';
import type { ReviewPageData } from './review-page.ts';

const plain = (values: string[]) => values.map((value) => ({ value, label: value }));

const commentOf = (r: RatingRow) => (r.personalDataErasedAt ? erased : r.comment);

function ratingFilters(data: ReviewPageData) {
  const { filter, choices } = data;
  return html`<fieldset data-testid="filters">
    <legend>Filter ratings</legend>
    ${filterDate('from', 'From', filter.from)} ${filterDate('to', 'To', filter.to)}
    ${filterSelect('queue', 'Queue', choices.queues, filter.queue)}
    ${filterSelect('intent', 'Intent', plain(choices.intents), filter.intent)}
    ${filterSelect('language', 'Language', plain(choices.languages), filter.language)}
    <fieldset class="stars">
      <legend>Stars</legend>
      ${[1, 2, 3, 4, 5].map(
        (star) =>
          html`<label
            ><input
              type="checkbox"
              name="stars"
              value="${star}"
              form="${filtersForm}"
              ${filter.stars.includes(star) ? 'checked' : ''}
              data-testid="filter-stars-${star}"
            />${star}</label
          >`,
      )}
    </fieldset>
    ${applyButton('filter-apply')}
    <a href="/supervisor/ratings.csv?${data.query}" data-testid="export-csv" download>Export CSV</a>
  </fieldset>`;
}

export function ratingsSection(data: ReviewPageData) {
  const { zone } = data;
  return html`<section aria-labelledby="ratings-heading">
    <h2 id="ratings-heading">Ratings</h2>
    ${ratingFilters(data)}
    ${scrollTable('ratings', `Ratings (${data.ratings.length})`, {
      head: html`<tr>
        <th scope="col">When</th>
        <th scope="col">Site</th>
        <th scope="col">Queue</th>
        <th scope="col">Intent</th>
        <th scope="col">Language</th>
        <th scope="col">Country</th>
        <th scope="col">Stars</th>
        <th scope="col">Comment</th>
        <th scope="col">Connection test</th>
      </tr>`,
      body: data.ratings.map(
        (r) =>
          html`<tr data-testid="rating-row" id="rating-${r.id}">
            <td>${timeElement(r.createdAt, zone)}</td>
            <td>${r.siteId}</td>
            <td data-testid="rating-queue">${data.queueName(r.siteId, r.queue)}</td>
            <td>${r.intent}</td>
            <td>${r.language}</td>
            <td>${r.country}</td>
            <td data-testid="rating-stars">${r.stars}</td>
            <td data-testid="rating-comment" class="comment">${commentOf(r)}</td>
            <td data-testid="rating-connection">${connectionSummary(r.connectionTest)}</td>
          </tr>`,
      ),
    })}
  </section>`;
}
