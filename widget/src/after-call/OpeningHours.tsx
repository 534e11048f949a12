import type { OpeningHours as Hours } from '../../../protocol/api/business-hours.ts';
import type { Messages } from '../i18n/en.ts';
import { openingTimes, visitorTimeZone, weeklyRows, zoneName } from './opening-hours.ts';

export interface OpeningHoursProps {
  hours: Hours;
  messages: Messages['closed'];
  language: string;
}

/**
 * When a closed team opens again, in its zone (named) and the visitor's, and its week: the
 * visitor can come back then instead of leaving a number.
 */
export function OpeningHours({ hours, messages, language }: OpeningHoursProps) {
  const rows = weeklyRows(hours.weekly, language);
  const zone = zoneName(hours.timeZone, language, new Date(hours.nextOpening ?? Date.now()));
  const next =
    hours.nextOpening &&
    openingTimes(hours.nextOpening, hours.timeZone, language, visitorTimeZone());
  if (!next && rows.length === 0) return null;
  return (
    <div class="ctc-hours" data-testid="opening-hours">
      {next && (
        <p data-testid="next-opening">
          {messages.nextOpening(next.there, zone)}
          {next.here && ` ${messages.yourTime(next.here)}`}
        </p>
      )}
      {rows.length > 0 && (
        <>
          <h2>{messages.hours(zone)}</h2>
          <dl data-testid="weekly-hours">
            {rows.map((row) => (
              <div key={row.days}>
                <dt>{row.days}</dt>
                <dd>{row.hours}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}
