import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addWorkingTime } from "../../workflows/calendar";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { calendarCoverage, deleteCalendarDay, listCalendarDays, saveCalendarDay } from "./calendar-admin.server";
import { logCalendarCoverage } from "./job-handlers.server";
import { readiness } from "./readiness.server";

let services: TestServices;
beforeAll(async () => {
  services = await startTestServices({ demo: false });
});
afterAll(async () => services?.dispose());

describe(`holiday administration (${databaseKind})`, () => {
  it("lists the seeded holidays of a year", async () => {
    const days = await listCalendarDays(services, 2026);
    expect(days.map((d) => d.date)).toContain("2026-02-17");
    expect(days.every((d) => d.date.startsWith("2026-"))).toBe(true);
  });

  it("refuses bad input with Vietnamese messages and writes nothing", async () => {
    const before = await listCalendarDays(services, 2026);
    const result = await saveCalendarDay(services, { date: "2026-02-30", name: "", kind: "holiday" });
    expect(result).toEqual({ ok: false, errors: { date: "Ngày không tồn tại.", name: "Vui lòng nhập tên ngày nghỉ." } });
    expect(await listCalendarDays(services, 2026)).toEqual(before);
    // Deleting a date that cannot exist is "not in the list", not a failed query.
    expect(await deleteCalendarDay(services, "9999-99-99")).toBe(false);
    expect(await deleteCalendarDay(services, "2026-02-30")).toBe(false);
  });

  it("a new holiday moves due times at once, and deleting it moves them back", async () => {
    // Friday 2026-12-04 09:00 in Thái Bình + 1 working day → Monday 09:00, or Tuesday if Monday is off.
    const start = new Date("2026-12-04T02:00:00Z");
    const due = async () => addWorkingTime(start, { amount: 1, unit: "workingDay" }, await services.calendar());
    expect((await due()).toISOString()).toBe("2026-12-07T02:00:00.000Z");
    expect(await saveCalendarDay(services, { date: "2026-12-07", name: "Nghỉ bù (thử)", kind: "holiday" })).toEqual({ ok: true });
    expect((await due()).toISOString()).toBe("2026-12-08T02:00:00.000Z");
    expect(await deleteCalendarDay(services, "2026-12-07")).toBe(true);
    expect((await due()).toISOString()).toBe("2026-12-07T02:00:00.000Z");
  });
});

describe(`a holiday calendar that runs out (${databaseKind})`, () => {
  afterEach(() => vi.useRealTimers());

  it("is complete while the seeded holidays cover the next twelve months", async () => {
    expect(await calendarCoverage(services, new Date("2026-12-01T03:00:00Z"))).toEqual({ ok: true });
  });

  it("warns in /readyz, in the daily log and on the admin page's data once the clock is moved past the seeded years", async () => {
    // The process clock is moved, as it will be in 2029: nothing passes `now`, every check reads the clock.
    vi.useFakeTimers({ now: new Date("2029-06-01T03:00:00Z"), toFake: ["Date"] });
    services.invalidateCalendar();
    const coverage = await calendarCoverage(services);
    expect(coverage).toMatchObject({ ok: false, missingYears: [2029, 2030] });
    expect(coverage.ok ? "" : coverage.message).toContain("Chưa nhập ngày nghỉ lễ cho năm 2029, 2030");

    const state = await readiness(services);
    expect(state).toEqual({ status: "ready", warnings: [{ check: "calendar", missingYears: [2029, 2030], message: expect.stringContaining("2029, 2030") }] });

    const lines: Array<Record<string, unknown>> = [];
    expect(await logCalendarCoverage(services, undefined, (entry) => lines.push(entry))).toBe(false);
    expect(lines).toEqual([expect.objectContaining({ event: "calendar-not-configured", missingYears: [2029, 2030] })]);
  });

  it("stops warning once the administrator enters the missing years", async () => {
    const now = new Date("2027-03-01T03:00:00Z");
    expect(await calendarCoverage(services, now)).toMatchObject({ ok: false, missingYears: [2028] });
    expect(await saveCalendarDay(services, { date: "2028-01-01", name: "Tết Dương lịch", kind: "holiday" })).toEqual({ ok: true });
    expect(await calendarCoverage(services, now)).toEqual({ ok: true });
    const lines: Array<Record<string, unknown>> = [];
    expect(await logCalendarCoverage(services, now, (entry) => lines.push(entry))).toBe(true);
    expect(lines).toEqual([]);
    // A make-up working day does not make a year configured.
    await deleteCalendarDay(services, "2028-01-01");
    await saveCalendarDay(services, { date: "2028-02-05", name: "Làm bù (thử)", kind: "makeUpWorkingDay" });
    expect(await calendarCoverage(services, now)).toMatchObject({ ok: false, missingYears: [2028] });
    await deleteCalendarDay(services, "2028-02-05");
  });
});
