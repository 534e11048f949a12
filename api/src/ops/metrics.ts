import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The API's Prometheus metrics, on their own registry (one per app, so tests stay apart). */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const labels = <T extends string>(names: T[]) => ({ labelNames: names, registers: [registry] });
  return {
    registry,
    requests: new Histogram({
      name: 'api_http_request_duration_seconds',
      help: 'HTTP requests by route and status',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1, 5],
      ...labels(['method', 'route', 'status']),
    }),
    errors: new Counter({
      name: 'api_errors_total',
      help: 'Error responses by code',
      ...labels(['code']),
    }),
    sessions: new Counter({
      name: 'api_sessions_created_total',
      help: 'Sessions after a captcha',
      ...labels(['site']),
    }),
    callTokens: new Counter({
      name: 'api_call_tokens_issued_total',
      help: 'Call tokens issued',
      ...labels(['site']),
    }),
    callbackOffers: new Counter({
      name: 'api_callback_offers_total',
      help: 'Calls answered with a callback offer',
      ...labels(['site', 'reason']),
    }),
    callEvents: new Counter({
      name: 'api_call_events_total',
      help: 'Call events from media',
      ...labels(['type']),
    }),
    callsEndedForGoneGateway: new Counter({
      name: 'api_calls_ended_for_gone_gateway_total',
      help: 'Call records the API ended itself, their gateway process gone (restarted or lost)',
      ...labels(['cause']),
    }),
    ratings: new Counter({
      name: 'api_ratings_total',
      help: 'Ratings stored',
      ...labels(['site', 'stars']),
    }),
    ratingsHeld: new Counter({
      name: 'api_ratings_held_total',
      help: 'Ratings held for a call media had not yet reported answered (stored when it does)',
      ...labels(['site']),
    }),
    callbacks: new Counter({
      name: 'api_callback_requests_total',
      help: 'Callback requests stored',
      ...labels(['site']),
    }),
    personalDataErased: new Counter({
      name: 'api_personal_data_erased_total',
      help: 'Records whose personal data was erased past retention (openCallbacks: not done)',
      ...labels(['record']),
    }),
    webhookAttempts: new Counter({
      name: 'api_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome (delivered, retried, given_up: alert on it)',
      ...labels(['site', 'endpoint', 'outcome']),
    }),
  };
}
export type ApiMetrics = ReturnType<typeof createMetrics>;
