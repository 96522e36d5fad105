/**
 * The filters every monitoring page reads from its GET parameters (so that pages, links, exports and
 * the drill-down all work without JavaScript), and the scope the reader's permission allows. The
 * scope is decided here from the session, never from a parameter: an agency asked for outside it is
 * refused (403), not quietly widened.
 */
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { agencies } from "../../../db/schema";
import { localDate } from "../../time";
import type { SessionUser } from "../auth.server";
import { hasPermission } from "../permissions.server";

export const PERIOD_KINDS = ["month", "quarter", "year", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const AGENCY_LEVELS = ["province", "district", "commune"] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

export type ReportPeriod = {
  kind: PeriodKind;
  /** First month covered, 'YYYY-MM-01'. */
  fromMonth: string;
  /** Last month covered, 'YYYY-MM-01' (inclusive). */
  toMonth: string;
  /** As the page titles it: "Tháng 11/2026", "Quý IV/2026", "Năm 2026", "Từ 01/2026 đến 06/2026". */
  label: string;
};

export type ReportFilters = {
  period: ReportPeriod;
  agencyId: number | null;
  field: string | null;
  level: AgencyLevel | null;
  procedureId: number | null;
  channel: 1 | 2 | 3 | null;
};

/**
 * Which agencies' dossiers a reader may see: null for every agency (the root's monitor), or a list.
 * `rootAgencyId` is the agency the scope is drawn from (shown as "Phạm vi: …").
 */
export type ReportScope = { agencyIds: number[] | null; rootAgencyId: number; label: string };

export class ReportInputError extends Error {
  constructor(
    readonly status: 400 | 403,
    message: string,
  ) {
    super(message);
  }
}

const ROMAN = ["I", "II", "III", "IV"];

/** The quarter (1–4) of a 'YYYY-MM-…' date. */
export const quarterOf = (date: string): number => Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
/** The quarter of a 'YYYY-MM-…' date in Roman numerals, as Vietnamese reports write it ("IV"). */
export const romanQuarterOf = (date: string): string => ROMAN[quarterOf(date) - 1];
const pad = (n: number) => String(n).padStart(2, "0");
const monthStart = (year: number, month: number) => `${year}-${pad(month)}-01`;

/** Adds months to a 'YYYY-MM-01'. */
export function addMonths(month: string, count: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + count;
  return monthStart(Math.floor(index / 12), (index % 12) + 1);
}

/** The months from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to && months.length < 600; m = addMonths(m, 1)) months.push(m);
  return months;
}

export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** The period a kind and a reference date ('YYYY-MM-DD') fall in. */
export function periodContaining(kind: Exclude<PeriodKind, "custom">, date: string): ReportPeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === "month") {
    const m = monthStart(year, month);
    return { kind, fromMonth: m, toMonth: m, label: `Tháng ${monthLabel(m)}` };
  }
  if (kind === "quarter") {
    const q = Math.floor((month - 1) / 3);
    return { kind, fromMonth: monthStart(year, q * 3 + 1), toMonth: monthStart(year, q * 3 + 3), label: `Quý ${ROMAN[q]}/${year}` };
  }
  return { kind, fromMonth: monthStart(year, 1), toMonth: monthStart(year, 12), label: `Năm ${year}` };
}

const MONTH_PARAM = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_PARAM = /^(\d{4})-Q([1-4])$/;
const YEAR_PARAM = /^(\d{4})$/;

function parsePeriod(params: URLSearchParams, now: Date): ReportPeriod {
  const kindParam = params.get("ky") ?? "month";
  const kind = (PERIOD_KINDS as readonly string[]).includes(kindParam) ? (kindParam as PeriodKind) : null;
  if (!kind) throw new ReportInputError(400, "Loại kỳ báo cáo không hợp lệ: chọn tháng, quý, năm hoặc tùy chọn.");
  const today = localDate(now);
  const value = params.get("gia-tri")?.trim() || "";
  if (kind === "month") {
    if (!value) return periodContaining("month", today);
    const m = MONTH_PARAM.exec(value);
    if (!m) throw new ReportInputError(400, "Tháng không hợp lệ: nhập theo dạng năm-tháng, ví dụ 2026-11.");
    return periodContaining("month", `${value}-01`);
  }
  if (kind === "quarter") {
    if (!value) return periodContaining("quarter", today);
    const m = QUARTER_PARAM.exec(value);
    if (!m) throw new ReportInputError(400, "Quý không hợp lệ: nhập theo dạng năm-Q số quý, ví dụ 2026-Q4.");
    return periodContaining("quarter", monthStart(Number(m[1]), (Number(m[2]) - 1) * 3 + 1));
  }
  if (kind === "year") {
    if (!value) return periodContaining("year", today);
    if (!YEAR_PARAM.test(value)) throw new ReportInputError(400, "Năm không hợp lệ: nhập bốn chữ số, ví dụ 2026.");
    return periodContaining("year", `${value}-01-01`);
  }
  const from = params.get("tu")?.trim() ?? "";
  const to = params.get("den")?.trim() ?? "";
  if (!MONTH_PARAM.test(from) || !MONTH_PARAM.test(to)) {
    throw new ReportInputError(400, "Kỳ tùy chọn cần tháng bắt đầu và tháng kết thúc theo dạng năm-tháng, ví dụ 2026-01 đến 2026-06.");
  }
  if (from > to) throw new ReportInputError(400, "Tháng bắt đầu phải trước hoặc trùng tháng kết thúc.");
  const fromMonth = `${from}-01`;
  const toMonth = `${to}-01`;
  if (monthsBetween(fromMonth, toMonth).length > 120) throw new ReportInputError(400, "Kỳ tùy chọn dài nhất 10 năm.");
  return { kind, fromMonth, toMonth, label: `Từ tháng ${monthLabel(fromMonth)} đến tháng ${monthLabel(toMonth)}` };
}

function parseId(params: URLSearchParams, name: string, what: string): number | null {
  const raw = params.get(name)?.trim();
  if (!raw) return null;
  if (!/^\d{1,9}$/.test(raw)) throw new ReportInputError(400, `${what} không hợp lệ.`);
  return Number(raw);
}

/** Filters from a page's query string; bad values are a 400 with a Vietnamese message. */
export function parseReportFilters(params: URLSearchParams, now: Date): ReportFilters {
  const level = params.get("cap")?.trim() || null;
  if (level !== null && !(AGENCY_LEVELS as readonly string[]).includes(level)) throw new ReportInputError(400, "Cấp không hợp lệ.");
  const channelRaw = params.get("kenh")?.trim() || null;
  if (channelRaw !== null && !["1", "2", "3"].includes(channelRaw)) throw new ReportInputError(400, "Kênh nộp không hợp lệ.");
  const field = params.get("linh-vuc")?.trim() || null;
  if (field !== null && field.length > 200) throw new ReportInputError(400, "Lĩnh vực không hợp lệ.");
  return {
    period: parsePeriod(params, now),
    agencyId: parseId(params, "co-quan", "Cơ quan"),
    field,
    level: level as AgencyLevel | null,
    procedureId: parseId(params, "thu-tuc", "Thủ tục"),
    channel: channelRaw === null ? null : (Number(channelRaw) as 1 | 2 | 3),
  };
}

/** The value the period form shows and `gia-tri` carries: 2026-11, 2026-Q4, 2026; empty for a custom period. */
export function periodValue(period: ReportPeriod): string {
  if (period.kind === "month") return period.fromMonth.slice(0, 7);
  if (period.kind === "quarter") return `${period.fromMonth.slice(0, 4)}-Q${quarterOf(period.fromMonth)}`;
  if (period.kind === "year") return period.fromMonth.slice(0, 4);
  return "";
}

/** A file name part for exports: 2026-11, 2026-Q4, 2026, 2026-01-2026-06. */
export function periodSlug(period: ReportPeriod): string {
  return period.kind === "custom" ? `${period.fromMonth.slice(0, 7)}-${period.toMonth.slice(0, 7)}` : periodValue(period);
}

/** The query string of filters (for links: drill-down, exports, the next page). */
export function filtersToParams(filters: ReportFilters): URLSearchParams {
  const params = new URLSearchParams();
  const { period } = filters;
  params.set("ky", period.kind);
  if (period.kind === "custom") {
    params.set("tu", period.fromMonth.slice(0, 7));
    params.set("den", period.toMonth.slice(0, 7));
  } else params.set("gia-tri", periodValue(period));
  if (filters.agencyId !== null) params.set("co-quan", String(filters.agencyId));
  if (filters.field !== null) params.set("linh-vuc", filters.field);
  if (filters.level !== null) params.set("cap", filters.level);
  if (filters.procedureId !== null) params.set("thu-tuc", String(filters.procedureId));
  if (filters.channel !== null) params.set("kenh", String(filters.channel));
  return params;
}

/** The agency and every agency under it (parent_id tree). */
export async function agencySubtree(db: Queryable, rootId: number): Promise<number[]> {
  const result = await db.execute<{ id: number }>(sql`
    with recursive tree(id) as (select ${rootId}::int union select a.id from agencies a join tree t on a.parent_id = t.id)
    select id from tree`);
  return result.rows.map((r) => Number(r.id));
}

/**
 * What the reader may see. Throws 403 when she holds neither reports permission. A monitor at the
 * root agency (no parent) sees everything: agencyIds null, no filter at all.
 */
export async function reportScopeFor(db: Queryable, user: Pick<SessionUser, "role" | "agencyId">): Promise<ReportScope> {
  const [agency] = await db.select({ id: agencies.id, name: agencies.name, parentId: agencies.parentId }).from(agencies).where(eq(agencies.id, user.agencyId));
  if (!agency) throw new ReportInputError(403, "Tài khoản chưa gắn với cơ quan nào nên không xem được số liệu.");
  if (hasPermission(user, "read:reports:all")) {
    if (agency.parentId === null) return { agencyIds: null, rootAgencyId: agency.id, label: agency.name };
    return { agencyIds: await agencySubtree(db, agency.id), rootAgencyId: agency.id, label: agency.name };
  }
  if (hasPermission(user, "read:reports:agency")) return { agencyIds: [agency.id], rootAgencyId: agency.id, label: agency.name };
  throw new ReportInputError(403, "Bạn không có quyền xem số liệu theo dõi, báo cáo.");
}

/**
 * The receiving agencies a filtered query covers: the scope, narrowed to the chosen agency and the
 * agencies under it. Null: no restriction. An agency outside the scope is a 403.
 */
export async function agenciesFor(db: Queryable, scope: ReportScope, filters: Pick<ReportFilters, "agencyId">): Promise<number[] | null> {
  if (filters.agencyId === null) return scope.agencyIds;
  if (scope.agencyIds !== null && !scope.agencyIds.includes(filters.agencyId)) {
    throw new ReportInputError(403, "Cơ quan này nằm ngoài phạm vi bạn được xem.");
  }
  const subtree = await agencySubtree(db, filters.agencyId);
  return scope.agencyIds === null ? subtree : subtree.filter((id) => scope.agencyIds!.includes(id));
}
