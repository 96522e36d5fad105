import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultCalendar, workingTimeBetween } from './calendar';
import { calendarDaysFrom } from './holidays-vn';
import { classifyTimeliness, isDueSoon, isOverdue } from './timeliness';

fc.configureGlobal({ numRuns: Number(process.env.FC_RUNS ?? 100) });

const { holidays, workingDays } = calendarDaysFrom();
const VN = defaultCalendar(holidays, workingDays);

/** Vietnam wall time; the offset is spelled out because these are fixed test instants. */
const vn = (s: string) => new Date(s.replace(' ', 'T') + (s.length === 16 ? ':00' : '') + '+07:00');

describe('classifyTimeliness', () => {
  const due = vn('2025-03-05 17:00'); // Wednesday
  const now = vn('2025-03-20 09:00');

  it.each([
    ['2025-03-04 16:00', 'early'], // the day before
    ['2025-03-05 06:30', 'onTime'], // the due day, before opening: still the due day
    ['2025-03-05 08:00', 'onTime'],
    ['2025-03-05 17:00', 'onTime'], // at the due time
    ['2025-03-05 17:00:01', 'late'],
    ['2025-03-06 08:00', 'late'],
  ] as const)('returned %s → %s', (returned, expected) => {
    expect(classifyTimeliness(due, vn(returned), now)).toBe(expected);
  });

  it('judges the day in the agency’s zone, not in UTC', () => {
    // 06:30 on the due day in Vietnam is 23:30 the previous day in UTC
    const returned = vn('2025-03-05 06:30');
    expect(classifyTimeliness(due, returned, now, VN)).toBe('onTime');
    expect(classifyTimeliness(due, returned, now, { timeZone: 'UTC' })).toBe('early');
  });

  it('an open dossier is open until its due time has passed, then late', () => {
    expect(classifyTimeliness(due, null, vn('2025-03-05 16:59'))).toBe('open');
    expect(classifyTimeliness(due, null, due)).toBe('open');
    expect(classifyTimeliness(due, null, new Date(due.getTime() + 1))).toBe('late');
  });

  it('property: late exactly when returned after the due time; early only on an earlier day', () => {
    const t0 = Date.parse('2024-01-01T00:00:00Z');
    const t1 = Date.parse('2027-12-31T00:00:00Z');
    const instant = fc.integer({ min: t0, max: t1 }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(instant, instant, instant, fc.boolean(), (dueAt, returnedAt, at, returned) => {
        const r = classifyTimeliness(dueAt, returned ? returnedAt : null, at, VN);
        if (!returned) {
          expect(r).toBe(at > dueAt ? 'late' : 'open');
          return;
        }
        expect(r === 'late').toBe(returnedAt > dueAt);
        const sameDay = returnedAt.toLocaleDateString('sv-SE', { timeZone: VN.timeZone }) ===
          dueAt.toLocaleDateString('sv-SE', { timeZone: VN.timeZone });
        if (r === 'early') expect(sameDay || returnedAt >= dueAt).toBe(false);
        if (r === 'onTime') expect(sameDay && returnedAt <= dueAt).toBe(true);
      }),
    );
  });
});

describe('isOverdue', () => {
  it('from the first instant after the due time', () => {
    const due = vn('2025-03-05 17:00');
    expect(isOverdue(due, vn('2025-03-05 16:59'))).toBe(false);
    expect(isOverdue(due, due)).toBe(false);
    expect(isOverdue(due, new Date(due.getTime() + 1))).toBe(true);
  });
});

describe('isDueSoon', () => {
  it('counts the working time left, not the clock', () => {
    const due = vn('2025-03-10 09:00'); // Monday
    const fridayAfternoon = vn('2025-03-07 16:00'); // 60 + 120 working minutes left
    expect(isDueSoon(due, fridayAfternoon, VN, 180)).toBe(true);
    expect(isDueSoon(due, fridayAfternoon, VN, 179)).toBe(false);
  });

  it('is due soon all evening before a 07:00 due time, and not once overdue', () => {
    const due = vn('2025-03-05 07:00');
    expect(isDueSoon(due, vn('2025-03-04 17:30'), VN, 0)).toBe(true);
    expect(isDueSoon(due, due, VN, 0)).toBe(true);
    expect(isDueSoon(due, vn('2025-03-05 07:01'), VN, 480)).toBe(false);
  });

  it('a holiday break does not count as time left', () => {
    const due = vn('2025-02-03 09:00'); // first working day after Tết 2025
    expect(isDueSoon(due, vn('2025-01-24 16:00'), VN, 180)).toBe(true);
    expect(workingTimeBetween(vn('2025-01-24 16:00'), due, VN)).toBe(180);
  });

  it('rejects a negative or non-finite threshold', () => {
    const due = vn('2025-03-05 17:00');
    expect(() => isDueSoon(due, vn('2025-03-05 08:00'), VN, -1)).toThrow(RangeError);
    expect(() => isDueSoon(due, vn('2025-03-05 08:00'), VN, Infinity)).toThrow(RangeError);
  });

  it('property: agrees with the working time left and never overlaps overdue', () => {
    const t0 = Date.parse('2024-01-01T00:00:00Z');
    const t1 = Date.parse('2027-06-30T00:00:00Z');
    const instant = fc.integer({ min: t0, max: t1 }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 0, max: 5 * 480 }), (dueAt, now, threshold) => {
        const soon = isDueSoon(dueAt, now, VN, threshold);
        if (isOverdue(dueAt, now)) expect(soon).toBe(false);
        else expect(soon).toBe(workingTimeBetween(now, dueAt, VN) <= threshold);
      }),
    );
  });
});
