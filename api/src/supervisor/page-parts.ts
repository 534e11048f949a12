import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { dayIn, readableTime } from './zoned-time.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// What stands where personal data was erased past retention (docs/data-protection.md).
export const erased = html`<em title="erased after the retention period">erased</em>`;

/** A figure to `digits` decimals, or "-" when there is none. */
export const round = (value: number | null, digits: number) =>
  value === null ? '-' : value.toFixed(digits);

/** The id of the one GET form every filter control belongs to (their `form` attribute). */
export const filtersForm = 'review-filters';

/** A moment: the UTC instant for machines, the time in the page's zone for people. */
export function timeElement(date: Date | undefined, zone: string) {
  if (!date) return '';
  const utc = date.toISOString();
  return html`<time datetime="${utc}" title="${utc.slice(0, 16).replace('T', ' ')} UTC"
    >${readableTime(date, zone)}</time
  >`;
}

/** A number to call: E.164 for the phone that dials it, the national format to read. */
export function phoneLink(e164: string) {
  const parsed = parsePhoneNumberFromString(e164);
  return html`<a
    href="tel:${parsed?.number ?? e164}"
    title="${parsed?.formatInternational() ?? e164}"
    data-testid="callback-phone-link"
    >${parsed?.formatNational() ?? e164}</a
  >`;
}

/**
 * A table a phone scrolls sideways inside its own box, so the page itself never does; the
 * box is a named region that takes focus, so a keyboard can scroll it too.
 */
export function scrollTable(id: string, caption: string, table: { head: Html; body: Html[] }) {
  return html`<div class="table-scroll" role="region" aria-labelledby="${id}-caption" tabindex="0">
    <table data-testid="${id}">
      <caption id="${id}-caption">
        ${caption}
      </caption>
      <thead>
        ${table.head}
      </thead>
      <tbody>
        ${table.body}
      </tbody>
    </table>
  </div>`;
}

/** A select of the filters form; `all` (empty) first. */
export function filterSelect(
  name: string,
  label: string,
  options: { value: string; label: string }[],
  selected: string | undefined,
) {
  return html`<label
    >${label}
    <select name="${name}" form="${filtersForm}" data-testid="filter-${name}">
      <option value="">all</option>
      ${options.map(
        (option) =>
          html`<option value="${option.value}" ${option.value === selected ? 'selected' : ''}>
            ${option.label}
          </option>`,
      )}
    </select></label
  >`;
}

/** A date input of the filters form. */
export function filterDate(name: string, label: string, value: string | undefined) {
  return html`<label
    >${label}
    <input
      type="date"
      name="${name}"
      value="${value ?? ''}"
      form="${filtersForm}"
      data-testid="filter-${name}"
  /></label>`;
}

/** The button that applies every filter on the page. */
export const applyButton = (testId: string) =>
  html`<button type="submit" form="${filtersForm}" data-testid="${testId}">Apply</button>`;

/**
 * Where a call's rating is: on this page when the ratings table lists it (`shown`), else the
 * ratings of its day, which do.
 */
export function ratingHref(
  rating: { id: string; createdAt: Date },
  zone: string,
  shown: ReadonlySet<string>,
): string {
  const anchor = `#rating-${rating.id}`;
  if (shown.has(rating.id)) return anchor;
  const day = dayIn(rating.createdAt, zone);
  return `/supervisor?${new URLSearchParams({ tz: zone, from: day, to: day })}${anchor}`;
}
