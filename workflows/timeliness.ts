/**
 * On-time rules for dossiers and steps (DOMAIN §7–8; the control sheet Mẫu 06 and the reports).
 *
 * The rule, as Vietnamese one-stop systems count it:
 * - trước hạn ('early'): the result was returned on a calendar day before the due day, in the agency's
 *   time zone. Returning at 08:00 on the due day is not early, however far the due time is;
 * - đúng hạn ('onTime'): returned on the due day, at or before the due time;
 * - trễ hạn ('late'): returned after the due time — by a millisecond is enough, the due time already
 *   includes the whole allowance (a due time of 17:00 means "by closing time");
 * - a dossier not yet returned is 'open' until its due time has passed, then 'late'.
 *
 * Days are compared, not hours, because "early" is what the citizen sees on the appointment slip: a
 * date. Comparing by working time would make a result returned at 16:00 for a 17:00 due time "early",
 * which no report counts that way.
 */
import { DEFAULT_TIME_ZONE, localDateOf, workingTimeBetween, type WorkCalendar } from './calendar';

export type Timeliness = 'early' | 'onTime' | 'late' | 'open';

/**
 * `zone` fixes which calendar day an instant belongs to; pass the agency's WorkCalendar (only its
 * `timeZone` is read). `now` matters only for a dossier not yet returned.
 */
export function classifyTimeliness(
  dueAt: Date,
  returnedAt: Date | null,
  now: Date,
  zone: { timeZone: string } = { timeZone: DEFAULT_TIME_ZONE },
): Timeliness {
  if (returnedAt === null) return isOverdue(dueAt, now) ? 'late' : 'open';
  if (returnedAt.getTime() > dueAt.getTime()) return 'late';
  return localDateOf(returnedAt, zone.timeZone) < localDateOf(dueAt, zone.timeZone) ? 'early' : 'onTime';
}

/** An open dossier (or step) is overdue from the first instant after its due time. */
export function isOverdue(dueAt: Date, now: Date): boolean {
  return now.getTime() > dueAt.getTime();
}

/**
 * Not yet overdue, and at most `thresholdMinutes` of working time left. Counted in working time so a
 * warning on Friday afternoon for a Monday due time fires as it would mid-week, and a dossier whose
 * due time is tomorrow 07:00 is due soon all evening (no working time is left).
 */
export function isDueSoon(dueAt: Date, now: Date, calendar: WorkCalendar, thresholdMinutes: number): boolean {
  if (!Number.isFinite(thresholdMinutes) || thresholdMinutes < 0) {
    throw new RangeError(`thresholdMinutes must be a finite number ≥ 0, got ${thresholdMinutes}`);
  }
  if (isOverdue(dueAt, now)) return false;
  return workingTimeBetween(now, dueAt, calendar) <= thresholdMinutes;
}
