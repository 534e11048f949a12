import { html } from 'hono/html';
import type { SitesFile } from '../../../protocol/api/site-config.ts';
import type { WebhookDeliveryRow, WebhookDeliveryStatus } from '../webhooks/webhook-store.ts';
import { pageUnderReview } from './layout.ts';
import { scrollTable, timeElement } from './page-parts.ts';

export interface WebhooksPageData {
  username: string;
  deliveries: WebhookDeliveryRow[];
  sites: SitesFile['sites'];
  /** The zone times are shown in. */
  zone: string;
}

const statusText: Record<WebhookDeliveryStatus, string> = {
  pending: 'Waiting to retry',
  delivered: 'Delivered',
  failed: 'Given up',
};

/** Where an endpoint sends, as configured now (its host only: a URL may carry a token). */
function endpointHost(sites: SitesFile['sites'], row: WebhookDeliveryRow): string {
  const site = Object.hasOwn(sites, row.siteId) ? sites[row.siteId] : undefined;
  const endpoint = site?.webhooks.find((candidate) => candidate.id === row.endpointId);
  return endpoint ? new URL(endpoint.url).host : 'no longer configured';
}

function deliveryRow(data: WebhooksPageData, row: WebhookDeliveryRow) {
  const lastError =
    row.status === 'delivered'
      ? ''
      : (row.lastError ?? (row.attempts === 0 ? 'not tried yet' : ''));
  return html`<tr data-testid="webhook-delivery" data-status="${row.status}">
    <td>${timeElement(row.createdAt, data.zone)}</td>
    <td>${row.siteId}</td>
    <td>${row.endpointId} <small>(${endpointHost(data.sites, row)})</small></td>
    <td>${row.eventType}</td>
    <td><code>${row.eventId}</code></td>
    <td>${statusText[row.status]}</td>
    <td>${row.attempts}</td>
    <td>${timeElement(row.lastAttemptAt, data.zone)}</td>
    <td>${row.status === 'pending' ? timeElement(row.nextAttemptAt, data.zone) : ''}</td>
    <td>${row.lastStatusCode ?? ''}</td>
    <td>${lastError}</td>
  </tr>`;
}

/**
 * The webhook deliveries, newest first: for administrators to see what reached the contact
 * center's systems, what waits for a retry and why, and what was given up.
 */
export function webhooksPage(data: WebhooksPageData) {
  return pageUnderReview(
    'Webhooks',
    data.username,
    html`<h1>Webhook deliveries</h1>
      <p>
        Each event goes to every endpoint of its site that wants its type, signed, and is retried
        until the endpoint answers 2xx; the webhook id stays the same on every try.
      </p>
      ${
        data.deliveries.length === 0
          ? html`<p data-testid="webhooks-none">No deliveries yet.</p>`
          : scrollTable('webhook-deliveries', 'Recent deliveries', {
              head: html`<tr>
                <th scope="col">Queued</th>
                <th scope="col">Site</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Event</th>
                <th scope="col">Webhook id</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last try</th>
                <th scope="col">Next try</th>
                <th scope="col">Last answer</th>
                <th scope="col">Last error</th>
              </tr>`,
              body: data.deliveries.map((row) => deliveryRow(data, row)),
            })
      }`,
  );
}
