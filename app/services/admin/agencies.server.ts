/**
 * The agency tree (cây cơ quan) as the administrator manages it. Levels are data: the seed-era
 * three levels (province → district → commune) and the two levels of 2025 (a commune directly
 * under the province) are both just parents and levels; the only rule is that a child is not of a
 * higher level than its parent. Electronic identifiers follow the QCVN 102:2016 shape and are
 * unique; one not known for certain is flagged as sample data.
 */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { pgErrorCode, PG_UNIQUE_VIOLATION, withTransaction, type Database } from "../../../db/client";
import { agencies, type OfficeHours } from "../../../db/schema";
import { DEFAULT_OFFICE_HOURS, defaultCalendar, isWorkingTime } from "../../../workflows/calendar";
import { KIND_NAMES, KINDS, LEVEL_NAMES, LEVELS, WEEKDAY_NAMES } from "../../admin-labels";
import type { AppServices } from "../context.server";
import { recordAdminChange } from "./audit.server";
import { AdminInputError } from "./users.server";

export type Agency = typeof agencies.$inferSelect;
export { KIND_NAMES, KINDS, LEVEL_NAMES, LEVELS, WEEKDAY_NAMES };

/** QCVN 102:2016/BTTTT: four groups, e.g. 000.00.15.H54 (levels 1–3 as digits, then the province's letter and two digits). */
export const QCVN_IDENTIFIER = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

const optionalText = (max: number, message: string) => z.string().trim().max(max, message).optional();

const agencySchema = z
  .object({
    name: z.string().trim().min(3, "Vui lòng nhập tên cơ quan.").max(300, "Tên cơ quan quá dài."),
    level: z.enum(LEVELS, { message: "Vui lòng chọn cấp." }),
    kind: z.enum(KINDS, { message: "Vui lòng chọn loại cơ quan." }),
    parentId: z.number().int().positive().nullable(),
    identifier: z
      .string()
      .trim()
      .toUpperCase()
      .refine((v) => v === "" || QCVN_IDENTIFIER.test(v), "Mã định danh phải theo QCVN 102:2016, dạng 000.00.15.H54."),
    identifierIsSample: z.boolean(),
    placeName: optionalText(100, "Địa danh quá dài."),
    headTitle: optionalText(100, "Chức danh người đứng đầu quá dài."),
    abbreviation: optionalText(30, "Chữ viết tắt quá dài."),
    address: optionalText(300, "Địa chỉ quá dài."),
    sealAppliedBy: z.enum(["clerk", "system"], { message: "Vui lòng chọn người đóng dấu số." }),
    active: z.boolean(),
  })
  .refine((a) => !(a.kind === "desk" || a.kind === "unit") || a.parentId !== null, { message: "Phòng, bộ phận phải thuộc một cơ quan.", path: ["parentId"] })
  .refine((a) => !(a.kind === "desk" || a.kind === "unit") || a.identifier === "", { message: "Phòng, bộ phận không có mã định danh riêng.", path: ["identifier"] });

export type AgencyInput = z.input<typeof agencySchema>;

const rank = (level: string) => LEVELS.indexOf(level as (typeof LEVELS)[number]);

/** Every agency, in tree order (each parent before its children), with its depth. */
export async function agencyTree(services: AppServices) {
  const rows = await services.database.db.select().from(agencies).orderBy(asc(agencies.id));
  const children = new Map<number | null, Agency[]>();
  for (const row of rows) {
    const parent = row.parentId !== null && rows.some((r) => r.id === row.parentId) ? row.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const out: Array<Agency & { depth: number }> = [];
  const walk = (parent: number | null, depth: number) => {
    for (const row of children.get(parent) ?? []) {
      out.push({ ...row, depth });
      walk(row.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function auditView(a: Agency) {
  const { createdAt: _created, id: _id, ...rest } = a;
  return rest as Record<string, unknown>;
}

/** Creates (id null) or edits an agency; a deactivated agency keeps its history but takes no new roles. */
export async function saveAgency(
  services: AppServices,
  actorId: number,
  id: number | null,
  input: AgencyInput,
  now = new Date(),
): Promise<{ ok: true; id: number } | { ok: false; errors: Record<string, string> }> {
  const parsed = agencySchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { ok: false, errors };
  }
  const data = parsed.data;
  const values = {
    name: data.name,
    level: data.level,
    kind: data.kind,
    parentId: data.parentId,
    identifier: data.identifier || null,
    identifierIsSample: data.identifier ? data.identifierIsSample : false,
    placeName: data.placeName || null,
    headTitle: data.headTitle || null,
    abbreviation: data.abbreviation || null,
    address: data.address || null,
    sealAppliedBy: data.sealAppliedBy,
    active: data.active,
  };
  try {
    return await withTransaction(services.database, async (tx) => {
      if (values.parentId !== null) {
        const problem = await parentProblem(tx, id, values.parentId, values.level);
        if (problem) return { ok: false as const, errors: { parentId: problem } };
      }
      if (id === null) {
        const [row] = await tx.insert(agencies).values({ ...values, createdAt: now }).returning();
        await recordAdminChange(tx, actorId, "agency", row.identifier ?? `#${row.id}`, "create", null, auditView(row), now);
        return { ok: true as const, id: row.id };
      }
      const [before] = await tx.select().from(agencies).where(eq(agencies.id, id)).for("update");
      if (!before) throw new AdminInputError("Không tìm thấy cơ quan.", 404);
      const [after] = await tx.update(agencies).set(values).where(eq(agencies.id, id)).returning();
      await recordAdminChange(tx, actorId, "agency", after.identifier ?? `#${after.id}`, before.active && !after.active ? "deactivate" : "update", auditView(before), auditView(after), now);
      return { ok: true as const, id };
    });
  } catch (error) {
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) return { ok: false, errors: { identifier: `Mã định danh ${values.identifier} đã được dùng cho cơ quan khác.` } };
    throw error;
  }
}

/** Why `parentId` cannot be the parent: missing, the agency itself or one of its descendants, or of a lower level. */
async function parentProblem(tx: Database, id: number | null, parentId: number, level: string): Promise<string | null> {
  const all = await tx.select({ id: agencies.id, parentId: agencies.parentId, level: agencies.level }).from(agencies);
  const parent = all.find((a) => a.id === parentId);
  if (!parent) return "Không tìm thấy cơ quan cấp trên.";
  if (rank(level) < rank(parent.level)) return "Cơ quan không thể ở cấp cao hơn cơ quan cấp trên của nó.";
  for (let at: number | null = parentId, hops = 0; at !== null && hops < 100; hops++) {
    if (at === id) return "Không thể chọn chính cơ quan này hoặc đơn vị trực thuộc của nó làm cấp trên.";
    at = all.find((a) => a.id === at)?.parentId ?? null;
  }
  return null;
}

/** "07:00-11:30, 13:30-17:00" for a day's ranges; "" for a day off. */
export function formatDayHours(ranges: ReadonlyArray<readonly [string, string]>): string {
  return ranges.map(([a, b]) => `${a}-${b}`).join(", ");
}

/** Office hours from the form's seven lines; throws AdminInputError with the weekday at fault. */
export function parseOfficeHours(lines: Record<number, string>): OfficeHours {
  const hours = {} as OfficeHours;
  for (const day of [1, 2, 3, 4, 5, 6, 7] as const) {
    const text = (lines[day] ?? "").trim();
    const ranges = text === "" ? [] : text.split(/\s*[,;]\s*/);
    hours[day] = ranges.map((range) => {
      const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(range);
      if (!m) throw new AdminInputError(`${WEEKDAY_NAMES[day]}: "${range}" không đúng dạng GG:PP-GG:PP (ví dụ 07:00-11:30).`, 400, `day${day}`);
      const pad = (h: string) => h.padStart(2, "0");
      return [`${pad(m[1])}:${m[2]}`, `${pad(m[3])}:${m[4]}`] as [string, string];
    });
  }
  if (hours[1].length === 0) throw new AdminInputError("Thứ Hai phải có giờ làm việc: một ngày làm việc được tính theo giờ của thứ Hai.", 400, "day1");
  try {
    isWorkingTime(new Date(0), { ...defaultCalendar(), officeHours: hours });
  } catch (error) {
    const m = /officeHours\[(\d)\]: (.*)/.exec((error as Error).message);
    const day = m ? Number(m[1]) : 1;
    throw new AdminInputError(`${WEEKDAY_NAMES[day]}: giờ làm việc không hợp lệ (khoảng giờ kết thúc trước khi bắt đầu, trùng nhau hoặc giờ không tồn tại).`, 400, `day${day}`);
  }
  return hours;
}

/** Sets (or with null, clears back to the default) an agency's office hours. */
export async function saveOfficeHours(services: AppServices, actorId: number, id: number, hours: OfficeHours | null, now = new Date()): Promise<void> {
  await withTransaction(services.database, async (tx) => {
    const [before] = await tx.select().from(agencies).where(eq(agencies.id, id)).for("update");
    if (!before) throw new AdminInputError("Không tìm thấy cơ quan.", 404);
    await tx.update(agencies).set({ officeHours: hours }).where(eq(agencies.id, id));
    await recordAdminChange(tx, actorId, "officeHours", before.identifier ?? `#${id}`, hours ? "update" : "reset", { officeHours: before.officeHours ?? "mặc định" }, { officeHours: hours ?? "mặc định" }, now);
  });
}

/** The hours an agency works: its own, or the portal's default. */
export function officeHoursOf(agency: Pick<Agency, "officeHours">): OfficeHours {
  return agency.officeHours ?? DEFAULT_OFFICE_HOURS;
}

/** An agency as the administrator's form holds it: text values, as typed. */
export type AgencyFormValues = {
  name: string;
  level: string;
  kind: string;
  parentId: string;
  identifier: string;
  identifierIsSample: boolean;
  placeName: string;
  headTitle: string;
  abbreviation: string;
  address: string;
  sealAppliedBy: string;
  active: boolean;
};

/** The service's input from the form's text values. */
export function agencyInputOf(values: AgencyFormValues): AgencyInput {
  return {
    ...values,
    level: values.level as AgencyInput["level"],
    kind: values.kind as AgencyInput["kind"],
    sealAppliedBy: values.sealAppliedBy as AgencyInput["sealAppliedBy"],
    parentId: values.parentId ? Number(values.parentId) : null,
  };
}
