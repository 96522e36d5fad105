/**
 * The monitoring figures (issue 12): totals, shares, monthly trend, breakdowns by agency and field,
 * the procedures and agencies with most late dossiers (with the reasons their apologies gave), and the
 * drill-down list behind any figure. Totals come from the monthly rollup (fast at province scale);
 * the drill-down and the apology reasons read the dossiers with the same predicates
 * (measures.server.ts). Every function takes the database to read, so reports can go to the replica
 * (services.reports.db) while nothing here ever writes.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../../workflows/dossier-status";
import { indicatorValues, type IndicatorValue } from "./indicators.server";
import { FACTS_FROM, MEASURES, MEASURE_COLUMNS, PERIOD_INSTANT, measurePredicate, type Measure } from "./measures.server";
import { addMonths, monthsBetween, type ReportFilters } from "./filters.server";

export type MeasureTotals = Record<Measure, number> & { ratingSum: number };

export const emptyTotals = (): MeasureTotals =>
  Object.fromEntries([...MEASURES.map((m) => [m, 0]), ["ratingSum", 0]]) as MeasureTotals;

/** What a rollup query groups by, beyond the month: decides which rollup can answer it. */
type RollupGrouping = "none" | "agency" | "procedure";

/**
 * The rollup table (alias ru) that can answer a query, and the condition keeping it to the agencies
 * and filters. A query bound to agencies (a scope, a level, grouped by agency) and to procedures
 * (a field, a procedure, grouped by procedure) needs the detailed rollup; one bound to only one of
 * them reads the much smaller agency or procedure rollup (db/schema.ts, ADR 0025). Field and level
 * are semi-joins on the small catalog tables rather than joins: joining every rollup row to its
 * procedure and agency cost more than reading it.
 */
function rollupQuery(
  agencyIds: number[] | null,
  filters: ReportFilters,
  months: { from: string; to: string },
  grouping: RollupGrouping,
): { from: SQL; where: SQL } {
  const agencyBound = agencyIds !== null || filters.level !== null || grouping === "agency";
  const procedureBound = filters.field !== null || filters.procedureId !== null || grouping === "procedure";
  const table = agencyBound && procedureBound ? "report_monthly_rollup" : procedureBound ? "report_procedure_rollup" : "report_agency_rollup";
  const parts: SQL[] = [sql`ru.month between ${months.from}::date and ${months.to}::date`];
  if (agencyIds !== null) parts.push(agencyIds.length ? sql`ru.agency_id = any(${`{${agencyIds.join(",")}}`}::int[])` : sql`false`);
  if (filters.field !== null) parts.push(sql`ru.procedure_id in (select fp.id from procedures fp where fp.field = ${filters.field})`);
  if (filters.level !== null) parts.push(sql`ru.agency_id in (select la.id from agencies la where la.level = ${filters.level})`);
  if (filters.procedureId !== null) parts.push(sql`ru.procedure_id = ${filters.procedureId}`);
  if (filters.channel !== null) parts.push(sql`ru.channel = ${filters.channel}`);
  return { from: sql.raw(`${table} ru`), where: sql.join(parts, sql` and `) };
}

const SUMS = sql.raw([...MEASURES.map((m) => `coalesce(sum(ru.${MEASURE_COLUMNS[m]}), 0)::int as "${m}"`), `coalesce(sum(ru.rating_sum), 0)::int as "ratingSum"`].join(", "));
/** The same sums again over rows already summed (alias t, with the names SUMS gives). */
const RESUMS = sql.raw([...MEASURES, "ratingSum"].map((m) => `coalesce(sum(t."${m}"), 0)::int as "${m}"`).join(", "));

function toTotals(row: Record<string, unknown>): MeasureTotals {
  const totals = emptyTotals();
  for (const key of Object.keys(totals) as (keyof MeasureTotals)[]) totals[key] = Number(row[key] ?? 0);
  return totals;
}

export function addTotals(into: MeasureTotals, more: MeasureTotals): MeasureTotals {
  for (const key of Object.keys(into) as (keyof MeasureTotals)[]) into[key] += more[key];
  return into;
}

/** Summed measures over the filters' period. */
export async function reportTotals(db: Queryable, agencyIds: number[] | null, filters: ReportFilters): Promise<MeasureTotals> {
  const { from, where } = rollupQuery(agencyIds, filters, { from: filters.period.fromMonth, to: filters.period.toMonth }, "none");
  const result = await db.execute<Record<string, unknown>>(sql`select ${SUMS} from ${from} where ${where}`);
  return toTotals(result.rows[0] ?? {});
}

/** Average score out of 5 with one decimal; null when nobody rated. */
export const averageRating = (totals: Pick<MeasureTotals, "rated" | "ratingSum">): number | null =>
  totals.rated > 0 ? Math.round((totals.ratingSum * 10) / totals.rated) / 10 : null;

export type TrendPoint = { month: string; totals: MeasureTotals };

/** The months a trend shows for the filters' period (see monthlyTrend). */
function trendMonths(filters: ReportFilters): { from: string; to: string } {
  const to = filters.period.toMonth;
  const from = monthsBetween(filters.period.fromMonth, to).length >= 12 ? filters.period.fromMonth : addMonths(to, -11);
  return { from, to };
}

/**
 * One point per month: the period's months, or the twelve months ending with the period's last when
 * the period is shorter (a trend of one month says nothing).
 */
export async function monthlyTrend(db: Queryable, agencyIds: number[] | null, filters: ReportFilters): Promise<TrendPoint[]> {
  const { from, to } = trendMonths(filters);
  const rollup = rollupQuery(agencyIds, filters, { from, to }, "none");
  const result = await db.execute<Record<string, unknown>>(
    sql`select to_char(ru.month, 'YYYY-MM-DD') as month, ${SUMS} from ${rollup.from} where ${rollup.where} group by ru.month`,
  );
  const byMonth = new Map(result.rows.map((row) => [String(row.month), toTotals(row)]));
  return monthsBetween(from, to).map((month) => ({ month, totals: byMonth.get(month) ?? emptyTotals() }));
}

/** The period's totals from its trend: the trend's months always include the period's. */
function totalsFromTrend(trend: TrendPoint[], filters: ReportFilters): MeasureTotals {
  const totals = emptyTotals();
  for (const point of trend) {
    if (point.month >= filters.period.fromMonth && point.month <= filters.period.toMonth) addTotals(totals, point.totals);
  }
  return totals;
}

export type AgencyRow = { agencyId: number; name: string; level: string; totals: MeasureTotals };
export type FieldRow = { field: string; totals: MeasureTotals };
export type ProcedureRow = { procedureId: number; code: string; name: string; field: string; totals: MeasureTotals };

export async function totalsByAgency(db: Queryable, agencyIds: number[] | null, filters: ReportFilters): Promise<AgencyRow[]> {
  const { from, where } = rollupQuery(agencyIds, filters, { from: filters.period.fromMonth, to: filters.period.toMonth }, "agency");
  // Summed first, named after: a few hundred joins instead of one per rollup row.
  const result = await db.execute<Record<string, unknown>>(sql`
    select ag.id as "agencyId", ag.name, ag.level, t.*
    from (select ru.agency_id, ${SUMS} from ${from} where ${where} group by ru.agency_id) t
    join agencies ag on ag.id = t.agency_id
    order by ag.level, ag.name`);
  return result.rows.map((row) => ({ agencyId: Number(row.agencyId), name: String(row.name), level: String(row.level), totals: toTotals(row) }));
}

/**
 * The totals per procedure and per field in one read of the rollup: a field's figures are the sum of
 * its procedures' (each procedure has one field).
 */
async function totalsByProcedureAndField(
  db: Queryable,
  agencyIds: number[] | null,
  filters: ReportFilters,
): Promise<{ byProcedure: ProcedureRow[]; byField: FieldRow[] }> {
  const { from, where } = rollupQuery(agencyIds, filters, { from: filters.period.fromMonth, to: filters.period.toMonth }, "procedure");
  const result = await db.execute<Record<string, unknown>>(sql`
    with t as (
      select p.id as "procedureId", p.code, p.name, p.field, s.*
      from (select ru.procedure_id, ${SUMS} from ${from} where ${where} group by ru.procedure_id) s
      join procedures p on p.id = s.procedure_id
    )
    select * from (
      select 'procedure' as kind, 1 as part, t."procedureId", t.code, t.name, t.field, ${sql.raw([...MEASURES, "ratingSum"].map((m) => `t."${m}"`).join(", "))} from t
      union all
      select 'field', 2, null, null, null, t.field, ${RESUMS} from t group by t.field
    ) u
    order by part, case when part = 1 then code end, case when part = 2 then field end`);
  const byProcedure: ProcedureRow[] = [];
  const byField: FieldRow[] = [];
  for (const row of result.rows) {
    if (row.kind === "procedure") {
      byProcedure.push({ procedureId: Number(row.procedureId), code: String(row.code), name: String(row.name), field: String(row.field), totals: toTotals(row) });
    } else {
      byField.push({ field: String(row.field), totals: toTotals(row) });
    }
  }
  return { byProcedure, byField };
}

export async function totalsByField(db: Queryable, agencyIds: number[] | null, filters: ReportFilters): Promise<FieldRow[]> {
  return (await totalsByProcedureAndField(db, agencyIds, filters)).byField;
}

export async function totalsByProcedure(db: Queryable, agencyIds: number[] | null, filters: ReportFilters): Promise<ProcedureRow[]> {
  return (await totalsByProcedureAndField(db, agencyIds, filters)).byProcedure;
}

/** Late = returned late plus still open past due: what a monitor chases. */
export const lateCount = (totals: MeasureTotals) => totals.late + totals.overdueOpen;

export type LateReason = { reason: string; count: number };

/** Where a dossier query (alias d, p, ag) keeps to the agencies, filters and cohort period. */
export function dossierWhere(agencyIds: number[] | null, filters: ReportFilters, timeZone: string): SQL {
  const parts: SQL[] = [
    sql`${PERIOD_INSTANT} >= (${filters.period.fromMonth}::date::timestamp at time zone ${timeZone})`,
    sql`${PERIOD_INSTANT} < ((${filters.period.toMonth}::date + interval '1 month')::timestamp at time zone ${timeZone})`,
  ];
  if (agencyIds !== null) parts.push(agencyIds.length ? sql`d.receiving_agency_id = any(${`{${agencyIds.join(",")}}`}::int[])` : sql`false`);
  if (filters.field !== null) parts.push(sql`p.field = ${filters.field}`);
  if (filters.level !== null) parts.push(sql`ag.level = ${filters.level}`);
  if (filters.procedureId !== null) parts.push(sql`d.procedure_id = ${filters.procedureId}`);
  if (filters.channel !== null) parts.push(sql`d.channel = ${filters.channel}`);
  return sql.join(parts, sql` and `);
}

/**
 * The reasons apologies gave (Mẫu 04) for the dossiers of the filtered cohort, grouped by procedure
 * or by receiving agency: the text an officer wrote, counted as written (trimmed).
 */
export async function apologyReasons(
  db: Queryable,
  agencyIds: number[] | null,
  filters: ReportFilters,
  timeZone: string,
  by: "procedure" | "agency",
  keys: number[],
): Promise<Map<number, LateReason[]>> {
  const reasons = new Map<number, LateReason[]>();
  if (keys.length === 0) return reasons;
  const key = by === "procedure" ? sql.raw("d.procedure_id") : sql.raw("d.receiving_agency_id");
  const result = await db.execute<{ key: number; reason: string; count: number }>(sql`
    select ${key} as key, btrim(coalesce(jsonb_path_query_first(e.effects, '$[*] ? (@.type == "issueApology").reason') #>> '{}', e.note, '')) as reason, count(*)::int as count
    from dossier_events e join ${FACTS_FROM} on d.id = e.dossier_id
    where e.action = 'APOLOGISE' and ${key} = any(${`{${keys.join(",")}}`}::int[]) and ${dossierWhere(agencyIds, filters, timeZone)}
    group by 1, 2 order by 1, 3 desc, 2`);
  for (const row of result.rows) {
    const list = reasons.get(Number(row.key)) ?? [];
    list.push({ reason: row.reason || "(không ghi lý do)", count: Number(row.count) });
    reasons.set(Number(row.key), list);
  }
  return reasons;
}

export type TopLate<T> = T & { lateTotal: number; reasons: LateReason[] };

export type DashboardFigures = {
  totals: MeasureTotals;
  indicators: IndicatorValue[];
  /** Average score out of 5, one decimal; null when nobody rated. */
  averageRating: number | null;
  trend: TrendPoint[];
  byAgency: AgencyRow[];
  byField: FieldRow[];
  topLateProcedures: TopLate<ProcedureRow>[];
  topLateAgencies: TopLate<AgencyRow>[];
};

export const TOP_LATE_COUNT = 10;

export async function dashboardFigures(db: Queryable, agencyIds: number[] | null, filters: ReportFilters, timeZone: string): Promise<DashboardFigures> {
  // Three reads of the rollup, not five: the period's totals are a sum of its trend's months, the
  // fields' a sum of their procedures' (docs/decisions/0025).
  // They are independent: on a pool (the replica's, or the primary's) they run side by side.
  const [trend, byAgency, { byProcedure, byField }] = await Promise.all([
    monthlyTrend(db, agencyIds, filters),
    totalsByAgency(db, agencyIds, filters),
    totalsByProcedureAndField(db, agencyIds, filters),
  ]);
  const totals = totalsFromTrend(trend, filters);
  const rank = <T extends { totals: MeasureTotals }>(rows: T[], name: (row: T) => string) =>
    rows
      .filter((row) => lateCount(row.totals) > 0)
      .sort((a, b) => lateCount(b.totals) - lateCount(a.totals) || name(a).localeCompare(name(b), "vi"))
      .slice(0, TOP_LATE_COUNT);
  const lateProcedures = rank(byProcedure, (r) => r.code);
  const lateAgencies = rank(byAgency, (r) => r.name);
  const procedureReasons = await apologyReasons(db, agencyIds, filters, timeZone, "procedure", lateProcedures.map((r) => r.procedureId));
  const agencyReasons = await apologyReasons(db, agencyIds, filters, timeZone, "agency", lateAgencies.map((r) => r.agencyId));
  return {
    totals,
    indicators: indicatorValues(totals),
    averageRating: averageRating(totals),
    trend,
    byAgency,
    byField,
    topLateProcedures: lateProcedures.map((r) => ({ ...r, lateTotal: lateCount(r.totals), reasons: procedureReasons.get(r.procedureId) ?? [] })),
    topLateAgencies: lateAgencies.map((r) => ({ ...r, lateTotal: lateCount(r.totals), reasons: agencyReasons.get(r.agencyId) ?? [] })),
  };
}

export type DrilldownRow = {
  code: string;
  procedureCode: string;
  procedureName: string;
  agencyName: string;
  channel: number;
  status: number;
  statusName: string;
  submittedAt: Date;
  receivedAt: Date | null;
  dueAt: Date | null;
  returnedAt: Date | null;
};

export const DRILLDOWN_PAGE_SIZE = 50;

/**
 * The dossiers behind one figure: the cohort of the filters for which the measure holds, newest
 * first. No applicant data: the code links to the dossier, whose own page checks the reader's access.
 */
export async function drilldown(
  db: Queryable,
  agencyIds: number[] | null,
  filters: ReportFilters,
  measure: Measure,
  options: { timeZone: string; asOf: Date; page: number; pageSize?: number },
): Promise<{ total: number; rows: DrilldownRow[] }> {
  const pageSize = options.pageSize ?? DRILLDOWN_PAGE_SIZE;
  const where = sql`${dossierWhere(agencyIds, filters, options.timeZone)} and ${measurePredicate(measure, options)}`;
  const [count] = (await db.execute<{ total: number }>(sql`select count(*)::int as total from ${FACTS_FROM} where ${where}`)).rows;
  const result = await db.execute<Record<string, unknown>>(sql`
    select d.code, p.code as "procedureCode", p.name as "procedureName", ag.name as "agencyName", d.channel, d.status,
           d.submitted_at as "submittedAt", d.received_at as "receivedAt", d.due_at as "dueAt", d.returned_at as "returnedAt"
    from ${FACTS_FROM} where ${where}
    order by ${PERIOD_INSTANT} desc, d.code desc
    limit ${pageSize} offset ${Math.max(0, options.page - 1) * pageSize}`);
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    total: Number(count?.total ?? 0),
    rows: result.rows.map((row) => ({
      code: String(row.code),
      procedureCode: String(row.procedureCode),
      procedureName: String(row.procedureName),
      agencyName: String(row.agencyName),
      channel: Number(row.channel),
      status: Number(row.status),
      statusName: DOSSIER_STATUS_NAMES[Number(row.status) as DossierStatusCode] ?? String(row.status),
      submittedAt: date(row.submittedAt)!,
      receivedAt: date(row.receivedAt),
      dueAt: date(row.dueAt),
      returnedAt: date(row.returnedAt),
    })),
  };
}
