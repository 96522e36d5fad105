import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingTime,
  DEFAULT_OFFICE_HOURS,
  defaultCalendar,
  instantOfLocal,
  isWorkingTime,
  localDateOf,
  nextWorkingMoment,
  shiftForPause,
  workingTimeBetween,
  yearsWithoutHolidays,
  type Allowance,
  type WorkCalendar,
} from './calendar';
import { calendarDaysFrom, VN_HOLIDAYS } from './holidays-vn';

// FC_RUNS=5000 for a deeper search than the default 100 runs per property.
fc.configureGlobal({ numRuns: Number(process.env.FC_RUNS ?? 100) });

// ─── helpers ──────────────────────────────────────────────────────────────────────────────────────

const HCM = 'Asia/Ho_Chi_Minh';
const { holidays: VN_HOLIDAY_DATES, workingDays: VN_MAKE_UP_DATES } = calendarDaysFrom();
const VN: WorkCalendar = defaultCalendar(VN_HOLIDAY_DATES, VN_MAKE_UP_DATES);
const PLAIN: WorkCalendar = defaultCalendar();

/** The zone's offset at a UTC instant, as '+07:00', read from Intl so no offset is assumed. */
function offsetString(zone: string, instant: number): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName')!.value; // 'GMT+07:00' or 'GMT'
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

/** 'YYYY-MM-DD HH:MM[:SS]' on the wall clock of `zone` → Date. */
function at(local: string, zone = HCM): Date {
  const iso = local.replace(' ', 'T') + (local.length === 16 ? ':00' : '');
  let d = new Date(iso + offsetString(zone, Date.parse(iso + 'Z')));
  d = new Date(iso + offsetString(zone, d.getTime())); // second pass settles days with a clock change
  return d;
}

const localFmt = new Map<string, Intl.DateTimeFormat>();
/** Date → 'YYYY-MM-DD HH:MM' (':SS.mmm' appended when not on a whole minute) on the zone's wall clock. */
function local(d: Date, zone = HCM): string {
  let f = localFmt.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    localFmt.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  const base = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  const ms = d.getUTCMilliseconds();
  return p.second === '00' && ms === 0 ? base : `${base}:${p.second}.${String(ms).padStart(3, '0')}`;
}

const add = (start: string, amount: number, unit: Allowance['unit'], cal = VN) =>
  local(addWorkingTime(at(start), { amount, unit }, cal));

// ─── an independent oracle: count minutes on the wall clock ───────────────────────────────────────
// Asia/Ho_Chi_Minh has one offset in the years tested, so wall minutes advance with real minutes;
// the oracle never asks about instants and shares no code with the implementation.

const HOLIDAY_SET = new Set(VN_HOLIDAY_DATES);
const MAKE_UP_SET = new Set(VN_MAKE_UP_DATES);
const MONDAY_MINUTES: Array<[number, number]> = [[7 * 60, 11 * 60 + 30], [13 * 60 + 30, 17 * 60]];

function dayKey(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
function isoWeekday(day: number): number {
  return new Date(day * 86_400_000).getUTCDay() || 7;
}
function openMinute(wallMinute: number): boolean {
  const day = Math.floor(wallMinute / 1440);
  const key = dayKey(day);
  if (HOLIDAY_SET.has(key)) return false;
  if (!MAKE_UP_SET.has(key) && isoWeekday(day) > 5) return false;
  const m = wallMinute - day * 1440;
  return MONDAY_MINUTES.some(([a, b]) => a <= m && m < b);
}
function wallMinuteOf(d: Date): number {
  const s = local(d);
  const [date, time] = s.split(' ');
  return Date.parse(date + 'T00:00:00Z') / 60_000 + Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}
function wallString(wallMinute: number): string {
  return new Date(wallMinute * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}
/** Earliest wall minute by which k working minutes have elapsed from `start` (whole-minute start). */
function oracleAdd(start: number, k: number): number {
  let m = start;
  if (k === 0) {
    while (!openMinute(m)) m++;
    return m;
  }
  let counted = 0;
  for (;;) {
    if (openMinute(m) && ++counted === k) return m + 1;
    m++;
  }
}

// ─── arbitraries ──────────────────────────────────────────────────────────────────────────────────

const T0 = Date.parse('2024-01-01T00:00:00Z');
const T1 = Date.parse('2027-06-30T00:00:00Z');

/** Any instant, whole minutes, or one of the awkward wall times (range edges, midnight, late night). */
const instantArb: fc.Arbitrary<Date> = fc.oneof(
  fc.integer({ min: T0, max: T1 }).map((ms) => new Date(ms)),
  fc.integer({ min: T0 / 60_000, max: T1 / 60_000 }).map((m) => new Date(m * 60_000)),
  fc
    .tuple(
      fc.integer({ min: 0, max: (T1 - T0) / 86_400_000 }),
      fc.constantFrom('00:00', '06:59', '07:00', '11:29', '11:30', '12:00', '13:30', '16:59', '17:00', '23:00'),
    )
    .map(([d, hm]) => at(`${dayKey(T0 / 86_400_000 + d)} ${hm}`)),
);

/** Working allowances as a whole number of minutes, in either working unit. */
const workingMinutesArb = fc.oneof(
  fc.integer({ min: 0, max: 80 * 60 }),
  fc.integer({ min: 0, max: 480 * 60 }),
  fc.integer({ min: 0, max: 300 }).map((days) => days * 480),
);
function asAllowance(minutes: number, inDays: boolean): Allowance {
  return inDays ? { amount: minutes / 480, unit: 'workingDay' } : { amount: minutes / 60, unit: 'workingHour' };
}

/** Is `d` on a working day of VN, at or inside an office range with its end included? */
function isValidDueTime(d: Date): boolean {
  const [date, time] = local(d).split(' ');
  const day = Date.parse(date + 'T00:00:00Z') / 86_400_000;
  if (HOLIDAY_SET.has(date)) return false;
  if (!MAKE_UP_SET.has(date) && isoWeekday(day) > 5) return false;
  const [h, mi, rest] = time.split(':');
  const minute = Number(h) * 60 + Number(mi) + (rest ? Number(rest) / 60 : 0);
  return MONDAY_MINUTES.some(([a, b]) => a <= minute && minute <= b);
}

// ─── table tests ──────────────────────────────────────────────────────────────────────────────────

describe('addWorkingTime — awkward cases', () => {
  it('a whole day from Monday 07:00 ends Monday 17:00, not Tuesday 07:00', () => {
    expect(add('2025-03-03 07:00', 1, 'workingDay')).toBe('2025-03-03 17:00');
    expect(add('2025-03-03 07:00', 4.5, 'workingHour')).toBe('2025-03-03 11:30');
  });

  it('Friday 16:30 + 1 working day → Monday 16:30', () => {
    expect(add('2025-03-07 16:30', 1, 'workingDay')).toBe('2025-03-10 16:30');
  });

  it('the lunch break does not count', () => {
    expect(add('2025-03-04 11:00', 1, 'workingHour')).toBe('2025-03-04 14:00');
    expect(add('2025-03-04 12:00', 0, 'workingHour')).toBe('2025-03-04 13:30');
    expect(add('2025-03-04 12:00', 1, 'workingHour')).toBe('2025-03-04 14:30');
    expect(add('2025-03-04 11:00', 1.5, 'workingHour')).toBe('2025-03-04 14:30');
  });

  it('a submission at 23:00 starts next morning at 07:00', () => {
    expect(add('2025-03-04 23:00', 0, 'workingHour')).toBe('2025-03-05 07:00');
    expect(add('2025-03-04 23:00', 1, 'workingHour')).toBe('2025-03-05 08:00');
    expect(add('2025-03-04 23:00', 1, 'workingDay')).toBe('2025-03-05 17:00');
    expect(add('2025-03-05 06:00', 1, 'workingDay')).toBe('2025-03-05 17:00');
  });

  it('amount 0 is the first working moment at or after the start', () => {
    expect(add('2025-03-04 09:15', 0, 'workingDay')).toBe('2025-03-04 09:15');
    expect(add('2025-03-04 17:00', 0, 'workingDay')).toBe('2025-03-05 07:00');
    expect(add('2025-03-07 17:00', 0, 'workingDay')).toBe('2025-03-10 07:00');
    expect(add('2025-03-04 11:30', 0, 'workingHour')).toBe('2025-03-04 13:30');
  });

  it('fractional amounts', () => {
    expect(add('2025-03-03 07:00', 0.5, 'workingDay')).toBe('2025-03-03 11:00');
    expect(add('2025-03-03 07:00', 1 / 480, 'workingDay')).toBe('2025-03-03 07:01');
    expect(add('2025-03-03 07:00', 0.1, 'workingHour')).toBe('2025-03-03 07:06');
    expect(add('2025-03-03 07:00', 1 / 3_600_000, 'workingHour')).toBe('2025-03-03 07:00:00.001');
    // below a millisecond rounds up: the allowance is never cut short
    expect(add('2025-03-03 07:00', 1 / 7_200_000, 'workingHour')).toBe('2025-03-03 07:00:00.001');
  });

  it('a holiday on a weekday is closed (Giỗ Tổ, Monday 2025-04-07)', () => {
    expect(isWorkingTime(at('2025-04-07 09:00'), VN)).toBe(false);
    expect(add('2025-04-04 16:00', 1, 'workingDay')).toBe('2025-04-08 16:00');
    // the same start on a calendar without holidays
    expect(add('2025-04-04 16:00', 1, 'workingDay', PLAIN)).toBe('2025-04-07 16:00');
    // Quốc khánh 2025: Monday 1/9 and Tuesday 2/9
    expect(add('2025-08-29 15:00', 3, 'workingHour')).toBe('2025-09-03 08:00');
  });

  it('the eve of Tết 2025 skips the whole break (25/1–2/2)', () => {
    expect(add('2025-01-24 16:00', 1, 'workingDay')).toBe('2025-02-03 16:00');
    expect(add('2025-01-24 17:00', 0, 'workingDay')).toBe('2025-02-03 07:00');
    expect(workingTimeBetween(at('2025-01-24 17:00'), at('2025-02-03 07:00'), VN)).toBe(0);
  });

  it('the eve of Tết 2026 skips the whole break (14/2–22/2)', () => {
    expect(add('2026-02-13 10:00', 2, 'workingDay')).toBe('2026-02-24 10:00');
    expect(add('2026-02-13 16:59', 1, 'calendarDay')).toBe('2026-02-23 07:00');
  });

  it('a make-up Saturday is worked with Monday’s hours (26/4/2025)', () => {
    expect(isWorkingTime(at('2025-04-26 09:00'), VN)).toBe(true);
    expect(isWorkingTime(at('2025-04-26 12:00'), VN)).toBe(false);
    expect(add('2025-04-25 16:00', 1, 'workingDay')).toBe('2025-04-26 16:00');
    // …and the swapped Friday 2/5 is off: 29/4 16:00 + 1 day jumps 30/4–4/5
    expect(add('2025-04-29 16:00', 1, 'workingDay')).toBe('2025-05-05 16:00');
    // 2024: Monday 29/4 off, Saturday 4/5 worked
    expect(add('2024-04-26 16:00', 1, 'workingDay')).toBe('2024-05-02 16:00');
    expect(add('2024-05-03 16:00', 1, 'workingDay')).toBe('2024-05-04 16:00');
  });

  it('make-up days use Monday’s hours even where Saturday has hours of its own', () => {
    const cal = defaultCalendar([], ['2025-03-08']);
    cal.officeHours[6] = [['07:30', '11:30']];
    expect(add('2025-03-15 07:30', 1, 'workingHour', cal)).toBe('2025-03-15 08:30'); // ordinary Saturday
    expect(add('2025-03-15 11:00', 1, 'workingHour', cal)).toBe('2025-03-17 07:30');
    expect(add('2025-03-08 07:00', 1, 'workingDay', cal)).toBe('2025-03-08 17:00'); // make-up Saturday
  });

  it('a make-up day listed on a holiday stays closed', () => {
    const cal = defaultCalendar(['2025-03-05'], ['2025-03-05']);
    expect(isWorkingTime(at('2025-03-05 09:00'), cal)).toBe(false);
  });

  it('calendar days: 24 h each, landing on a day off moves to the next working moment', () => {
    expect(add('2025-03-07 10:00', 2, 'calendarDay')).toBe('2025-03-10 07:00'); // Sunday → Monday
    expect(add('2025-03-03 10:00', 3, 'calendarDay')).toBe('2025-03-06 10:00');
    expect(add('2025-03-03 12:00', 1, 'calendarDay')).toBe('2025-03-04 13:30'); // clock starts 13:30
    expect(add('2025-03-03 16:00', 0.5, 'calendarDay')).toBe('2025-03-04 07:00'); // 04:00 → opening
    expect(add('2025-03-08 10:00', 1, 'calendarDay')).toBe('2025-03-11 07:00'); // Saturday: from Monday 07:00
    expect(add('2025-04-04 10:00', 3, 'calendarDay')).toBe('2025-04-08 07:00'); // Monday 7/4 is Giỗ Tổ
  });

  it('a few hundred working days, across holidays and make-up days, match the minute-counting oracle', () => {
    for (const [start, days] of [['2024-01-02 08:00', 300], ['2025-01-24 16:00', 250], ['2026-12-31 11:00', 120]] as const) {
      const expected = wallString(oracleAdd(wallMinuteOf(at(start)), days * 480));
      expect(add(start, days, 'workingDay')).toBe(expected);
    }
  });

  it('rejects what it cannot honour', () => {
    expect(() => addWorkingTime(at('2025-03-03 07:00'), { amount: -1, unit: 'workingDay' }, VN)).toThrow(RangeError);
    expect(() => addWorkingTime(at('2025-03-03 07:00'), { amount: NaN, unit: 'workingDay' }, VN)).toThrow(RangeError);
    expect(() => addWorkingTime(new Date(NaN), { amount: 1, unit: 'workingDay' }, VN)).toThrow(RangeError);
    expect(() => isWorkingTime(new Date(), { ...VN, timeZone: 'Asia/Nowhere' })).toThrow(RangeError);
    expect(() => isWorkingTime(new Date(), { ...VN, holidays: ['2025-02-30'] })).toThrow(/holidays/);
    const badHours = defaultCalendar();
    badHours.officeHours[2] = [['13:00', '12:00']];
    expect(() => isWorkingTime(new Date(), badHours)).toThrow(/officeHours\[2\]/);
    badHours.officeHours[2] = [['07:00', '12:00'], ['11:00', '17:00']];
    expect(() => isWorkingTime(new Date(), badHours)).toThrow(/overlap/);
    const noMonday = defaultCalendar();
    noMonday.officeHours[1] = [];
    expect(() => addWorkingTime(at('2025-03-03 07:00'), { amount: 1, unit: 'workingDay' }, noMonday)).toThrow(/Monday/);
    const closed = defaultCalendar([], ['2025-03-08']);
    for (const d of [1, 2, 3, 4, 5] as const) closed.officeHours[d] = [];
    expect(() => addWorkingTime(at('2025-03-03 07:00'), { amount: 1, unit: 'workingHour' }, closed)).toThrow(/no office hours/);
    expect(workingTimeBetween(at('2025-03-01 00:00'), at('2025-04-01 00:00'), closed)).toBe(0);
  });

  it('leaves the default hours untouched by callers', () => {
    const cal = defaultCalendar();
    cal.officeHours[1].push(['18:00', '19:00']);
    expect(DEFAULT_OFFICE_HOURS[1]).toEqual([['07:00', '11:30'], ['13:30', '17:00']]);
    expect(Object.isFrozen(DEFAULT_OFFICE_HOURS[1])).toBe(true);
  });
});

describe('isWorkingTime — half-open ranges', () => {
  it.each([
    ['2025-03-04 06:59:59', false],
    ['2025-03-04 07:00', true],
    ['2025-03-04 11:29:59', true],
    ['2025-03-04 11:30', false],
    ['2025-03-04 12:00', false],
    ['2025-03-04 13:30', true],
    ['2025-03-04 16:59:59', true],
    ['2025-03-04 17:00', false],
    ['2025-03-08 09:00', false], // Saturday
    ['2025-03-09 09:00', false], // Sunday
  ])('%s → %s', (t, expected) => {
    expect(isWorkingTime(at(t), VN)).toBe(expected);
  });
});

describe('workingTimeBetween', () => {
  it('counts working minutes and is negative when reversed', () => {
    expect(workingTimeBetween(at('2025-03-03 07:00'), at('2025-03-03 17:00'), VN)).toBe(480);
    expect(workingTimeBetween(at('2025-03-03 17:00'), at('2025-03-03 07:00'), VN)).toBe(-480);
    expect(workingTimeBetween(at('2025-03-07 16:00'), at('2025-03-10 09:00'), VN)).toBe(180);
    expect(workingTimeBetween(at('2025-03-03 11:00'), at('2025-03-03 14:00'), VN)).toBe(60);
    expect(workingTimeBetween(at('2025-03-03 07:00:30'), at('2025-03-03 07:01'), VN)).toBe(0.5);
    expect(workingTimeBetween(at('2025-03-03 09:00'), at('2025-03-03 09:00'), VN)).toBe(0);
    // a whole year: 261 weekdays in 2025, less 12 weekdays off (11 statutory + 1 swapped), plus 1 make-up Saturday
    expect(workingTimeBetween(at('2025-01-01 00:00'), at('2026-01-01 00:00'), VN)).toBe((261 - 12 + 1) * 480);
  });
});

describe('nextWorkingMoment and shiftForPause', () => {
  it('nextWorkingMoment', () => {
    expect(local(nextWorkingMoment(at('2025-03-07 17:30'), VN))).toBe('2025-03-10 07:00');
    expect(local(nextWorkingMoment(at('2025-03-07 10:00'), VN))).toBe('2025-03-07 10:00');
  });

  it('moves the due time by the paused working time', () => {
    // paused Monday 16:00 → Tuesday 09:00 = 60 + 120 minutes
    const due = shiftForPause(at('2025-03-05 10:00'), at('2025-03-03 16:00'), at('2025-03-04 09:00'), VN);
    expect(local(due)).toBe('2025-03-05 15:00');
    // a pause over a weekend only costs its working part
    expect(local(shiftForPause(at('2025-03-10 17:00'), at('2025-03-07 17:00'), at('2025-03-10 07:30'), VN))).toBe(
      '2025-03-11 07:30',
    );
    // a pause with no working time leaves a 17:00 due time alone
    expect(local(shiftForPause(at('2025-03-10 17:00'), at('2025-03-08 09:00'), at('2025-03-09 09:00'), VN))).toBe(
      '2025-03-10 17:00',
    );
    expect(() => shiftForPause(at('2025-03-10 17:00'), at('2025-03-09 09:00'), at('2025-03-08 09:00'), VN)).toThrow(
      RangeError,
    );
  });
});

describe('time zones are derived, not assumed', () => {
  const berlin = (h = defaultCalendar()) => ({ ...h, timeZone: 'Europe/Berlin' });

  it('Europe/Berlin across the spring change (Sunday 2025-03-30)', () => {
    const r = addWorkingTime(at('2025-03-28 16:30', 'Europe/Berlin'), { amount: 1, unit: 'workingDay' }, berlin());
    expect(local(r, 'Europe/Berlin')).toBe('2025-03-31 16:30');
    expect(r.toISOString()).toBe('2025-03-31T14:30:00.000Z');
  });

  it('a round-the-clock office counts 23 h and 25 h days', () => {
    const allDay = defaultCalendar();
    for (const d of [1, 2, 3, 4, 5, 6, 7] as const) allDay.officeHours[d] = [['00:00', '24:00']];
    const cal = berlin(allDay);
    const z = 'Europe/Berlin';
    expect(workingTimeBetween(at('2025-03-29 00:00', z), at('2025-03-31 00:00', z), cal)).toBe(47 * 60);
    expect(workingTimeBetween(at('2025-10-25 00:00', z), at('2025-10-27 00:00', z), cal)).toBe(49 * 60);
    expect(workingTimeBetween(at('2025-01-06 00:00', z), at('2025-12-29 00:00', z), cal)).toBe((357 * 24) * 60);
    // whole weeks on either side of one change: skipping them must not assume 168-hour weeks
    expect(workingTimeBetween(at('2025-03-03 00:00', z), at('2025-04-28 00:00', z), cal)).toBe((56 * 24 - 1) * 60);
    const monthLater = addWorkingTime(at('2025-03-03 00:00', z), { amount: 30 * 24, unit: 'workingHour' }, cal);
    expect(local(monthLater, z)).toBe('2025-04-02 01:00');
    const r = addWorkingTime(at('2025-03-29 12:00', z), { amount: 24, unit: 'workingHour' }, cal);
    expect(local(r, z)).toBe('2025-03-30 13:00');
  });

  it('localDateOf reads the day in the zone', () => {
    const t = new Date('2025-03-04T20:00:00Z');
    expect(localDateOf(t, HCM)).toBe('2025-03-05');
    expect(localDateOf(t, 'UTC')).toBe('2025-03-04');
  });
});

// ─── properties ───────────────────────────────────────────────────────────────────────────────────

describe('properties (Vietnam calendar 2024–2027)', () => {
  it('a due time lies on a working day inside an office range, its end included', () => {
    fc.assert(
      fc.property(instantArb, workingMinutesArb, fc.boolean(), (start, minutes, inDays) => {
        const due = addWorkingTime(start, asAllowance(minutes, inDays), VN);
        expect(isValidDueTime(due)).toBe(true);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
      }),
    );
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 400 }), (start, days) => {
        const due = addWorkingTime(start, { amount: days, unit: 'calendarDay' }, VN);
        expect(isWorkingTime(due, VN)).toBe(true);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime() + days * 86_400_000);
      }),
    );
  });

  it('the validity check itself rejects lunch, evenings and days off', () => {
    expect(isValidDueTime(at('2025-03-04 17:00'))).toBe(true);
    expect(isValidDueTime(at('2025-03-04 11:30'))).toBe(true);
    expect(isValidDueTime(at('2025-03-04 12:00'))).toBe(false);
    expect(isValidDueTime(at('2025-03-04 17:00:01'))).toBe(false);
    expect(isValidDueTime(at('2025-03-08 10:00'))).toBe(false);
    expect(isValidDueTime(at('2025-04-07 10:00'))).toBe(false);
    expect(isValidDueTime(at('2025-04-26 10:00'))).toBe(true);
  });

  it('adding a then b equals adding a + b (b > 0: a range end continues from the next opening)', () => {
    fc.assert(
      fc.property(
        instantArb, workingMinutesArb, fc.boolean(), fc.integer({ min: 1, max: 480 * 40 }), fc.boolean(),
        (start, a, aInDays, b, bInDays) => {
          const step = addWorkingTime(addWorkingTime(start, asAllowance(a, aInDays), VN), asAllowance(b, bInDays), VN);
          const once = addWorkingTime(start, asAllowance(a + b, aInDays), VN);
          expect(step.toISOString()).toBe(once.toISOString());
        },
      ),
    );
  });

  it('adding 0 to a due time moves it only past a range end, over no working time', () => {
    fc.assert(
      fc.property(instantArb, workingMinutesArb, (start, a) => {
        const due = addWorkingTime(start, asAllowance(a, false), VN);
        const again = addWorkingTime(due, { amount: 0, unit: 'workingHour' }, VN);
        if (isWorkingTime(due, VN)) expect(again.getTime()).toBe(due.getTime());
        else expect(isWorkingTime(again, VN)).toBe(true);
        expect(workingTimeBetween(due, again, VN)).toBe(0);
      }),
    );
  });

  it('workingTimeBetween(s, addWorkingTime(s, x)) = x', () => {
    fc.assert(
      fc.property(instantArb, workingMinutesArb, fc.boolean(), (start, minutes, inDays) => {
        const due = addWorkingTime(start, asAllowance(minutes, inDays), VN);
        expect(workingTimeBetween(start, due, VN)).toBe(minutes);
        expect(workingTimeBetween(due, start, VN)).toBe(minutes === 0 ? 0 : -minutes); // +0, never -0
      }),
    );
  });

  it('agrees with counting minutes one by one on the wall clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: T0 / 60_000, max: T1 / 60_000 }).map((m) => new Date(m * 60_000)),
        fc.integer({ min: 0, max: 3 * 480 }),
        (start, minutes) => {
          const due = addWorkingTime(start, { amount: minutes / 60, unit: 'workingHour' }, VN);
          expect(local(due)).toBe(wallString(oracleAdd(wallMinuteOf(start), minutes)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('workingTimeBetween is additive over any three instants', () => {
    fc.assert(
      fc.property(instantArb, instantArb, instantArb, (a, b, c) => {
        const ab = workingTimeBetween(a, b, VN);
        const bc = workingTimeBetween(b, c, VN);
        expect(ab + bc).toBeCloseTo(workingTimeBetween(a, c, VN), 6);
      }),
    );
  });

  it('is monotonic in the start and in the allowance', () => {
    fc.assert(
      fc.property(instantArb, instantArb, workingMinutesArb, workingMinutesArb, (s1, s2, x, y) => {
        const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const [small, big] = x <= y ? [x, y] : [y, x];
        expect(addWorkingTime(early, asAllowance(small, false), VN).getTime()).toBeLessThanOrEqual(
          addWorkingTime(late, asAllowance(small, false), VN).getTime(),
        );
        expect(addWorkingTime(early, asAllowance(small, true), VN).getTime()).toBeLessThanOrEqual(
          addWorkingTime(early, asAllowance(big, true), VN).getTime(),
        );
      }),
    );
  });

  it('a pause shifts the due time by exactly the paused working time', () => {
    fc.assert(
      fc.property(
        instantArb, workingMinutesArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 40 * 86_400_000 }),
        (start, minutes, where, length) => {
          const due = addWorkingTime(start, asAllowance(minutes, true), VN);
          const pausedFrom = new Date(start.getTime() + Math.floor((due.getTime() - start.getTime()) * where));
          const pausedTo = new Date(pausedFrom.getTime() + length);
          const paused = workingTimeBetween(pausedFrom, pausedTo, VN);
          const shifted = shiftForPause(due, pausedFrom, pausedTo, VN);
          expect(workingTimeBetween(due, shifted, VN)).toBeCloseTo(paused, 9);
          // the dossier still gets exactly its allowance of working time outside the pause
          expect(workingTimeBetween(start, shifted, VN) - paused).toBeCloseTo(minutes, 6);
          expect(isValidDueTime(shifted)).toBe(true);
        },
      ),
    );
  });
});

// ─── the holiday data ─────────────────────────────────────────────────────────────────────────────

describe('holidays-vn data', () => {
  const years = [2024, 2025, 2026, 2027];
  const weekdayOf = (date: string) => new Date(date + 'T00:00:00Z').getUTCDay() || 7;

  it('has valid, unique dates; holidays on weekdays, make-up days on weekends', () => {
    const seen = new Set<string>();
    for (const e of VN_HOLIDAYS) {
      expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(e.date + 'T00:00:00Z').toISOString().slice(0, 10)).toBe(e.date);
      expect(seen.has(e.date)).toBe(false);
      seen.add(e.date);
      expect(e.name.length).toBeGreaterThan(0);
      if (e.kind === 'holiday') expect(weekdayOf(e.date)).toBeLessThanOrEqual(5);
      else expect(weekdayOf(e.date)).toBeGreaterThanOrEqual(6);
    }
  });

  it.each(years)('%i: 11 statutory days off once swaps are netted out; 5 Tết days; each swap made up', (year) => {
    const inYear = VN_HOLIDAYS.filter((e) => e.date.startsWith(`${year}-`));
    const off = inYear.filter((e) => e.kind === 'holiday');
    const makeUp = inYear.filter((e) => e.kind === 'makeUpWorkingDay');
    const swaps = off.filter((e) => e.name.startsWith('Nghỉ hoán đổi'));
    expect(off.length - makeUp.length).toBe(11);
    expect(swaps.length).toBe(makeUp.length);
    expect(off.filter((e) => e.name.startsWith('Tết Nguyên đán')).length).toBe(5);
    expect(off.some((e) => e.date === `${year}-01-01`)).toBe(true);
  });

  it('places the lunar holidays on the converted dates', () => {
    const has = (date: string, text: string) =>
      VN_HOLIDAYS.some((e) => e.date === date && e.name.includes(text));
    expect(has('2024-04-18', 'Giỗ Tổ')).toBe(true);
    expect(has('2025-04-07', 'Giỗ Tổ')).toBe(true);
    expect(has('2026-04-27', 'Giỗ Tổ')).toBe(true); // 10/3 lunar is Sunday 26/4: compensatory Monday
    expect(has('2027-04-16', 'Giỗ Tổ')).toBe(true);
    expect(has('2025-01-29', 'mùng 1')).toBe(true);
    expect(has('2026-02-17', 'mùng 1')).toBe(true);
    // mùng 1 Tết 2024 and 2027 fall on a Saturday, so they are not listed; the days around them are
    expect(has('2024-02-09', '30 tháng Chạp')).toBe(true);
    expect(has('2027-02-05', '29 tháng Chạp')).toBe(true);
  });

  it('marks every unannounced 2027 placement with a note', () => {
    for (const e of VN_HOLIDAYS.filter((x) => x.date.startsWith('2027-'))) {
      if (e.name.startsWith('Tết Nguyên đán') || e.date === '2027-09-03' || e.date === '2027-05-03') {
        expect(e.note).toBeTruthy();
      }
    }
  });
});

describe('yearsWithoutHolidays — a calendar that runs out says so', () => {
  const seeded = calendarDaysFrom(VN_HOLIDAYS).holidays;
  const at = (iso: string) => new Date(iso);

  it('finds nothing missing while the seeded years cover the next twelve months', () => {
    expect(yearsWithoutHolidays(seeded, at('2026-12-01T03:00:00Z'), HCM)).toEqual([]);
  });

  it('names the next year once the window reaches into it', () => {
    expect(yearsWithoutHolidays(seeded, at('2027-01-02T03:00:00Z'), HCM)).toEqual([2028]);
    expect(yearsWithoutHolidays(seeded, at('2029-11-30T03:00:00Z'), HCM)).toEqual([2029, 2030]);
  });

  it('counts the window in the zone: 1 January local is a window of one year only', () => {
    // 2027-12-31T17:30Z is already 1 January 2028 in Vietnam: the window ends on 31 December 2028.
    expect(yearsWithoutHolidays(seeded, at('2027-12-31T17:30:00Z'), HCM)).toEqual([2028]);
    const without2027 = seeded.filter((d) => !d.startsWith('2027'));
    expect(yearsWithoutHolidays(without2027, at('2027-12-31T17:30:00Z'), HCM)).toEqual([2028]);
    expect(yearsWithoutHolidays(without2027, at('2027-12-31T17:30:00Z'), 'UTC')).toEqual([2027, 2028]);
    expect(yearsWithoutHolidays(['2028-01-01'], at('2027-12-31T17:30:00Z'), HCM)).toEqual([]);
  });

  it('a shorter window looks less far; the window must be whole months', () => {
    expect(yearsWithoutHolidays(seeded.filter((d) => !d.startsWith('2027')), at('2026-06-01T03:00:00Z'), HCM)).toEqual([2027]);
    expect(yearsWithoutHolidays(seeded.filter((d) => !d.startsWith('2027')), at('2026-06-01T03:00:00Z'), HCM, 6)).toEqual([]);
    expect(() => yearsWithoutHolidays(seeded, at('2026-06-01T03:00:00Z'), HCM, 0)).toThrow(RangeError);
  });
});

describe('instantOfLocal — a local wall time through the zone rules', () => {
  it('reads Vietnam at +07:00 and a DST zone by its rules on each side of the change', () => {
    expect(instantOfLocal('2026-12-04', '17:00', HCM)?.toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(instantOfLocal('2026-07-01', '09:00', 'Europe/Paris')?.toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(instantOfLocal('2026-01-15', '09:00', 'Europe/Paris')?.toISOString()).toBe('2026-01-15T08:00:00.000Z');
  });

  it('refuses dates and times that do not exist', () => {
    for (const [d, t] of [['2026-02-30', '09:00'], ['2026-13-01', '09:00'], ['2026-12-04', '24:00'], ['2026-12-04', '9:00'], ['04/12/2026', '09:00']]) {
      expect(instantOfLocal(d, t, HCM)).toBeNull();
    }
  });
});
