import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addWorkingTime } from "../../workflows/calendar";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { deleteCalendarDay, listCalendarDays, saveCalendarDay } from "./calendar-admin.server";

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
