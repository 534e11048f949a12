import type { CallbackWindow } from '../i18n/en.ts';

const hours: Record<Exclude<CallbackWindow, 'asap'>, [number, number]> = {
  morning: [9, 12],
  afternoon: [12, 17],
  evening: [17, 20],
};

/**
 * The visitor's "in the afternoon" as the API's absolute window: the next such period in the
 * visitor's own time zone (today if it has not ended yet, else tomorrow). "As soon as
 * possible" is no window at all.
 */
export function preferredWindow(
  choice: CallbackWindow,
  now: Date,
): { from: string; to: string } | undefined {
  if (choice === 'asap') return undefined;
  const [startHour, endHour] = hours[choice];
  const from = new Date(now);
  from.setHours(startHour, 0, 0, 0);
  const to = new Date(now);
  to.setHours(endHour, 0, 0, 0);
  if (to <= now) {
    from.setDate(from.getDate() + 1);
    to.setDate(to.getDate() + 1);
  }
  // Already inside the period: from now on.
  const start = from < now ? now : from;
  return { from: start.toISOString(), to: to.toISOString() };
}
