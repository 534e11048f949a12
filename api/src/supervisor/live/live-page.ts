import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { layout } from '../layout.ts';
import type { BoardCall } from './live-call-board.ts';
import { waitingCalls, type LiveQueue } from './live-queues.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// Read out by screen readers, not shown.
const visuallyHidden =
  'position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap';

/** The one script the page runs (live-view.js): it is served from here, nothing inline. */
const liveViewScriptPath = '/supervisor/live/view.js';

const phaseText: Record<BoardCall['phase'], string> = {
  connecting: 'Connecting',
  ringing: 'Ringing',
  talking: 'Talking',
};

/** Minutes and seconds since `since`, as the script counts them on (live-view.js). */
function elapsedText(since: string, now: Date): string {
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// The script counts every [data-since] on each second from the server's clock.
const elapsed = (since: string, now: Date) =>
  html`<span data-since="${since}">${elapsedText(since, now)}</span>`;

/** What the live region reads out when a queue's counts change (never the ticking times). */
function queueSummary(queue: LiveQueue): string {
  const waiting = waitingCalls(queue).length;
  return `${queue.displayName}: ${waiting} waiting, ${queue.calls.length - waiting} talking`;
}

function callRow(call: BoardCall, now: Date) {
  return html`<tr data-testid="live-call" data-call-id="${call.callId}" data-phase="${call.phase}">
    <td>${phaseText[call.phase]}</td>
    <td>${elapsed(call.phaseSince, now)}</td>
    <td>${call.intent}</td>
    <td>${call.language}</td>
    <td>${call.country}</td>
    <td>${call.connectionTest ?? 'none'}</td>
  </tr>`;
}

/** One queue's section: the page renders these, and each live message carries new ones. */
export function queueSection(queue: LiveQueue, now: Date): Html {
  const id = `queue-${queue.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const waiting = waitingCalls(queue);
  const oldest = waiting[0];
  return html`<section
    class="live-queue"
    aria-labelledby="${id}-name"
    data-testid="live-queue"
    data-queue="${queue.key}"
    data-summary="${queueSummary(queue)}"
  >
    <h2 id="${id}-name">${queue.displayName}</h2>
    <p data-testid="live-queue-counts">
      <span data-testid="live-waiting">${waiting.length}</span> waiting ·
      <span data-testid="live-talking">${queue.calls.length - waiting.length}</span> talking
      ${oldest ? html`· oldest wait ${elapsed(oldest.waitingSince, now)}` : ''}
    </p>
    ${
      queue.calls.length === 0
        ? ''
        : html`<div class="table-scroll" role="region" aria-labelledby="${id}-caption" tabindex="0">
            <table>
              <caption id="${id}-caption">
                Calls in ${queue.displayName}, oldest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">For (m:s)</th>
                  <th scope="col">Intent</th>
                  <th scope="col">Language</th>
                  <th scope="col">Country</th>
                  <th scope="col">Connection test</th>
                </tr>
              </thead>
              <tbody>
                ${queue.calls.map((call) => callRow(call, now))}
              </tbody>
            </table>
          </div>`
    }
  </section>`;
}

export interface LivePageData {
  username: string;
  queues: LiveQueue[];
  now: Date;
}

/** GET /supervisor/live: the state at load, kept current by the script where it runs. */
export function livePage(data: LivePageData): Html {
  return layout(
    'Live calls',
    html`<header>
        Signed in as <strong data-testid="signed-in-as">${data.username}</strong> ·
        <a href="/supervisor">Review</a>
      </header>
      <main data-server-time="${data.now.toISOString()}">
        <h1>Live calls</h1>
        <p data-testid="live-connection">
          Shown as of the page's load; <a href="/supervisor/live">reload</a> for news.
        </p>
        <p
          style="${visuallyHidden}"
          role="status"
          aria-live="polite"
          data-testid="live-announcer"
        ></p>
        <div data-testid="live-queues">
          ${data.queues.map((queue) => queueSection(queue, data.now))}
        </div>
      </main>
      <script src="${liveViewScriptPath}" defer></script>`,
  );
}
