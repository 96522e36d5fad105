/**
 * The periodic report (issue 12 §3): monthly and quarterly, one per period and scope (the province,
 * or an agency with the agencies under it), in the Decree 30 layout, sealed with the issuing
 * agency's organisation certificate, kept in attachment storage and mailed to the recipients the
 * administrator configured (docs/decisions/0024).
 *
 * The seal is a system act, like the Mẫu 01 receipt: the report is the system's figures, issued in
 * the agency's name; no leader's personal signature is applied, since that only ever follows the
 * leader's own confirmed action.
 *
 * Every step is idempotent, so the scheduled job may run again: the periodic_reports row (unique per
 * frequency, period and scope) is found instead of made twice, and the mails are outbox messages
 * keyed by report and recipient, queued in the transaction that sets mailed_at.
 */
import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import { withTransaction, type Database } from "../../../db/client";
import { agencies, periodicReports, reportRecipients, REPORT_FREQUENCIES } from "../../../db/schema";
import { renderPeriodicReport, signPdf, signatureAuthority, type PeriodicReportInput } from "../../../signing";
import { instantOfLocal } from "../../../workflows/calendar";
import { localDate } from "../../time";
import type { AppServices } from "../context.server";
import { PLACE } from "../documents/common.server";
import { resultHeader } from "../documents/result-templates.server";
import { enqueueOutboxMessage } from "../outbox.server";
import { dashboardFigures, lateCount } from "./dashboard.server";
import { addMonths, agencySubtree, periodContaining, romanQuarterOf, type ReportFilters } from "./filters.server";
import { INDICATOR_GROUP_LABELS } from "./indicators.server";
import { rollupAge } from "./rollup.server";

export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];
export type PeriodicReport = typeof periodicReports.$inferSelect;
type Agency = typeof agencies.$inferSelect;

export const FREQUENCY_NAMES: Record<ReportFrequency, string> = { monthly: "Hằng tháng", quarterly: "Hằng quý" };

/** The schedule as the admin page tells it (QUEUES.periodicReports, PERIODIC_REPORTS_CRON). */
export const PERIODIC_REPORTS_SCHEDULE =
  "Hệ thống tự động lập báo cáo lúc 06:30 ngày 1 hằng tháng: báo cáo của tháng trước, và vào ngày đầu mỗi quý thêm báo cáo của quý trước.";

export type ReportPeriodOf = {
  frequency: ReportFrequency;
  /** First and last day, 'YYYY-MM-DD'. */
  start: string;
  end: string;
  /** As the title prints it: "tháng 11/2026", "quý IV năm 2026". */
  title: string;
};

/** The month or quarter that contains `date` ('YYYY-MM-DD'). */
export function reportPeriod(frequency: ReportFrequency, date: string): ReportPeriodOf {
  const period = periodContaining(frequency === "monthly" ? "month" : "quarter", date);
  const end = addMonths(period.toMonth, 1);
  const lastDay = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const year = period.fromMonth.slice(0, 4);
  const title =
    frequency === "monthly"
      ? `tháng ${period.fromMonth.slice(5, 7)}/${year}`
      : `quý ${romanQuarterOf(period.fromMonth)} năm ${year}`;
  return { frequency, start: period.fromMonth, end: lastDay, title };
}

/**
 * What the job run at `now` reports on: on the first day of a month, the month before; on the first
 * day of a quarter, the quarter before too. Nothing on other days (a job run late by a day makes
 * nothing; the administrator's button covers it).
 */
export function periodsDue(now: Date): ReportPeriodOf[] {
  const today = localDate(now);
  if (today.slice(8, 10) !== "01") return [];
  const previousMonth = addMonths(`${today.slice(0, 7)}-01`, -1);
  const due = [reportPeriod("monthly", previousMonth)];
  if ((Number(today.slice(5, 7)) - 1) % 3 === 0) due.push(reportPeriod("quarterly", previousMonth));
  return due;
}

/** The last whole month or quarter before `now`: what the admin page offers by default. */
export function lastCompletePeriod(frequency: ReportFrequency, now: Date): ReportPeriodOf {
  const current = reportPeriod(frequency, localDate(now));
  return reportPeriod(frequency, addMonths(current.start, -1));
}

/** The governing body or department whose seal and name the report carries: the agency itself, or the nearest above it. */
async function issuingAgencyOf(db: Database, agencyId: number | null): Promise<{ agency: Agency; parent: Agency | null }> {
  let [agency] = agencyId === null ? await db.select().from(agencies).where(isNull(agencies.parentId)).orderBy(asc(agencies.id)).limit(1) : await db.select().from(agencies).where(eq(agencies.id, agencyId));
  if (!agency) throw new PeriodicReportError("Không tìm thấy cơ quan của báo cáo.");
  while (agency.kind !== "government" && agency.kind !== "department" && agency.parentId !== null) {
    [agency] = await db.select().from(agencies).where(eq(agencies.id, agency.parentId));
  }
  const [parent] = agency.parentId === null ? [] : await db.select().from(agencies).where(eq(agencies.id, agency.parentId));
  return { agency, parent: parent ?? null };
}

/** A report that cannot be made for a reason the administrator can act on (shown in Vietnamese, a 4xx). */
export class PeriodicReportError extends Error {}

const scopeWhere = (agencyId: number | null) => (agencyId === null ? isNull(periodicReports.agencyId) : eq(periodicReports.agencyId, agencyId));

export async function findPeriodicReport(db: Database, frequency: ReportFrequency, start: string, agencyId: number | null): Promise<PeriodicReport | null> {
  const [row] = await db
    .select()
    .from(periodicReports)
    .where(and(eq(periodicReports.frequency, frequency), eq(periodicReports.periodStart, start), scopeWhere(agencyId)));
  return row ?? null;
}

/** The plain data the renderer takes, from the figures of the period and scope. */
export async function periodicReportData(
  services: AppServices,
  period: ReportPeriodOf,
  agencyId: number | null,
  now: Date,
): Promise<{ input: PeriodicReportInput; issuing: { agency: Agency; parent: Agency | null } }> {
  // Reads go to the reports database (the replica when there is one); only the record is written to the primary.
  const reportsDb = services.reports.db;
  const agencyIds = agencyId === null ? null : await agencySubtree(reportsDb, agencyId);
  const filters: ReportFilters = {
    period: { ...periodContaining(period.frequency === "monthly" ? "month" : "quarter", period.start) },
    agencyId: null,
    field: null,
    level: null,
    procedureId: null,
    channel: null,
  };
  const figures = await dashboardFigures(reportsDb, agencyIds, filters, services.config.timeZone);
  const age = await rollupAge(reportsDb);
  const issuing = await issuingAgencyOf(services.database.db, agencyId);
  const [scopeAgency] = agencyId === null ? [] : await services.database.db.select().from(agencies).where(eq(agencies.id, agencyId));
  const provinceName = issuing.agency.parentId === null ? issuing.agency.name : (issuing.parent?.name ?? issuing.agency.name);
  const scopeName =
    agencyId === null
      ? provinceName.replace(/^UBND\s+/u, "")
      : `${scopeAgency?.name ?? issuing.agency.name}${agencyIds && agencyIds.length > 1 ? " và các cơ quan, đơn vị trực thuộc" : ""}`;
  const expanded = (name: string) => name.replace(/^UBND\s+/u, "Ủy ban nhân dân ");
  const t = figures.totals;
  const { authority, title } = signatureAuthority({
    signerTitle: issuing.agency.headTitle ?? undefined,
    headTitle: issuing.agency.headTitle ?? undefined,
    collectiveBody: issuing.agency.kind === "government" ? "Ủy ban nhân dân" : undefined,
  });
  const abbreviation = issuing.agency.abbreviation ?? "UBND";
  const input: PeriodicReportInput = {
    header: resultHeader(issuing, now, undefined, PLACE),
    periodTitle: period.title,
    periodStart: instantOfLocal(period.start, "00:00", services.config.timeZone)!,
    periodEnd: instantOfLocal(period.end, "00:00", services.config.timeZone)!,
    scopeName,
    issuerName: expanded(issuing.agency.name),
    asOf: age?.asOf ?? now,
    counts: {
      entered: t.entered,
      received: t.received,
      resolved: t.resolved,
      early: t.early,
      onTime: t.onTime,
      late: t.late,
      inProgress: t.inProgress,
      overdueOpen: t.overdueOpen,
      withdrawn: t.withdrawn,
      refused: t.refused,
      awaiting: t.awaiting,
      stopped: t.stopped,
    },
    indicators: figures.indicators.map((v) => ({
      group: INDICATOR_GROUP_LABELS[v.definition.group],
      label: v.definition.label,
      formula: v.definition.formula,
      numerator: v.numerator,
      denominator: v.denominator,
      percent: v.percent,
    })),
    averageRating: figures.averageRating,
    byAgency: figures.byAgency.map((a) => ({
      name: a.name,
      received: a.totals.received,
      resolved: a.totals.resolved,
      early: a.totals.early,
      onTime: a.totals.onTime,
      late: a.totals.late,
      inProgress: a.totals.inProgress,
      overdueOpen: a.totals.overdueOpen,
    })),
    topLate: figures.topLateProcedures.map((p) => ({ code: p.code, name: p.name, late: lateCount(p.totals), reasons: p.reasons })),
    recipients: [
      issuing.agency.parentId === null ? "Văn phòng Chính phủ (Cục Kiểm soát thủ tục hành chính)" : `${issuing.parent?.name ?? "Cơ quan cấp trên"} (Văn phòng)`,
      "Các cơ quan, đơn vị có tên tại Mục I.3",
      `Lưu: VT, ${abbreviation === "UBND" ? "VP" : abbreviation}`,
    ],
    signature: { authority, title, note: "(Chữ ký số của cơ quan)" },
  };
  return { input, issuing };
}

/** The next number in the issuing scope's register of periodic reports for the year: `7/BC-UBND`. */
async function nextNumber(tx: Database, agencyId: number | null, year: string, abbreviation: string, timeZone: string): Promise<string> {
  // One numbering per scope and year; the job is a singleton, and the unique index stops a racing duplicate.
  const [row] = await tx
    .select({ n: count() })
    .from(periodicReports)
    .where(and(scopeWhere(agencyId), sql`extract(year from ${periodicReports.generatedAt} at time zone ${timeZone}) = ${Number(year)}`));
  return `${Number(row?.n ?? 0) + 1}/BC-${abbreviation}`;
}

/**
 * Makes, seals and stores the report of a period and scope, or finds the one already made. Returns
 * the row and whether this call made it.
 */
export async function generatePeriodicReport(
  services: AppServices,
  request: { period: ReportPeriodOf; agencyId: number | null; now: Date },
): Promise<{ report: PeriodicReport; created: boolean }> {
  const { period, agencyId, now } = request;
  const { db } = services.database;
  const existing = await findPeriodicReport(db, period.frequency, period.start, agencyId);
  if (existing) return { report: existing, created: false };
  const { input, issuing } = await periodicReportData(services, period, agencyId, now);
  const number = await nextNumber(db, agencyId, localDate(now).slice(0, 4), issuing.agency.abbreviation ?? "UBND", services.config.timeZone);
  input.header = { ...input.header, number };
  const rendered = await renderPeriodicReport(input);
  const area = rendered.signatureAreas.organisation;
  const pdf = await signPdf(rendered.pdf, await services.signers.forAgency(issuing.agency.id), {
    reason: `Báo cáo tình hình, kết quả giải quyết thủ tục hành chính ${period.title}`,
    location: input.header.place,
    signingTime: now,
    appearance: area ? { page: area.page, rect: area.rect, seal: { agency: issuing.agency.name } } : false,
    fieldName: "Signature-organisation",
  });
  const { sha256, size } = await services.storage.put(pdf);
  const inserted = await db
    .insert(periodicReports)
    .values({ frequency: period.frequency, periodStart: period.start, periodEnd: period.end, agencyId, number, sha256, size, generatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { report: inserted[0], created: true };
  // Another run made it between our look and our insert: theirs stands.
  return { report: (await findPeriodicReport(db, period.frequency, period.start, agencyId))!, created: false };
}

export type RecipientRow = typeof reportRecipients.$inferSelect;

/** The active recipients of a frequency and scope. */
export async function recipientsOf(db: Database, frequency: ReportFrequency, agencyId: number | null): Promise<RecipientRow[]> {
  return db
    .select()
    .from(reportRecipients)
    .where(
      and(
        eq(reportRecipients.frequency, frequency),
        eq(reportRecipients.active, true),
        agencyId === null ? isNull(reportRecipients.agencyId) : eq(reportRecipients.agencyId, agencyId),
      ),
    )
    .orderBy(asc(reportRecipients.id));
}

export type PeriodicReportMailPayload = { audience: "periodicReport"; reportId: number; recipientId: number };

/**
 * Queues one mail per active recipient, keyed by report and recipient, in the transaction that sets
 * mailed_at: a report is handed to the outbox once, and a retry queues nothing new. Returns how many
 * mails were queued by this call; mailed_at stays null while there was no one to mail.
 */
export async function mailPeriodicReport(services: AppServices, reportId: number, now: Date): Promise<number> {
  return withTransaction(services.database, async (tx) => {
    const [report] = await tx.select().from(periodicReports).where(eq(periodicReports.id, reportId)).for("update");
    if (!report || report.mailedAt) return 0;
    let queued = 0;
    for (const recipient of await recipientsOf(tx, report.frequency, report.agencyId)) {
      const payload: PeriodicReportMailPayload = { audience: "periodicReport", reportId, recipientId: recipient.id };
      const written = await enqueueOutboxMessage(tx, {
        channel: "mail",
        messageKey: `mail:periodic-report:${reportId}:recipient:${recipient.id}`,
        dossierId: null,
        // Each recipient's mail is its own group: one full mailbox does not hold the others'.
        groupKey: `periodic-report:${reportId}:${recipient.id}`,
        payload,
        now,
      });
      if (written) queued += 1;
    }
    // With no recipient yet nothing is handed over: a recipient added later still gets this report
    // from the administrator's button or the job's retry.
    if (queued > 0) await tx.update(periodicReports).set({ mailedAt: now }).where(eq(periodicReports.id, reportId));
    return queued;
  });
}

/** The file name a report is downloaded and attached as. */
export function periodicReportFileName(report: Pick<PeriodicReport, "frequency" | "periodStart" | "agencyId">): string {
  const period = report.frequency === "monthly" ? report.periodStart.slice(0, 7) : `${report.periodStart.slice(0, 4)}-Q${Math.floor((Number(report.periodStart.slice(5, 7)) - 1) / 3) + 1}`;
  return `BaoCao-TTHC-${period}${report.agencyId === null ? "" : `-CQ${report.agencyId}`}.pdf`;
}

/** The mail that carries a report, in Vietnamese (recipients are officials of the province). */
export function periodicReportMail(report: PeriodicReport, recipient: Pick<RecipientRow, "name">, scopeName: string, baseUrl: string) {
  const period = reportPeriod(report.frequency, report.periodStart);
  const subject = `[Một Cửa] Báo cáo tình hình, kết quả giải quyết TTHC ${period.title} — ${scopeName}`;
  const text = [
    `Kính gửi ${recipient.name},`,
    "",
    `Hệ thống Một Cửa điện tử gửi kèm Báo cáo số ${report.number ?? ""} về tình hình, kết quả giải quyết thủ tục hành chính ${period.title} của ${scopeName}.`,
    "Báo cáo được ký số bằng chữ ký số của cơ quan; có thể kiểm tra chữ ký bằng phần mềm đọc PDF.",
    "",
    `Số liệu chi tiết: ${baseUrl.replace(/\/+$/, "")}/`,
    "",
    "Thư này được gửi tự động, vui lòng không trả lời.",
  ].join("\n");
  return { subject, text };
}

/** How the admin page and the mail name a scope. */
export async function scopeNameOf(db: Database, agencyId: number | null): Promise<string> {
  if (agencyId === null) return "Toàn tỉnh";
  const [row] = await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId));
  return row?.name ?? `Cơ quan #${agencyId}`;
}

/**
 * Makes and mails the report of `period` for every scope that has an active recipient of its
 * frequency (the province's report is made even without one, so the administrator can download it).
 */
export async function runPeriodicReportsFor(services: AppServices, period: ReportPeriodOf, now: Date) {
  const { db } = services.database;
  const scopes = await db
    .selectDistinct({ agencyId: reportRecipients.agencyId })
    .from(reportRecipients)
    .where(and(eq(reportRecipients.frequency, period.frequency), eq(reportRecipients.active, true)));
  const agencyIds = [...new Set<number | null>([null, ...scopes.map((s) => s.agencyId)])];
  const outcomes: Array<{ agencyId: number | null; reportId: number; created: boolean; queued: number }> = [];
  for (const agencyId of agencyIds) {
    const { report, created } = await generatePeriodicReport(services, { period, agencyId, now });
    const queued = await mailPeriodicReport(services, report.id, now);
    outcomes.push({ agencyId, reportId: report.id, created, queued });
  }
  return outcomes;
}

/** The scheduled job: the periods due when it fired (none on most days), made at `now`. */
export async function runDuePeriodicReports(services: AppServices, firedAt: Date, now: Date) {
  const outcomes = [];
  for (const period of periodsDue(firedAt)) outcomes.push(...(await runPeriodicReportsFor(services, period, now)));
  return outcomes;
}

/** The reports made, newest period first, for the admin page. */
export async function listPeriodicReports(db: Database, limit = 50) {
  return db
    .select({
      id: periodicReports.id,
      frequency: periodicReports.frequency,
      periodStart: periodicReports.periodStart,
      periodEnd: periodicReports.periodEnd,
      agencyId: periodicReports.agencyId,
      agencyName: agencies.name,
      number: periodicReports.number,
      size: periodicReports.size,
      generatedAt: periodicReports.generatedAt,
      mailedAt: periodicReports.mailedAt,
    })
    .from(periodicReports)
    .leftJoin(agencies, eq(agencies.id, periodicReports.agencyId))
    .orderBy(desc(periodicReports.periodStart), asc(periodicReports.frequency), asc(periodicReports.id))
    .limit(limit);
}
