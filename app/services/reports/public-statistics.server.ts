/**
 * The public statistics page (issue 12, /thong-ke): the province's figures and each agency's for a
 * month, quarter or year, from the monthly rollup. Figures only: no dossier code, no name, no link to
 * a dossier, no apology reason (officers type those freely). Only three parameters are read (`ky`,
 * `gia-tri`, `co-quan`), and `co-quan` only names an active agency that has dossiers, so nothing
 * in the address can reach what is not public.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { translator, type Language } from "../../i18n";
import { formatLocalDateTime, localDate } from "../../time";
import { agencyNodes, averageRating, byLevelThenName, periodLabel, periodSlug, periodValue, subtreeFiguresByAgency, type AgencyNode } from "./agency-figures.server";
import { reportTotals, type MeasureTotals } from "./dashboard.server";
import { agencySubtree, parseReportFilters, periodContaining, ReportInputError, type AgencyLevel, type ReportFilters } from "./filters.server";
import { indicatorValues } from "./indicators.server";
import { rollupAge } from "./rollup.server";
import type { ReportTable } from "./report-tables.server";

export const PUBLIC_PERIOD_KINDS = ["month", "quarter", "year"] as const;
export type PublicPeriodKind = (typeof PUBLIC_PERIOD_KINDS)[number];

export const PUBLIC_FIGURES = ["received", "resolved", "onTimeRate", "inProgress", "onlineShare", "paymentShare", "digitisation", "satisfaction"] as const;
export type PublicFigureKey = (typeof PUBLIC_FIGURES)[number];

/** A count, or a rate with what it is a rate of. */
export type PublicFigure =
  | { key: PublicFigureKey; kind: "count"; value: number }
  | { key: PublicFigureKey; kind: "rate"; numerator: number; denominator: number; percent: number | null };

/**
 * The eight public figures of a set of summed measures: the counts, and the Decision 766 indicators
 * themselves (indicators.server.ts), so the public page and the indicator page never disagree.
 */
export function publicFigures(totals: MeasureTotals): PublicFigure[] {
  const indicators = new Map(indicatorValues(totals).map((value) => [value.definition.key, value]));
  const rate = (key: PublicFigureKey, indicator: string): PublicFigure => {
    const value = indicators.get(indicator)!;
    return { key, kind: "rate", numerator: value.numerator, denominator: value.denominator, percent: value.percent };
  };
  return [
    { key: "received", kind: "count", value: totals.received },
    { key: "resolved", kind: "count", value: totals.resolved },
    rate("onTimeRate", "onTime"),
    { key: "inProgress", kind: "count", value: totals.inProgress },
    rate("onlineShare", "online"),
    rate("paymentShare", "paidOnline"),
    rate("digitisation", "digitised"),
    rate("satisfaction", "satisfied"),
  ];
}

export type PublicAgencyRow = { agencyId: number; name: string; level: AgencyLevel; figures: PublicFigure[] };

export type PublicStatisticsModel = {
  period: { kind: PublicPeriodKind; value: string; label: string };
  agency: { id: number; name: string } | null;
  agencyChoices: { id: number; name: string; level: AgencyLevel }[];
  asOfText: string | null;
  figures: PublicFigure[];
  rating: { average: number | null; count: number };
  byAgency: PublicAgencyRow[];
  /** The page's own query string (period and agency), for the export links. */
  query: string;
  periodSlug: string;
  /** "so-lieu-chinh" and "theo-co-quan", shown and exported. */
  tables: ReportTable[];
};

/**
 * The filters from the address: only the period (month, quarter or year; this year when none is
 * asked) and the agency. Every other parameter is dropped before parsing.
 */
export function publicFilters(url: URL, now: Date): ReportFilters {
  const kind = url.searchParams.get("ky")?.trim() || "year";
  if (!(PUBLIC_PERIOD_KINDS as readonly string[]).includes(kind)) {
    throw new ReportInputError(400, "Loại kỳ không hợp lệ: chọn tháng, quý hoặc năm.");
  }
  const params = new URLSearchParams({ ky: kind });
  const value = url.searchParams.get("gia-tri")?.trim();
  if (value) params.set("gia-tri", value);
  const agency = url.searchParams.get("co-quan")?.trim();
  if (agency) params.set("co-quan", agency);
  return parseReportFilters(params, now);
}

/** Active agencies (not desks or units) that received at least one dossier, ever: the ones shown. */
async function publicAgencies(db: Queryable, nodes: AgencyNode[]): Promise<AgencyNode[]> {
  const result = await db.execute<{ id: number }>(sql`select distinct agency_id as id from report_monthly_rollup where entered > 0`);
  const receiving = new Set(result.rows.map((r) => Number(r.id)));
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  // An agency "has dossiers" when it or one under it received one (its row counts them).
  const withDossiers = new Set<number>();
  for (const id of receiving) {
    const seen = new Set<number>();
    for (let at: number | null = id; at !== null && !seen.has(at); at = parentOf.get(at) ?? null) {
      seen.add(at);
      withDossiers.add(at);
    }
  }
  return nodes.filter((n) => n.active && (n.kind === "government" || n.kind === "department") && withDossiers.has(n.id));
}

export async function publicStatisticsModel(
  db: Queryable,
  url: URL,
  options: { now: Date; language: Language; provinceName: string },
): Promise<PublicStatisticsModel> {
  const { language } = options;
  const t = translator(language, "statistics");
  const tc = translator(language, "common");
  const filters = publicFilters(url, options.now);
  const nodes = await agencyNodes(db);
  const visible = await publicAgencies(db, nodes);
  const visibleIds = new Set(visible.map((n) => n.id));

  let agency: PublicStatisticsModel["agency"] = null;
  let agencyIds: number[] | null = null;
  if (filters.agencyId !== null) {
    const node = visible.find((n) => n.id === filters.agencyId);
    // The same answer for an unknown, closed or silent agency: nothing tells which it was.
    if (!node) throw new ReportInputError(400, "Không có số liệu công khai của cơ quan này.");
    agency = { id: node.id, name: node.name };
    agencyIds = await agencySubtree(db, node.id);
  }

  const [totals, age, rows] = [
    await reportTotals(db, agencyIds, filters),
    await rollupAge(db),
    await subtreeFiguresByAgency(db, agencyIds, filters, nodes),
  ];
  const byAgency: PublicAgencyRow[] = rows
    .filter((row) => visibleIds.has(row.agencyId))
    .map((row) => ({ agencyId: row.agencyId, name: row.name, level: row.level, figures: publicFigures(row.totals) }));

  const today = localDate(options.now);
  const current = periodContaining(filters.period.kind as PublicPeriodKind, today);
  const baseLabel = periodLabel(filters.period, language);
  const label = current.fromMonth === filters.period.fromMonth ? t("soFar", { period: baseLabel }) : baseLabel;
  const scopeName = agency ? t("agencyHeading", { agency: agency.name }) : t("province", { province: options.provinceName });
  const asOfText = age ? formatLocalDateTime(age.asOf) : null;
  const subtitle = [
    t("exportSubtitleScope", { scope: scopeName }),
    t("exportSubtitlePeriod", { period: label }),
    ...(asOfText ? [t("exportSubtitleAge", { time: asOfText })] : []),
    t("exportSubtitleEmpty"),
  ];
  const figures = publicFigures(totals);
  const rating = { average: averageRating(totals), count: totals.rated };

  const summary: ReportTable = {
    key: "so-lieu-chinh",
    title: t("summaryTitle"),
    subtitle,
    columns: [
      { label: t("columns.figure"), width: 40 },
      { label: t("columns.value"), numeric: true },
      { label: t("columns.numerator"), numeric: true },
      { label: t("columns.denominator"), numeric: true },
    ],
    rows: [
      ...figures.map((f) =>
        f.kind === "count"
          ? [t(`figures.${f.key}`), f.value, null, null]
          : [`${t(`figures.${f.key}`)} (%)`, f.percent, f.numerator, f.denominator],
      ),
      [`${t("figures.averageRating")} (/5)`, rating.average, totals.ratingSum, totals.rated],
    ],
  };
  const percentColumn = (key: PublicFigureKey) => ({ label: t(`columns.${key}`), numeric: true, percent: true });
  const countColumn = (key: PublicFigureKey) => ({ label: t(`columns.${key}`), numeric: true });
  const byAgencyTable: ReportTable = {
    key: "theo-co-quan",
    title: t("byAgencyTitle"),
    subtitle,
    columns: [
      { label: t("columns.agency"), width: 40 },
      { label: t("columns.level"), width: 12 },
      ...PUBLIC_FIGURES.map((key) => (key === "received" || key === "resolved" || key === "inProgress" ? countColumn(key) : percentColumn(key))),
    ],
    rows: byAgency.map((row) => [row.name, tc(`levels.${row.level}`), ...row.figures.map((f) => (f.kind === "count" ? f.value : f.percent))]),
  };

  const query = new URLSearchParams({ ky: filters.period.kind, "gia-tri": periodValue(filters.period) });
  if (agency) query.set("co-quan", String(agency.id));
  return {
    period: { kind: filters.period.kind as PublicPeriodKind, value: periodValue(filters.period), label },
    agency,
    agencyChoices: visible.map((n) => ({ id: n.id, name: n.name, level: n.level })).sort(byLevelThenName),
    asOfText,
    figures,
    rating,
    byAgency,
    query: query.toString(),
    periodSlug: periodSlug(filters.period),
    tables: [summary, byAgencyTable],
  };
}

