/**
 * The monitoring dashboard (/giam-sat) and its drill-down (/giam-sat/ho-so) as page models: what the
 * reader may see (scope from the session), the filters from the query string, the figures from the
 * rollup on the reports database, every table as a ReportTable (shown and exported alike), and the
 * links from each figure to the dossiers behind it. The routes only render these or send the file.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { agencies, procedures } from "../../../db/schema";
import { translator, type Language } from "../../i18n";
import { formatLocalDateTime } from "../../time";
import { redirect } from "@remix-run/node";
import { currentUser, type SessionUser } from "../auth.server";
import { QUEUES } from "../jobs.server";
import type { AppServices } from "../context.server";
import { hasPermission } from "../permissions.server";
import { readLanguage } from "../language.server";
import { dashboardFigures, drilldown, DRILLDOWN_PAGE_SIZE, type DrilldownRow, type LateReason, type MeasureTotals } from "./dashboard.server";
import { agenciesFor, filtersToParams, monthLabel, parseReportFilters, periodSlug, reportScopeFor, ReportInputError, type ReportFilters, type ReportScope } from "./filters.server";
import { INDICATOR_GROUP_LABELS, INDICATOR_GROUP_LABELS_EN } from "./indicators.server";
import { isMeasure, MEASURE_LABELS, MEASURE_LABELS_EN, type Measure } from "./measures.server";
import { exportRequested, type ReportCell, type ReportTable } from "./report-tables.server";
import { rollupAge } from "./rollup.server";

import { DASHBOARD_PATH, DRILLDOWN_PATH } from "../../monitoring-paths";

export { DASHBOARD_DOWNLOAD_PATH, DASHBOARD_PATH, DRILLDOWN_DOWNLOAD_PATH, DRILLDOWN_PATH } from "../../monitoring-paths";
/** A drill-down download holds at most this many dossiers (a province month can hold far more). */
export const DRILLDOWN_EXPORT_CAP = 50_000;

/** The counts the dashboard shows, in its order; `overdueOpen` is shown inside "in progress". */
export const DASHBOARD_COUNTS: readonly Measure[] = [
  "entered",
  "received",
  "inProgress",
  "overdueOpen",
  "resolved",
  "early",
  "onTime",
  "late",
  "withdrawn",
  "refused",
  "awaiting",
  "stopped",
  "paused",
];

/** The indicators shown as shares on the dashboard (the indicator page shows all of them). */
const DASHBOARD_SHARES = ["online", "onlineFull", "paidOnline", "digitised", "satisfied", "onTime"] as const;

/** The query as the filter form shows it (strings, empty when not chosen). */
export type FilterQuery = { ky: string; "gia-tri": string; tu: string; den: string; "co-quan": string; "linh-vuc": string; cap: string; "thu-tuc": string; kenh: string };

export type FilterChoices = {
  agencies: Array<{ id: number; name: string; level: string }>;
  fields: string[];
  procedures: Array<{ id: number; code: string; name: string }>;
};

export type DataAge = { asOf: string | null; separate: boolean; lagSeconds: number | null };

export type CountFigure = { measure: Measure; label: string; value: number; href: string };
export type ShareFigure = {
  key: string;
  group: string;
  label: string;
  formula: string;
  numerator: number;
  denominator: number;
  percent: number | null;
  /** One link per measure the numerator sums (early + on time: two lists). */
  numeratorLinks: Array<{ label: string; href: string }>;
  denominatorHref: string;
};
export type TrendSeries = { months: string[]; early: number[]; onTime: number[]; late: number[] };

export type DashboardModel = {
  scopeLabel: string;
  periodLabel: string;
  query: FilterQuery;
  choices: FilterChoices;
  age: DataAge;
  counts: CountFigure[];
  shares: ShareFigure[];
  averageRating: number | null;
  trend: TrendSeries;
  tables: ReportTable[];
  /** The current filters as a query string (for export links). */
  search: string;
  canRefresh: boolean;
};

type PageContext = {
  services: AppServices;
  user: Pick<SessionUser, "role" | "agencyId">;
  url: URL;
  now: Date;
  language: Language;
};

const labelsOf = (language: Language) => (language === "en" ? MEASURE_LABELS_EN : MEASURE_LABELS);

/** The filter form's values: what was asked for, so the form shows the reader's choice. */
function queryOf(params: URLSearchParams, filters: ReportFilters): FilterQuery {
  const normal = filtersToParams(filters);
  const get = (name: string) => normal.get(name) ?? "";
  return {
    ky: filters.period.kind,
    "gia-tri": get("gia-tri"),
    tu: get("tu") || (params.get("tu") ?? ""),
    den: get("den") || (params.get("den") ?? ""),
    "co-quan": get("co-quan"),
    "linh-vuc": get("linh-vuc"),
    cap: get("cap"),
    "thu-tuc": get("thu-tuc"),
    kenh: get("kenh"),
  };
}

/**
 * The filter form has one "value" field for every kind of period, so a reader who switches from
 * "Tháng" to "Năm" sends the month she had: the value is read as the period of the new kind that
 * contains it (2026-12 as a year is 2026, as a quarter 2026-Q4). A value of no kind stays a 400.
 */
export function periodValueForKind(params: URLSearchParams): URLSearchParams {
  const kind = params.get("ky") ?? "month";
  const value = params.get("gia-tri")?.trim() ?? "";
  const m = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/.exec(value);
  if (!m || !["month", "quarter", "year"].includes(kind)) return params;
  const [, year, month, quarter] = m;
  const firstMonth = month ?? (quarter ? String((Number(quarter) - 1) * 3 + 1).padStart(2, "0") : "01");
  const converted =
    kind === "year" ? year : kind === "quarter" ? `${year}-Q${Math.floor((Number(firstMonth) - 1) / 3) + 1}` : `${year}-${firstMonth}`;
  const result = new URLSearchParams(params);
  result.set("gia-tri", converted);
  return result;
}

/** The scope, filters and agency list a page reads with; ReportInputError (400/403) on bad input. */
async function readSelection(context: PageContext) {
  const db = context.services.reports.db;
  const scope = await reportScopeFor(db, context.user);
  const filters = parseReportFilters(periodValueForKind(context.url.searchParams), context.now);
  const agencyIds = await agenciesFor(db, scope, filters);
  return { scope, filters, agencyIds };
}

async function choicesFor(services: AppServices, scope: ReportScope): Promise<FilterChoices> {
  const db = services.reports.db;
  const agencyRows = await db
    .select({ id: agencies.id, name: agencies.name, level: agencies.level })
    .from(agencies)
    // Dossiers are received by governments and departments; their desks and units are not filters.
    .where(
      and(
        inArray(agencies.kind, ["government", "department"]),
        scope.agencyIds === null ? undefined : inArray(agencies.id, scope.agencyIds.length ? scope.agencyIds : [-1]),
      ),
    )
    .orderBy(asc(agencies.level), asc(agencies.name));
  // Only procedures with dossiers in the reader's scope: a catalog holds thousands, a scope uses few.
  // The province reads the procedure rollup (a row per month, procedure and channel), a scope the
  // detailed one through its agency index: a distinct over the detailed rollup's millions of rows
  // would cost the page more than its figures (ADR 0025).
  const used =
    scope.agencyIds === null
      ? sql`select ru.procedure_id from report_procedure_rollup ru`
      : sql`select ru.procedure_id from report_monthly_rollup ru where ru.agency_id = any(${`{${scope.agencyIds.join(",") || "-1"}}`}::int[])`;
  const procedureRows = (
    await db.execute<{ id: number; code: string; name: string; field: string }>(
      sql`select p.id, p.code, p.name, p.field from procedures p where p.id in (${used}) order by p.code`,
    )
  ).rows.map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name), field: String(r.field) }));
  const fields = [...new Set(procedureRows.map((p) => p.field))].sort((a, b) => a.localeCompare(b, "vi"));
  return { agencies: agencyRows, fields, procedures: procedureRows.map(({ id, code, name }) => ({ id, code, name })) };
}

async function dataAge(services: AppServices): Promise<{ view: DataAge; asOf: Date | null }> {
  const age = await rollupAge(services.reports.db);
  let lagSeconds: number | null = null;
  if (services.reports.separate) {
    try {
      lagSeconds = await services.reports.lagSeconds();
    } catch {
      // An unreachable replica is reported by the queries themselves; the lag is only shown.
      lagSeconds = null;
    }
  }
  return {
    view: { asOf: age ? formatLocalDateTime(age.asOf) : null, separate: services.reports.separate, lagSeconds: lagSeconds === null ? null : Math.round(lagSeconds) },
    asOf: age?.asOf ?? null,
  };
}

/** A drill-down link: the filters, the measure and, optionally, narrower choices for one row. */
export function drilldownHref(filters: ReportFilters, measure: Measure, narrow: Record<string, string> = {}): string {
  const params = filtersToParams(filters);
  for (const [k, v] of Object.entries(narrow)) params.set(k, v);
  params.set("do-do", measure);
  return `${DRILLDOWN_PATH}?${params.toString()}`;
}

const reasonsText = (reasons: LateReason[]) => reasons.map((r) => `${r.reason} (${r.count})`).join("; ");

/** The columns of a breakdown row (agency, field): the main counts, each a drill-down. */
const BREAKDOWN_MEASURES: readonly Measure[] = ["entered", "received", "inProgress", "overdueOpen", "resolved", "early", "onTime", "late", "withdrawn", "refused"];

function breakdownCells(totals: MeasureTotals, filters: ReportFilters, narrow: Record<string, string>) {
  return {
    cells: BREAKDOWN_MEASURES.map((m) => totals[m] as ReportCell),
    links: BREAKDOWN_MEASURES.map((m) => drilldownHref(filters, m, narrow)),
  };
}

export async function dashboardPageModel(context: PageContext): Promise<{ exportResponse: Response } | { model: DashboardModel }> {
  const { services, language } = context;
  const t = translator(language, "monitoring");
  const labels = labelsOf(language);
  const { scope, filters, agencyIds } = await readSelection(context);
  const age = await dataAge(services);
  const figures = await dashboardFigures(services.reports.db, agencyIds, filters, services.config.timeZone);
  const levelName = (level: string) => t(`levels.${level as "province"}`, { defaultValue: level });

  const subtitle = [
    t("period", { period: filters.period.label }),
    t("scope", { scope: scope.label }),
    age.view.asOf ? t("dataAge", { asOf: age.view.asOf }) : t("computing"),
  ];
  const counts: CountFigure[] = DASHBOARD_COUNTS.map((measure) => ({
    measure,
    label: labels[measure],
    value: figures.totals[measure],
    href: drilldownHref(filters, measure),
  }));
  const shares: ShareFigure[] = DASHBOARD_SHARES.map((key) => figures.indicators.find((i) => i.definition.key === key)!).map((i) => ({
    key: i.definition.key,
    group: (language === "en" ? INDICATOR_GROUP_LABELS_EN : INDICATOR_GROUP_LABELS)[i.definition.group],
    label: language === "en" ? i.definition.labelEn : i.definition.label,
    formula: language === "en" ? i.definition.formulaEn : i.definition.formula,
    numerator: i.numerator,
    denominator: i.denominator,
    percent: i.percent,
    numeratorLinks: i.definition.numerator.map((m) => ({ label: labels[m], href: drilldownHref(filters, m) })),
    denominatorHref: drilldownHref(filters, i.definition.denominator),
  }));
  const col = (key: keyof ReturnType<typeof columnsOf>) => columnsOf(t)[key];

  const tables: ReportTable[] = [
    {
      key: "so-lieu",
      title: t("countsTitle"),
      subtitle,
      columns: [col("figure"), col("count")],
      rows: counts.map((c) => [c.label, c.value]),
      links: counts.map((c) => [null, c.href]),
    },
    {
      key: "ty-le",
      title: t("sharesTitle"),
      subtitle,
      columns: [col("indicator"), col("formula"), col("numerator"), col("denominator"), col("percent")],
      rows: shares.map((s) => [s.label, s.formula, s.numerator, s.denominator, s.percent]),
      links: shares.map((s) => [null, null, s.numeratorLinks.length === 1 ? s.numeratorLinks[0].href : null, s.denominatorHref, null]),
    },
    {
      key: "xu-huong",
      title: t("trendTitle"),
      subtitle,
      columns: [col("month"), ...(["received", "resolved", "early", "onTime", "late", "overdueOpen"] as const).map((m) => ({ label: labels[m], numeric: true }))],
      rows: figures.trend.map((p) => [monthLabel(p.month), p.totals.received, p.totals.resolved, p.totals.early, p.totals.onTime, p.totals.late, p.totals.overdueOpen]),
      links: figures.trend.map((p) => {
        const month = { ...filters, period: { kind: "month" as const, fromMonth: p.month, toMonth: p.month, label: "" } };
        return [null, ...(["received", "resolved", "early", "onTime", "late", "overdueOpen"] as const).map((m) => drilldownHref(month, m))];
      }),
    },
    {
      key: "thu-tuc-tre-han",
      title: t("topLateProcedures"),
      subtitle,
      columns: [col("procedureCode"), col("procedure"), col("field"), col("lateTotal"), { label: labels.late, numeric: true }, { label: labels.overdueOpen, numeric: true }, col("reasons")],
      rows: figures.topLateProcedures.map((r) => [r.code, r.name, r.field, r.lateTotal, r.totals.late, r.totals.overdueOpen, reasonsText(r.reasons)]),
      links: figures.topLateProcedures.map((r) => {
        const narrow = { "thu-tuc": String(r.procedureId) };
        return [null, null, null, null, drilldownHref(filters, "late", narrow), drilldownHref(filters, "overdueOpen", narrow), null];
      }),
    },
    {
      key: "co-quan-tre-han",
      title: t("topLateAgencies"),
      subtitle,
      columns: [col("agency"), col("level"), col("lateTotal"), { label: labels.late, numeric: true }, { label: labels.overdueOpen, numeric: true }, col("reasons")],
      rows: figures.topLateAgencies.map((r) => [r.name, levelName(r.level), r.lateTotal, r.totals.late, r.totals.overdueOpen, reasonsText(r.reasons)]),
      links: figures.topLateAgencies.map((r) => {
        const narrow = { "don-vi": String(r.agencyId) };
        return [null, null, null, drilldownHref(filters, "late", narrow), drilldownHref(filters, "overdueOpen", narrow), null];
      }),
    },
    {
      key: "theo-co-quan",
      title: t("byAgency"),
      subtitle,
      columns: [col("agency"), col("level"), ...BREAKDOWN_MEASURES.map((m) => ({ label: labels[m], numeric: true }))],
      ...(() => {
        const built = figures.byAgency.map((r) => ({ r, ...breakdownCells(r.totals, filters, { "don-vi": String(r.agencyId) }) }));
        return {
          rows: built.map(({ r, cells }) => [r.name, levelName(r.level), ...cells]),
          links: built.map(({ links }) => [null, null, ...links]),
        };
      })(),
    },
    {
      key: "theo-linh-vuc",
      title: t("byField"),
      subtitle,
      columns: [col("field"), ...BREAKDOWN_MEASURES.map((m) => ({ label: labels[m], numeric: true }))],
      ...(() => {
        const built = figures.byField.map((r) => ({ r, ...breakdownCells(r.totals, filters, { "linh-vuc": r.field }) }));
        return { rows: built.map(({ r, cells }) => [r.field, ...cells]), links: built.map(({ links }) => [null, ...links]) };
      })(),
    },
  ];

  const exported = await exportRequested(context.url, tables, periodSlug(filters.period));
  if (exported) return { exportResponse: exported };
  return {
    model: {
      scopeLabel: scope.label,
      periodLabel: filters.period.label,
      query: queryOf(context.url.searchParams, filters),
      choices: await choicesFor(services, scope),
      age: age.view,
      counts,
      shares,
      averageRating: figures.averageRating,
      trend: {
        months: figures.trend.map((p) => monthLabel(p.month)),
        early: figures.trend.map((p) => p.totals.early),
        onTime: figures.trend.map((p) => p.totals.onTime),
        late: figures.trend.map((p) => p.totals.late),
      },
      tables,
      search: filtersToParams(filters).toString(),
      canRefresh: hasPermission(context.user, "read:reports:all"),
    },
  };
}

function columnsOf(t: ReturnType<typeof translator<"monitoring">>) {
  const text = (label: string, width?: number) => ({ label, width });
  const num = (label: string) => ({ label, numeric: true });
  return {
    figure: text(t("columns.figure"), 44),
    count: num(t("columns.count")),
    indicator: text(t("columns.indicator"), 50),
    formula: text(t("columns.formula"), 50),
    numerator: num(t("columns.numerator")),
    denominator: num(t("columns.denominator")),
    percent: { label: t("columns.percent"), numeric: true, percent: true },
    month: text(t("columns.month"), 12),
    procedureCode: text(t("columns.procedureCode"), 14),
    procedure: text(t("columns.procedure"), 50),
    field: text(t("columns.field"), 30),
    agency: text(t("columns.agency"), 40),
    level: text(t("columns.level"), 14),
    lateTotal: num(t("columns.lateTotal")),
    reasons: text(t("columns.reasons"), 60),
  };
}

/** The period in a file name: 2026-11, 2026-Q4, 2026, 2026-01-2026-06. */
export type DrilldownModel = {
  measure: Measure;
  measureLabel: string;
  scopeLabel: string;
  periodLabel: string;
  unitName: string | null;
  /** The other filters in words ("Kênh nộp: Trực tuyến"), so that the list says what it is of. */
  filterNotes: string[];
  total: number;
  page: number;
  pages: number;
  rows: Array<{ code: string; procedure: string; agency: string; channel: number; statusName: string; submittedAt: string; receivedAt: string; dueAt: string; returnedAt: string }>;
  age: DataAge;
  search: string;
  backHref: string;
  exportCap: number;
};

/** `don-vi`: exactly one receiving agency (a breakdown row), inside what the filters allow. */
async function narrowToUnit(context: PageContext, agencyIds: number[] | null): Promise<{ agencyIds: number[] | null; unitName: string | null }> {
  const raw = context.url.searchParams.get("don-vi")?.trim();
  if (!raw) return { agencyIds, unitName: null };
  const t = translator(context.language, "monitoring");
  if (!/^\d{1,9}$/.test(raw)) throw new ReportInputError(400, t("badUnit"));
  const id = Number(raw);
  if (agencyIds !== null && !agencyIds.includes(id)) throw new ReportInputError(403, "Cơ quan này nằm ngoài phạm vi bạn được xem.");
  const [agency] = await context.services.reports.db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, id));
  if (!agency) throw new ReportInputError(400, t("badUnit"));
  return { agencyIds: [id], unitName: agency.name };
}

const show = (value: Date | null) => (value ? formatLocalDateTime(value) : "—");

export async function drilldownPageModel(context: PageContext): Promise<{ exportResponse: Response } | { model: DrilldownModel }> {
  const { services, language, url } = context;
  const t = translator(language, "monitoring");
  const { scope, filters, agencyIds: filtered } = await readSelection(context);
  const measure = url.searchParams.get("do-do");
  if (!isMeasure(measure)) throw new ReportInputError(400, t("badMeasure"));
  const pageRaw = url.searchParams.get("trang")?.trim() || "1";
  if (!/^\d{1,6}$/.test(pageRaw) || Number(pageRaw) < 1) throw new ReportInputError(400, t("badPage"));
  const { agencyIds, unitName } = await narrowToUnit(context, filtered);
  const age = await dataAge(services);
  // The rollup's instant: an open dossier is "overdue" in the list exactly when it was in the figure.
  const asOf = age.asOf ?? context.now;
  const labels = labelsOf(language);
  const base = { timeZone: services.config.timeZone, asOf };

  const format = url.searchParams.get("xuat");
  if (format !== null) {
    const all = await drilldown(services.reports.db, agencyIds, filters, measure, { ...base, page: 1, pageSize: DRILLDOWN_EXPORT_CAP });
    const table = drilldownTable(t, labels[measure], all.rows, [
      t("period", { period: filters.period.label }),
      t("scope", { scope: unitName ?? scope.label }),
      age.view.asOf ? t("dataAge", { asOf: age.view.asOf }) : t("computing"),
      ...(all.total > all.rows.length ? [t("drilldownCap", { cap: DRILLDOWN_EXPORT_CAP.toLocaleString("vi-VN"), total: all.total.toLocaleString("vi-VN") })] : []),
    ]);
    const params = new URL(url);
    params.searchParams.set("bang", table.key);
    return { exportResponse: (await exportRequested(params, [table], `${measure}-${periodSlug(filters.period)}`))! };
  }

  const page = Number(pageRaw);
  const filterNotes = await filterNotesOf(context, filters, unitName);
  const { total, rows } = await drilldown(services.reports.db, agencyIds, filters, measure, { ...base, page });
  const pages = Math.max(1, Math.ceil(total / DRILLDOWN_PAGE_SIZE));
  const search = new URLSearchParams(filtersToParams(filters));
  search.set("do-do", measure);
  const unit = url.searchParams.get("don-vi");
  if (unit) search.set("don-vi", unit);
  return {
    model: {
      measure,
      measureLabel: labels[measure],
      scopeLabel: scope.label,
      periodLabel: filters.period.label,
      unitName,
      filterNotes,
      total,
      page,
      pages,
      rows: rows.map((r) => ({
        code: r.code,
        procedure: `${r.procedureCode} — ${r.procedureName}`,
        agency: r.agencyName,
        channel: r.channel,
        statusName: r.statusName,
        submittedAt: show(r.submittedAt),
        receivedAt: show(r.receivedAt),
        dueAt: show(r.dueAt),
        returnedAt: show(r.returnedAt),
      })),
      age: age.view,
      search: search.toString(),
      backHref: `${DASHBOARD_PATH}?${filtersToParams(filters).toString()}`,
      exportCap: DRILLDOWN_EXPORT_CAP,
    },
  };
}

async function filterNotesOf(context: PageContext, filters: ReportFilters, unitName: string | null): Promise<string[]> {
  const t = translator(context.language, "monitoring");
  const db = context.services.reports.db;
  const notes: string[] = [];
  if (filters.agencyId !== null && unitName === null) {
    const [agency] = await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, filters.agencyId));
    if (agency) notes.push(`${t("agency")}: ${agency.name}`);
  }
  if (filters.level !== null) notes.push(`${t("level")}: ${t(`levels.${filters.level}`)}`);
  if (filters.field !== null) notes.push(`${t("field")}: ${filters.field}`);
  if (filters.procedureId !== null) {
    const [procedure] = await db.select({ code: procedures.code, name: procedures.name }).from(procedures).where(eq(procedures.id, filters.procedureId));
    if (procedure) notes.push(`${t("procedure")}: ${procedure.code} — ${procedure.name}`);
  }
  if (filters.channel !== null) notes.push(`${t("channel")}: ${t(`channels.${String(filters.channel) as "1"}`)}`);
  return notes;
}

/** The drill-down list as a table (its download): the same columns the page shows. */
export function drilldownTable(t: ReturnType<typeof translator<"monitoring">>, measureLabel: string, rows: DrilldownRow[], subtitle: string[]): ReportTable {
  const channelName = (c: number) => t(`channels.${String(c) as "1"}`, { defaultValue: String(c) });
  return {
    key: "ho-so",
    title: t("drilldownTitle", { measure: measureLabel }),
    subtitle,
    columns: [
      { label: t("columns.code"), width: 24 },
      { label: t("columns.procedure"), width: 50 },
      { label: t("columns.agency"), width: 36 },
      { label: t("columns.channel"), width: 16 },
      { label: t("columns.status"), width: 24 },
      { label: t("columns.submittedAt"), width: 18 },
      { label: t("columns.receivedAt"), width: 18 },
      { label: t("columns.dueAt"), width: 18 },
      { label: t("columns.returnedAt"), width: 18 },
    ],
    rows: rows.map((r) => [
      r.code,
      `${r.procedureCode} — ${r.procedureName}`,
      r.agencyName,
      channelName(r.channel),
      r.statusName,
      show(r.submittedAt),
      show(r.receivedAt),
      show(r.dueAt),
      show(r.returnedAt),
    ]),
  };
}

/** A page-model error as the route's answer: the Vietnamese message with its status. */
export function reportErrorResponse(error: unknown): Response {
  if (error instanceof ReportInputError) return new Response(error.message, { status: error.status });
  throw error;
}

/** The signed-in reader, or the redirect to sign in and come back; her permission is checked by the scope. */
export async function reportReader(services: AppServices, request: Request): Promise<SessionUser> {
  const user = await currentUser(services.database.db, request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/**
 * "Cập nhật số liệu ngay": the monitor asks for a rebuild now instead of at the next ten minutes. It
 * goes through the job queue (a singleton queue: one rebuild at a time, a second request while one
 * waits is dropped), never inline, so a click cannot load the primary twice.
 */
export async function requestRollupRefresh(services: AppServices, user: Pick<SessionUser, "role">): Promise<void> {
  if (!hasPermission(user, "read:reports:all")) throw new ReportInputError(403, "Chỉ cán bộ giám sát được yêu cầu cập nhật số liệu.");
  await services.boss.send(QUEUES.reportsRefresh, {});
}

/**
 * A download route's answer (/giam-sat/tai, /giam-sat/ho-so/tai): the page model's export for the
 * signed-in reader, or a 400 when the address asks for no file.
 */
export async function reportDownload(
  services: AppServices,
  request: Request,
  pageModel: (context: PageContext) => Promise<{ exportResponse: Response } | { model: unknown }>,
): Promise<Response> {
  const url = new URL(request.url);
  const noFormat = () => new Response("Chọn định dạng tải về: csv hoặc xlsx.", { status: 400 });
  if (!url.searchParams.has("xuat")) throw noFormat();
  const user = await reportReader(services, request);
  try {
    const result = await pageModel({ services, user, url, now: new Date(), language: readLanguage(request) });
    if (!("exportResponse" in result)) throw noFormat();
    return result.exportResponse;
  } catch (error) {
    throw reportErrorResponse(error);
  }
}
