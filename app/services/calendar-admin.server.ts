/** Administration of public holidays and make-up working days (ngày nghỉ lễ, ngày làm bù). */
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { z } from "zod";
import { withTransaction } from "../../db/client";
import { calendarDays } from "../../db/schema";
import { recordAdminChange } from "./admin/audit.server";
import { yearsWithoutHolidays } from "../../workflows/calendar";
import type { AppServices } from "./context.server";

export async function listCalendarDays(services: AppServices, year: number) {
  return services.database.db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
    .orderBy(asc(calendarDays.date));
}

const entrySchema = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Ngày phải có dạng NNNN-TT-NN.")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "Ngày không tồn tại."),
  name: z.string().trim().min(2, "Vui lòng nhập tên ngày nghỉ.").max(200, "Tên quá dài."),
  kind: z.enum(["holiday", "makeUpWorkingDay"], { message: "Vui lòng chọn loại ngày." }),
  note: z.string().trim().max(500, "Ghi chú quá dài.").optional(),
});

export type CalendarEntryInput = z.input<typeof entrySchema>;

export async function saveCalendarDay(
  services: AppServices,
  input: CalendarEntryInput,
  actorUserId: number | null = null,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const parsed = entrySchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { ok: false, errors };
  }
  const { date, name, kind, note } = parsed.data;
  await withTransaction(services.database, async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, date)).for("update");
    const [after] = await tx
      .insert(calendarDays)
      .values({ date, name, kind, note: note || null })
      .onConflictDoUpdate({ target: calendarDays.date, set: { name, kind, note: note || null } })
      .returning();
    await recordAdminChange(tx, actorUserId, "calendar", date, before ? "update" : "create", before ?? null, after, now);
  });
  services.invalidateCalendar();
  return { ok: true };
}

export async function deleteCalendarDay(services: AppServices, date: string, actorUserId: number | null = null, now = new Date()): Promise<boolean> {
  // A date that does not exist is not in the list; it must not reach the query as one (22008).
  if (!entrySchema.shape.date.safeParse(date).success) return false;
  const deleted = await withTransaction(services.database, async (tx) => {
    const rows = await tx.delete(calendarDays).where(eq(calendarDays.date, date)).returning();
    if (rows[0]) await recordAdminChange(tx, actorUserId, "calendar", date, "delete", rows[0], null, now);
    return rows;
  });
  services.invalidateCalendar();
  return deleted.length > 0;
}

/** How far ahead the holidays must be entered for due times to be trusted. */
export const CALENDAR_WINDOW_MONTHS = 12;

export type CalendarCoverage = { ok: true } | { ok: false; missingYears: number[]; message: string };

/**
 * Whether the holidays of the coming twelve months are entered. A gap is a warning, not a failure:
 * the portal keeps serving, but due times that cross the gap ignore that year's holidays.
 */
export async function calendarCoverage(services: AppServices, now = new Date()): Promise<CalendarCoverage> {
  const calendar = await services.calendar();
  const missingYears = yearsWithoutHolidays(calendar.holidays, now, calendar.timeZone, CALENDAR_WINDOW_MONTHS);
  if (missingYears.length === 0) return { ok: true };
  return {
    ok: false,
    missingYears,
    message:
      `Chưa nhập ngày nghỉ lễ cho năm ${missingYears.join(", ")}. ` +
      `Thời hạn giải quyết hồ sơ kéo sang ${missingYears.length > 1 ? "các năm này" : "năm này"} đang được tính như không có ngày nghỉ lễ nào, nên có thể sai.`,
  };
}
