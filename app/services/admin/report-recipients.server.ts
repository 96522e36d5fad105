/**
 * The administrator's side of the periodic reports (issue 12 §3): who receives them (report_recipients),
 * and making and sending a period's report by hand. Every change writes its audit row in the same
 * transaction; every refusal is a Vietnamese message for the form, never an exception.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { agencies, reportRecipients } from "../../../db/schema";
import { localDate } from "../../time";
import type { AppServices } from "../context.server";
import {
  findPeriodicReport,
  generatePeriodicReport,
  mailPeriodicReport,
  PeriodicReportError,
  reportPeriod,
  type ReportFrequency,
  type ReportPeriodOf,
} from "../reports/periodic-report.server";
import { SigningKeyMissing } from "../signers.server";
import { inAdminTransaction, recordAdminChange } from "./audit.server";

export type RecipientFormValues = { email: string; name: string; frequency: string; agencyId: string };

const recipientSchema = z.object({
  email: z.string().trim().min(1, "Nhập địa chỉ thư điện tử của người nhận.").max(200, "Địa chỉ thư điện tử quá dài.").email("Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: vanphong@thaibinh.gov.vn."),
  name: z.string().trim().min(1, "Nhập tên người nhận hoặc tên cơ quan nhận.").max(200, "Tên người nhận quá dài (tối đa 200 ký tự)."),
  frequency: z.enum(["monthly", "quarterly"], { message: "Chọn kỳ báo cáo: hằng tháng hoặc hằng quý." }),
  agencyId: z.string().trim().regex(/^\d{0,9}$/, "Phạm vi số liệu không hợp lệ."),
});

/** The scopes a report can cover: the province, or a governing body or department (with what is under it). */
export async function reportScopes(services: AppServices) {
  return services.database.db
    .select({ id: agencies.id, name: agencies.name, level: agencies.level })
    .from(agencies)
    .where(and(inArray(agencies.kind, ["government", "department"]), eq(agencies.active, true)))
    .orderBy(asc(agencies.level), asc(agencies.name));
}

export async function listRecipients(services: AppServices) {
  return services.database.db
    .select({
      id: reportRecipients.id,
      email: reportRecipients.email,
      name: reportRecipients.name,
      frequency: reportRecipients.frequency,
      agencyId: reportRecipients.agencyId,
      agencyName: agencies.name,
      active: reportRecipients.active,
      createdAt: reportRecipients.createdAt,
    })
    .from(reportRecipients)
    .leftJoin(agencies, eq(agencies.id, reportRecipients.agencyId))
    .orderBy(asc(reportRecipients.active), asc(reportRecipients.frequency), asc(reportRecipients.email));
}

type Outcome<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/**
 * Adds a recipient, or turns an inactive one with the same address, frequency and scope back on.
 * The address is kept as typed but compared without case.
 */
export async function addRecipient(services: AppServices, actorId: number, values: RecipientFormValues, now = new Date()): Promise<Outcome<{ id: number; reactivated: boolean }>> {
  const parsed = recipientSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const { email, name, frequency } = parsed.data;
  const agencyId = parsed.data.agencyId === "" ? null : Number(parsed.data.agencyId);
  if (agencyId !== null && !(await reportScopes(services)).some((a) => a.id === agencyId)) {
    return { ok: false, errors: { agencyId: "Phạm vi số liệu phải là toàn tỉnh, một UBND hoặc một sở, ngành đang hoạt động." } };
  }
  return inAdminTransaction(services, async (tx) => {
    const same = await tx
      .select()
      .from(reportRecipients)
      .where(and(eq(reportRecipients.frequency, frequency), agencyId === null ? isNull(reportRecipients.agencyId) : eq(reportRecipients.agencyId, agencyId)));
    const existing = same.find((r) => r.email.toLowerCase() === email.toLowerCase());
    if (existing?.active) return { ok: false, errors: { email: "Địa chỉ này đã nhận báo cáo cùng kỳ và cùng phạm vi." } } as const;
    if (existing) {
      await tx.update(reportRecipients).set({ active: true, name }).where(eq(reportRecipients.id, existing.id));
      await recordAdminChange(tx, actorId, "reportRecipient", existing.id, "reactivate", { active: false, name: existing.name }, { active: true, name }, now);
      return { ok: true, value: { id: existing.id, reactivated: true } } as const;
    }
    const [row] = await tx.insert(reportRecipients).values({ email, name, frequency, agencyId, createdBy: actorId, createdAt: now }).returning();
    await recordAdminChange(tx, actorId, "reportRecipient", row.id, "create", null, { email, name, frequency, agencyId }, now);
    return { ok: true, value: { id: row.id, reactivated: false } } as const;
  });
}

/** Stops a recipient's reports; mails already queued to her are not sent either (the sender checks). */
export async function deactivateRecipient(services: AppServices, actorId: number, id: number, now = new Date()): Promise<boolean> {
  return inAdminTransaction(services, async (tx) => {
    const [row] = await tx.update(reportRecipients).set({ active: false }).where(and(eq(reportRecipients.id, id), eq(reportRecipients.active, true))).returning();
    if (!row) return false;
    await recordAdminChange(tx, actorId, "reportRecipient", id, "deactivate", { active: true }, { active: false }, now);
    return true;
  });
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/** "2026-11" or "2026-Q4" as the period of a frequency; a Vietnamese message when it is not one, or not over yet. */
export function parsePeriodChoice(frequency: string, value: string, now: Date): Outcome<ReportPeriodOf> {
  if (frequency !== "monthly" && frequency !== "quarterly") return { ok: false, errors: { frequency: "Chọn báo cáo tháng hoặc báo cáo quý." } };
  const v = value.trim();
  let period: ReportPeriodOf;
  if (frequency === "monthly") {
    if (!MONTH.test(v)) return { ok: false, errors: { period: "Tháng báo cáo không hợp lệ: nhập theo dạng năm-tháng, ví dụ 2026-11." } };
    period = reportPeriod("monthly", `${v}-01`);
  } else {
    const m = QUARTER.exec(v);
    if (!m) return { ok: false, errors: { period: "Quý báo cáo không hợp lệ: nhập theo dạng năm-Q số quý, ví dụ 2026-Q4." } };
    period = reportPeriod("quarterly", `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, "0")}-01`);
  }
  if (period.end >= localDate(now)) return { ok: false, errors: { period: `Kỳ ${period.title} chưa kết thúc: chỉ lập báo cáo cho kỳ đã qua.` } };
  if (period.start < "2000-01-01") return { ok: false, errors: { period: "Kỳ báo cáo quá xa." } };
  return { ok: true, value: period };
}

export type GenerateOutcome = Outcome<{ title: string; number: string | null; created: boolean; queued: number; alreadyMailed: boolean }>;

/** The administrator's button: makes (or finds) the report of a period and scope and mails it if not yet mailed. */
export async function generateAndSend(
  services: AppServices,
  actorId: number,
  input: { frequency: string; period: string; agencyId: string },
  now = new Date(),
): Promise<GenerateOutcome> {
  const choice = parsePeriodChoice(input.frequency, input.period, now);
  if (!choice.ok) return choice;
  const period = choice.value;
  const agencyId = input.agencyId.trim() === "" ? null : Number(input.agencyId);
  if (agencyId !== null && (!Number.isSafeInteger(agencyId) || !(await reportScopes(services)).some((a) => a.id === agencyId))) {
    return { ok: false, errors: { agencyId: "Phạm vi số liệu phải là toàn tỉnh, một UBND hoặc một sở, ngành đang hoạt động." } };
  }
  const before = await findPeriodicReport(services.database.db, period.frequency as ReportFrequency, period.start, agencyId);
  try {
    const { report, created } = await generatePeriodicReport(services, { period, agencyId, now });
    const queued = await mailPeriodicReport(services, report.id, now);
    await inAdminTransaction(services, (tx) =>
      recordAdminChange(tx, actorId, "periodicReport", report.id, created ? "generate" : "send", before ? { mailedAt: before.mailedAt } : null, { frequency: report.frequency, periodStart: report.periodStart, agencyId, number: report.number, mailsQueued: queued }, now),
    );
    return { ok: true, value: { title: period.title, number: report.number, created, queued, alreadyMailed: !!before?.mailedAt } };
  } catch (error) {
    if (error instanceof SigningKeyMissing || error instanceof PeriodicReportError) return { ok: false, errors: { form: error.message } };
    throw error;
  }
}
