/**
 * Working-time calendar: office hours, public holidays and make-up working days of an agency, and the
 * arithmetic that turns an allowance ("3 ngày làm việc") into a due time.
 *
 * Pure: no I/O and no dependency outside the standard library. Time zones go through Intl, so nothing
 * here assumes Vietnam's fixed +07:00; a zone with daylight-saving time gives correct answers too.
 *
 * Conventions
 * - Office hours are half-open ranges [from, to): 11:30 is already lunch, 13:30 is already work.
 * - Results are at millisecond resolution (Date's); an allowance that is not a whole number of
 *   milliseconds is rounded up, so the allowance is never cut short.
 * - A due time may be the end of a range (17:00): that is the earliest moment the allowance is spent,
 *   and the question "is the dossier late at 17:00?" must answer no.
 */

export type Allowance = { amount: number; unit: 'workingDay' | 'workingHour' | 'calendarDay' };
export type WorkCalendar = {
  timeZone: string;
  officeHours: Record<1 | 2 | 3 | 4 | 5 | 6 | 7, Array<[string, string]>>;
  holidays: string[];
  workingDays?: string[];
};
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const WEEKDAY_HOURS: Array<[string, string]> = [
  ['07:00', '11:30'],
  ['13:30', '17:00'],
];

/** 07:00–11:30 and 13:30–17:00, Monday to Friday (DOMAIN §7). Frozen: copy it to change it. */
export const DEFAULT_OFFICE_HOURS: WorkCalendar['officeHours'] = deepFreeze({
  1: WEEKDAY_HOURS.map(copyRange),
  2: WEEKDAY_HOURS.map(copyRange),
  3: WEEKDAY_HOURS.map(copyRange),
  4: WEEKDAY_HOURS.map(copyRange),
  5: WEEKDAY_HOURS.map(copyRange),
  6: [],
  7: [],
});

/** A calendar with the default hours in Vietnam's zone; the arrays are copies the caller may edit. */
export function defaultCalendar(
  holidays: readonly string[] = [],
  workingDays: readonly string[] = [],
  timeZone: string = DEFAULT_TIME_ZONE,
): WorkCalendar {
  const officeHours = {} as WorkCalendar['officeHours'];
  for (const d of ISO_WEEKDAYS) officeHours[d] = DEFAULT_OFFICE_HOURS[d].map(copyRange);
  return { timeZone, officeHours, holidays: [...holidays], workingDays: [...workingDays] };
}

/**
 * The earliest moment at which the working time elapsed since `start` equals the allowance.
 *
 * The clock starts at the first working moment at or after `start` (a dossier received at 23:00 counts
 * from 07:00 next working morning). When the allowance runs out exactly at the end of a range, the
 * answer is that end (Monday 07:00 + 1 working day = Monday 17:00), never the next range's start.
 *
 * `calendarDay`: the same clock start, plus `amount` × 24 h; a result outside working time moves to the
 * next working moment, so the due time never lands on a day off.
 *
 * `amount` 0 returns the first working moment at or after `start`.
 */
export function addWorkingTime(start: Date, allowance: Allowance, calendar: WorkCalendar): Date {
  const c = compile(calendar);
  const from = instantOf(start, 'start');
  const { amount, unit } = allowance;
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`allowance amount must be a finite number ≥ 0, got ${amount}`);
  }
  switch (unit) {
    case 'workingHour':
      return new Date(addMs(c, from, wholeMs(amount * HOUR)));
    case 'workingDay':
      if (c.workingDayMs === 0) {
        throw new RangeError('a working day is defined by Monday’s office hours, and Monday has none');
      }
      return new Date(addMs(c, from, wholeMs(amount * c.workingDayMs)));
    case 'calendarDay': {
      const clockStart = addMs(c, from, 0);
      return new Date(addMs(c, clockStart + wholeMs(amount * DAY), 0));
    }
    default: {
      const never: never = unit;
      throw new RangeError(`unknown allowance unit ${String(never)}`);
    }
  }
}

/**
 * Working minutes in [from, to) (fractional when the bounds are not on whole minutes).
 * For `to` < `from` the result is negative: minus the working time in [to, from), so that
 * workingTimeBetween(a, b) + workingTimeBetween(b, c) = workingTimeBetween(a, c) for any a, b, c.
 */
export function workingTimeBetween(from: Date, to: Date, calendar: WorkCalendar): number {
  const c = compile(calendar);
  const a = instantOf(from, 'from');
  const b = instantOf(to, 'to');
  const ms = b >= a ? betweenMs(c, a, b) : -betweenMs(c, b, a);
  return ms === 0 ? 0 : ms / MINUTE; // never -0, which would surprise Object.is and JSON round trips
}

export function isWorkingTime(t: Date, calendar: WorkCalendar): boolean {
  const c = compile(calendar);
  const ms = instantOf(t, 't');
  return dayIntervals(c, localDayOf(c.timeZone, ms)).some(([a, b]) => a <= ms && ms < b);
}

/** The first working moment at or after `t` (where the clock starts for something received at `t`). */
export function nextWorkingMoment(t: Date, calendar: WorkCalendar): Date {
  return new Date(addMs(compile(calendar), instantOf(t, 't'), 0));
}

/**
 * Moves a due time later by exactly the working time in [pausedFrom, pausedTo) — the time the dossier
 * waited for the citizen's supplement. A pause with no working time in it leaves the due time as it is
 * (a due time at 17:00 stays 17:00 rather than becoming the next morning).
 */
export function shiftForPause(due: Date, pausedFrom: Date, pausedTo: Date, calendar: WorkCalendar): Date {
  const c = compile(calendar);
  const d = instantOf(due, 'due');
  const p0 = instantOf(pausedFrom, 'pausedFrom');
  const p1 = instantOf(pausedTo, 'pausedTo');
  if (p1 < p0) throw new RangeError('pausedTo is before pausedFrom');
  const paused = betweenMs(c, p0, p1);
  return new Date(paused === 0 ? d : addMs(c, d, paused));
}

/** The calendar date 'YYYY-MM-DD' of `t` in `timeZone`. */
export function localDateOf(t: Date, timeZone: string): string {
  const wall = wallOf(timeZone, instantOf(t, 't'));
  const d = new Date(Math.floor(wall / DAY) * DAY);
  const y = d.getUTCFullYear();
  const yyyy = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : String(y);
  return `${yyyy}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/**
 * The instant a local date and wall time ('YYYY-MM-DD', 'HH:mm') denote in `timeZone`, or null when
 * the date or time does not exist. Read through the zone's rules, never a fixed offset.
 */
export function instantOfLocal(date: string, time: string, timeZone: string): Date | null {
  const d = DATE_RE.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, day, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (h > 23 || mi > 59) return null;
  const wall = utcMs(y, mo, day, h, mi);
  const back = new Date(wall);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== day) return null;
  return new Date(wallToInstant(timeZone, wall));
}

/**
 * Years that the coming `months` (from the local day of `now`) touch and for which `holidays` holds no
 * date. Every Vietnamese year has public holidays, and Tết moves with the lunar calendar, so a year
 * with none entered has simply not been configured: due times computed across it come out wrong
 * without any error. Callers warn an administrator; they keep computing.
 */
export function yearsWithoutHolidays(holidays: readonly string[], now: Date, timeZone: string, months = 12): number[] {
  if (!Number.isInteger(months) || months < 1) throw new RangeError('months must be a positive whole number');
  const [year, month, day] = localDateOf(now, timeZone).split('-').map(Number);
  // The window's last day is the day before the same date `months` later.
  const end = new Date(Date.UTC(year, month - 1 + months, day) - DAY);
  const configured = new Set(holidays.map((d) => Number(d.slice(0, 4))));
  const missing: number[] = [];
  for (let y = year; y <= end.getUTCFullYear(); y++) if (!configured.has(y)) missing.push(y);
  return missing;
}

// ─── internals ────────────────────────────────────────────────────────────────────────────────────

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK_DAYS = 7;
const ISO_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Local ranges in milliseconds since local midnight, sorted and disjoint. */
type LocalRange = readonly [number, number];

type Compiled = {
  timeZone: string;
  byWeekday: ReadonlyArray<readonly LocalRange[]>; // index 1..7
  monday: readonly LocalRange[];
  workingDayMs: number;
  /** Working ms in a week with no holiday, make-up day or clock change. */
  weekMs: number;
  holidays: ReadonlySet<number>;
  workingDays: ReadonlySet<number>;
  /** Sorted day numbers of holidays and make-up days: weeks containing one cannot be skipped. */
  exceptions: readonly number[];
};

// Compiled per call rather than cached on the object: calendars are edited by administrators and a
// cache keyed on identity would silently serve stale rules. Compiling a year's list costs microseconds.
function compile(calendar: WorkCalendar): Compiled {
  const timeZone = calendar.timeZone;
  formatterFor(timeZone); // an unknown zone fails here, with Intl's own message

  const byWeekday: LocalRange[][] = [[]];
  for (const d of ISO_WEEKDAYS) byWeekday[d] = parseRanges(calendar.officeHours?.[d] ?? [], d);
  const monday = byWeekday[1];
  const workingDayMs = sumRanges(monday);
  let weekMs = 0;
  for (const d of ISO_WEEKDAYS) weekMs += sumRanges(byWeekday[d]);

  // A date listed as both is a data-entry conflict; closing wins so a citizen's due date is never
  // pulled earlier by a make-up day that may have been meant for another year.
  const holidays = new Set((calendar.holidays ?? []).map((s) => parseDay(s, 'holidays')));
  const workingDays = new Set(
    (calendar.workingDays ?? []).map((s) => parseDay(s, 'workingDays')).filter((d) => !holidays.has(d)),
  );
  const exceptions = [...holidays, ...workingDays].sort((x, y) => x - y);

  return { timeZone, byWeekday, monday, workingDayMs, weekMs, holidays, workingDays, exceptions };
}

function localRangesOf(c: Compiled, day: number): readonly LocalRange[] {
  if (c.holidays.has(day)) return NO_RANGES;
  if (c.workingDays.has(day)) return c.monday;
  return c.byWeekday[isoWeekdayOf(day)];
}

const NO_RANGES: readonly LocalRange[] = [];
const NO_INTERVALS: ReadonlyArray<readonly [number, number]> = [];

/** The day's working intervals as absolute instants [start, end). */
function dayIntervals(c: Compiled, day: number): ReadonlyArray<readonly [number, number]> {
  const ranges = localRangesOf(c, day);
  if (ranges.length === 0) return NO_INTERVALS;
  const info = dayInfo(c.timeZone, day);
  const out: Array<readonly [number, number]> = [];
  for (const [from, to] of ranges) {
    const a = info.uniform ? info.start + from : wallToInstant(c.timeZone, day * DAY + from);
    const b = info.uniform ? info.start + to : wallToInstant(c.timeZone, day * DAY + to);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/**
 * Walks forward from `from` until `need` working ms have elapsed. The walk is by day, and by whole
 * week where a week is ordinary, so hundreds of working days cost a few hundred steps at most.
 */
function addMs(c: Compiled, from: number, need: number): number {
  // Make-up days borrow Monday's hours, so with no office hours on any weekday nothing is ever open.
  if (c.weekMs === 0) throw new RangeError('the calendar has no office hours on any day: no due time exists');
  let day = localDayOf(c.timeZone, from);
  let remaining = need;
  for (;;) {
    for (const [a, b] of dayIntervals(c, day)) {
      if (b <= from) continue;
      const s = a > from ? a : from;
      // `<=` makes a range end an answer: the allowance is spent there, not at the next opening.
      if (s + remaining <= b) return s + remaining;
      remaining -= b - s;
    }
    day += 1;
    // Strictly more than a week: if exactly a week were left, the answer is the last range end of that
    // week, which the day walk finds; a skip would land on the following Monday's opening instead.
    while (remaining > c.weekMs && canSkipWeek(c, day)) {
      remaining -= c.weekMs;
      day += WEEK_DAYS;
    }
  }
}

/** Working ms in [from, to), from ≤ to. */
function betweenMs(c: Compiled, from: number, to: number): number {
  const firstDay = localDayOf(c.timeZone, from);
  const lastDay = localDayOf(c.timeZone, to);
  let total = 0;
  let day = firstDay;
  while (day <= lastDay) {
    // Only weeks lying wholly inside (from, to) can be counted without looking at their hours.
    if (day > firstDay && day + WEEK_DAYS <= lastDay && c.weekMs > 0 && canSkipWeek(c, day)) {
      total += c.weekMs;
      day += WEEK_DAYS;
      continue;
    }
    for (const [a, b] of dayIntervals(c, day)) {
      const lo = a > from ? a : from;
      const hi = b < to ? b : to;
      if (hi > lo) total += hi - lo;
    }
    day += 1;
  }
  return total;
}

/**
 * A week can be counted as `weekMs` when no holiday or make-up day falls in it and the zone's offset
 * is the same at both ends (no clock change inside). Two clock changes cancelling out within one week
 * would fool this; no zone does that.
 */
function canSkipWeek(c: Compiled, day: number): boolean {
  if (c.weekMs === 0) return false;
  const i = lowerBound(c.exceptions, day);
  if (i < c.exceptions.length && c.exceptions[i] < day + WEEK_DAYS) return false;
  return dayInfo(c.timeZone, day + WEEK_DAYS).start - dayInfo(c.timeZone, day).start === WEEK_DAYS * DAY;
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ─── time zones ───────────────────────────────────────────────────────────────────────────────────
// "Wall" time = milliseconds since 1970-01-01T00:00 of the local clock, as if it were UTC.
// Day numbers count local calendar days since 1970-01-01 (a Thursday).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset at `instant`, in ms (whole seconds: Intl reports no finer). */
function offsetAt(timeZone: string, instant: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  let y = 0;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': mo = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value); break;
      case 'minute': mi = Number(p.value); break;
      case 'second': s = Number(p.value); break;
      case 'era': bc = p.value.startsWith('B'); break;
    }
  }
  const wall = utcMs(bc ? 1 - y : y, mo, d, h, mi, s);
  return wall - Math.floor(instant / 1000) * 1000;
}

function wallOf(timeZone: string, instant: number): number {
  return instant + offsetAt(timeZone, instant);
}

function localDayOf(timeZone: string, instant: number): number {
  return Math.floor(wallOf(timeZone, instant) / DAY);
}

/**
 * The instant a local wall time denotes. In a fold (clocks set back) the earlier instant; in a gap
 * (clocks set forward) the wall time is read with the offset in force before the gap, which lands as
 * far after the gap's start as the wall time was — the usual "compatible" reading.
 */
function wallToInstant(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - DAY);
  const after = offsetAt(timeZone, wall + DAY);
  const candidates = before === after ? [wall - before] : [wall - before, wall - after].sort((x, y) => x - y);
  for (const t of candidates) if (t + offsetAt(timeZone, t) === wall) return t;
  return wall - before;
}

type DayInfo = { start: number; uniform: boolean };
const dayInfoCache = new Map<string, Map<number, DayInfo>>();
const DAY_INFO_CACHE_LIMIT = 200_000;

/**
 * Where the local day starts, and whether the offset is constant over it (then a local time is the
 * day's start plus the time of day, without asking Intl again). Cached: it depends on nothing but
 * the zone rules.
 */
function dayInfo(timeZone: string, day: number): DayInfo {
  let zone = dayInfoCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    dayInfoCache.set(timeZone, zone);
  }
  let info = zone.get(day);
  if (!info) {
    const start = wallToInstant(timeZone, day * DAY);
    const next = wallToInstant(timeZone, (day + 1) * DAY);
    const uniform = next - start === DAY && offsetAt(timeZone, start) === offsetAt(timeZone, next - 1);
    info = { start, uniform };
    if (zone.size >= DAY_INFO_CACHE_LIMIT) zone.clear();
    zone.set(day, info);
  }
  return info;
}

function isoWeekdayOf(day: number): IsoWeekday {
  return ((((day + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

// ─── parsing and small helpers ────────────────────────────────────────────────────────────────────

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{1,2}):(\d{2})$/;

function parseDay(s: string, field: string): number {
  const m = DATE_RE.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = utcMs(y, mo, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) {
      return ms / DAY;
    }
  }
  throw new RangeError(`${field}: '${s}' is not a date 'YYYY-MM-DD'`);
}

function parseTime(s: string, weekday: number): number {
  const m = TIME_RE.exec(s);
  if (m) {
    const h = Number(m[1]);
    const mi = Number(m[2]);
    if ((h < 24 && mi < 60) || (h === 24 && mi === 0)) return h * HOUR + mi * MINUTE;
  }
  throw new RangeError(`officeHours[${weekday}]: '${s}' is not a time 'HH:MM' between 00:00 and 24:00`);
}

function parseRanges(ranges: ReadonlyArray<readonly [string, string]>, weekday: number): LocalRange[] {
  const out = ranges
    .map(([from, to]): LocalRange => [parseTime(from, weekday), parseTime(to, weekday)])
    .sort((x, y) => x[0] - y[0]);
  for (let i = 0; i < out.length; i++) {
    if (out[i][1] <= out[i][0]) {
      throw new RangeError(`officeHours[${weekday}]: range ${i + 1} ends before it starts`);
    }
    if (i > 0 && out[i][0] < out[i - 1][1]) throw new RangeError(`officeHours[${weekday}]: ranges overlap`);
  }
  return out;
}

function sumRanges(ranges: readonly LocalRange[]): number {
  return ranges.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/**
 * Allowances come as floating-point products (0.1 h × 3 600 000); a value within rounding noise of a
 * whole millisecond is that millisecond, anything else is rounded up so the allowance is not shortened.
 */
function wholeMs(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-6 + Math.abs(x) * 1e-12 ? r : Math.ceil(x);
}

function instantOf(d: Date, name: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid Date`);
  return ms;
}

function copyRange(r: readonly [string, string]): [string, string] {
  return [r[0], r[1]];
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
