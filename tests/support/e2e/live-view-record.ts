// What a supervisor's live view showed over a whole test, not only at its end: installed in
// the browser context before any page script runs, it keeps every `queues` message the page's
// event stream brought (live-view.js), every call row ever put in the page (by the server's
// HTML or by the stream) and how often the stream opened or failed.
import type { BrowserContext, Page } from 'playwright-core';

export interface LiveViewRecord {
  /** The data of every `queues` server-sent event, in order. */
  messages: string[];
  /** Every call row the page ever held, in the order they were put in. */
  rows: { callId: string; phase: string; queue: string }[];
  opened: number;
  failed: number;
}

interface RecordingWindow {
  liveViewRecord?: LiveViewRecord;
}

/** Records every page of `context` from now on (the page script runs after this one). */
export async function recordLiveViews(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const record: LiveViewRecord = { messages: [], rows: [], opened: 0, failed: 0 };
    (window as RecordingWindow).liveViewRecord = record;
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener('queues', (event) => record.messages.push(event.data as string));
        this.addEventListener('open', () => (record.opened += 1));
        this.addEventListener('error', () => (record.failed += 1));
      }
    };
    // From the first parsed element on: the rows the server rendered count as well. A row
    // may be noted twice (itself, and within its table added in the same batch).
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        for (const node of mutation.addedNodes) {
          if (!(node instanceof Element)) continue;
          const rows = node.matches('[data-testid="live-call"]')
            ? [node]
            : [...node.querySelectorAll('[data-testid="live-call"]')];
          for (const row of rows as HTMLElement[]) {
            record.rows.push({
              callId: row.dataset.callId ?? '',
              phase: row.dataset.phase ?? '',
              queue: row.closest<HTMLElement>('[data-queue]')?.dataset.queue ?? '',
            });
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

export async function liveViewRecord(page: Page): Promise<LiveViewRecord> {
  const record = await page.evaluate(() => (window as RecordingWindow).liveViewRecord);
  if (!record) throw new Error('the page was opened before recordLiveViews');
  return record;
}

/** Each call's phases as the page showed them, in order, a repeat counted once. */
export function phasesByCall(record: LiveViewRecord): Map<string, string[]> {
  const phases = new Map<string, string[]>();
  for (const { callId, phase } of record.rows) {
    const seen = phases.get(callId) ?? [];
    if (seen[seen.length - 1] !== phase) seen.push(phase);
    phases.set(callId, seen);
  }
  return phases;
}
