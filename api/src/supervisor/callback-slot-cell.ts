import { html } from 'hono/html';
import { timeElement } from './page-parts.ts';
import { dayIn, zoneOffset } from './zoned-time.ts';

/**
 * The slot a visitor chose for their callback, in the supervisor's zone and naming it
 * ("8 Dec 2026, 14:00 to 14:30, America/Chicago (GMT-6)"): a list read across zones must
 * never leave "14:00" to be guessed at. The end's day is said only when it differs.
 */
export function callbackSlotCell(from: Date | undefined, to: Date | undefined, zone: string) {
  if (!from || !to) return html`<td data-testid="callback-slot">-</td>`;
  const sameDay = dayIn(from, zone) === dayIn(to, zone);
  const end = sameDay
    ? html`<time datetime="${to.toISOString()}">${hourMinute(to, zone)}</time>`
    : timeElement(to, zone);
  return html`<td data-testid="callback-slot" data-from="${from.toISOString()}">
    ${timeElement(from, zone)} to ${end},
    <span data-testid="callback-slot-zone">${zone} (${zoneOffset(zone, from)})</span>
  </td>`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function hourMinute(date: Date, zone: string): string {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  return format.format(date);
}
