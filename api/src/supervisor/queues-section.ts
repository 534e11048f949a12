import { html } from 'hono/html';
import { round, scrollTable } from './page-parts.ts';
import type { ReviewPageData } from './review-page.ts';

export function queuesSection(data: ReviewPageData) {
  return html`<section aria-labelledby="queues-heading">
    <h2 id="queues-heading">Queues</h2>
    ${scrollTable('queue-summary', 'Calls per queue, in the ratings date range', {
      head: html`<tr>
        <th scope="col">Site</th>
        <th scope="col">Queue</th>
        <th scope="col">Calls</th>
        <th scope="col">Answered</th>
        <th scope="col">Abandoned</th>
        <th scope="col">Average rating</th>
        <th scope="col">Average handle time (s)</th>
      </tr>`,
      body: data.summary.map(
        (q) =>
          html`<tr data-testid="queue-row">
            <td>${q.siteId}</td>
            <td>${data.queueName(q.siteId, q.queue)}</td>
            <td>${q.calls}</td>
            <td>${q.answered}</td>
            <td>${q.abandoned}</td>
            <td>${round(q.averageStars, 2)}</td>
            <td>${round(q.averageHandleTimeS, 0)}</td>
          </tr>`,
      ),
    })}
  </section>`;
}
