// One sample of a running API's Prometheus metrics, read from outside the process as an
// operator's scraper would: what the API says it did (events stored, requests refused).

/** The value of `sample` (`name{label="value",...}` as /metrics prints it); 0 while absent. */
export async function apiMetric(apiUrl: string, sample: string): Promise<number> {
  const res = await fetch(new URL('/metrics', apiUrl), { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  const escaped = sample.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  return line ? Number(line[1]) : 0;
}

/** How many of a call's events of each type the API stored (`api_call_events_total`). */
export async function callEventsStored(
  apiUrl: string,
  types: readonly string[],
): Promise<Record<string, number>> {
  const counts = await Promise.all(
    types.map((type) => apiMetric(apiUrl, `api_call_events_total{type="${type}"}`)),
  );
  return Object.fromEntries(types.map((type, i) => [type, counts[i]!]));
}
