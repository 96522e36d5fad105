/**
 * The indicator page of Decision 766/QĐ-TTg (issue 12): for the reader's scope or one agency in it,
 * every indicator in its group with its formula, numerator and denominator, each number linking to
 * the dossiers behind it (the drill-down, /giam-sat/ho-so), the average rating, the data's age, and a
 * table comparing the agencies of the scope. Built here, tested here; the route only renders it.
 * Reads go to the reports database handed in (services.reports.db).
 */
import type { Queryable } from "../../../db/client";
import type { Language } from "../../i18n";
import { translator } from "../../i18n";
import { formatLocalDateTime } from "../../time";
import type { SessionUser } from "../auth.server";
import { agencyNodes, averageRating, byLevelThenName, periodLabel, periodSlug, periodValue, subtreeFiguresByAgency } from "./agency-figures.server";
import { reportTotals, type MeasureTotals } from "./dashboard.server";
import { agenciesFor, filtersToParams, parseReportFilters, reportScopeFor, ReportInputError, type AgencyLevel, type PeriodKind, type ReportFilters } from "./filters.server";
import { INDICATOR_GROUPS, INDICATOR_GROUP_LABELS, INDICATOR_GROUP_LABELS_EN, INDICATORS, indicatorValues, type IndicatorGroup } from "./indicators.server";
import { MEASURE_LABELS, MEASURE_LABELS_EN, type Measure } from "./measures.server";
import { rollupAge } from "./rollup.server";
import type { ReportTable } from "./report-tables.server";

export const INDICATOR_PAGE_PATH = "/giam-sat/chi-so";
export const DRILLDOWN_PATH = "/giam-sat/ho-so";

/** The drill-down of one measure under the filters: `/giam-sat/ho-so?do-do=<measure>&<filters>`. */
export function drilldownHref(measure: Measure, filters: ReportFilters): string {
  return `${DRILLDOWN_PATH}?do-do=${measure}&${filtersToParams(filters).toString()}`;
}

export type MeasureLink = { measure: Measure; label: string; count: number; href: string };

export type IndicatorFigure = {
  key: string;
  label: string;
  formula: string;
  numerator: number;
  /** Each measure the numerator sums, with its own drill-down (early + on time: two lists). */
  numeratorParts: MeasureLink[];
  denominator: MeasureLink;
  /** Percent with one decimal; null: empty denominator ("Chưa có hồ sơ", never 0%). */
  percent: number | null;
};

export type IndicatorGroupFigures = { group: IndicatorGroup; label: string; indicators: IndicatorFigure[] };

export type IndicatorPageModel = {
  scopeLabel: string;
  /** The agency chosen with `?co-quan`, or null for the whole scope. */
  agency: { id: number; name: string } | null;
  period: { kind: PeriodKind; value: string; from: string; to: string; label: string };
  /** Filters other than period and agency that came in the address (from a dashboard link), kept by the form. */
  keptParams: [string, string][];
  agencyChoices: { id: number; name: string; level: AgencyLevel }[];
  /** When the rollup was computed (ISO), null before the first computation. */
  asOf: string | null;
  asOfText: string | null;
  totals: MeasureTotals;
  groups: IndicatorGroupFigures[];
  rating: { average: number | null; rated: MeasureLink };
  /** The page for the whole scope, same period and filters. */
  wholeScopeHref: string;
  /** The current filters as a query string, for the export links. */
  query: string;
  periodSlug: string;
  /** "chi-so" (the indicators) and "so-sanh-co-quan" (the agencies compared), shown and exported. */
  tables: ReportTable[];
};

const KEPT_FILTERS = ["linh-vuc", "cap", "thu-tuc", "kenh"] as const;

/**
 * The page for a signed-in reader. Throws ReportInputError: 403 without a reports permission or for
 * an agency outside the scope, 400 for a malformed filter or an unknown agency.
 */
export async function indicatorPageModel(
  db: Queryable,
  user: Pick<SessionUser, "role" | "agencyId">,
  url: URL,
  options: { now: Date; language: Language },
): Promise<IndicatorPageModel> {
  const { language } = options;
  const t = translator(language, "indicators");
  const tc = translator(language, "common");
  const scope = await reportScopeFor(db, user);
  const filters = parseReportFilters(url.searchParams, options.now);
  const agencyIds = await agenciesFor(db, scope, filters);
  const nodes = await agencyNodes(db);
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const inScope = (id: number) => scope.agencyIds === null || scope.agencyIds.includes(id);
  let agency: IndicatorPageModel["agency"] = null;
  if (filters.agencyId !== null) {
    const node = nodeById.get(filters.agencyId);
    if (!node) throw new ReportInputError(400, "Không có cơ quan này.");
    agency = { id: node.id, name: node.name };
  }

  const [totals, age, comparison] = [
    await reportTotals(db, agencyIds, filters),
    await rollupAge(db),
    await subtreeFiguresByAgency(db, scope.agencyIds, filters, nodes),
  ];

  const measureLabel = (m: Measure) => (language === "en" ? MEASURE_LABELS_EN[m] : MEASURE_LABELS[m]);
  const link = (measure: Measure, count: number, f: ReportFilters = filters): MeasureLink => ({
    measure,
    label: measureLabel(measure),
    count,
    href: drilldownHref(measure, f),
  });
  const values = indicatorValues(totals);
  const figures: IndicatorFigure[] = values.map((v) => ({
    key: v.definition.key,
    label: language === "en" ? v.definition.labelEn : v.definition.label,
    formula: language === "en" ? v.definition.formulaEn : v.definition.formula,
    numerator: v.numerator,
    numeratorParts: v.definition.numerator.map((m) => link(m, totals[m])),
    denominator: link(v.definition.denominator, v.denominator),
    percent: v.percent,
  }));
  const groupLabels = language === "en" ? INDICATOR_GROUP_LABELS_EN : INDICATOR_GROUP_LABELS;
  const groups = INDICATOR_GROUPS.map((group) => ({
    group,
    label: groupLabels[group],
    indicators: figures.filter((f) => INDICATORS.find((d) => d.key === f.key)?.group === group),
  })).filter((g) => g.indicators.length > 0);

  const label = periodLabel(filters.period, language);
  const asOfText = age ? formatLocalDateTime(age.asOf) : null;
  const subtitle = [
    t("exportSubtitleScope", { scope: agency ? agency.name : scope.label }),
    t("exportSubtitlePeriod", { period: label }),
    ...(asOfText ? [t("exportSubtitleAge", { time: asOfText })] : []),
    t("exportSubtitleEmpty"),
  ];

  const indicatorTable: ReportTable = {
    key: "chi-so",
    title: t("indicatorsTable"),
    subtitle,
    columns: [
      { label: t("columns.group"), width: 24 },
      { label: t("columns.indicator"), width: 48 },
      { label: t("columns.formula"), width: 48 },
      { label: t("columns.numerator"), numeric: true },
      { label: t("columns.denominator"), numeric: true },
      { label: t("columns.percent"), numeric: true, percent: true },
    ],
    rows: groups.flatMap((g) => g.indicators.map((f) => [g.label, f.label, f.formula, f.numerator, f.denominator.count, f.percent])),
    links: groups.flatMap((g) =>
      g.indicators.map((f) => [null, null, null, f.numeratorParts.length === 1 ? f.numeratorParts[0].href : null, f.denominator.href, null]),
    ),
  };

  const comparisonTable: ReportTable = {
    key: "so-sanh-co-quan",
    title: t("comparisonTitle"),
    subtitle: [t("exportSubtitleScope", { scope: scope.label }), ...subtitle.slice(1)],
    columns: [
      { label: t("columns.agency"), width: 40 },
      { label: t("columns.level"), width: 12 },
      { label: t("columns.entered"), numeric: true },
      ...INDICATORS.map((d) => ({ label: t(`short.${d.key}` as "short.synced"), numeric: true, percent: true })),
      { label: t("columns.rating"), numeric: true },
    ],
    rows: comparison.map((row) => [
      row.name,
      tc(`levels.${row.level}`),
      row.totals.entered,
      ...indicatorValues(row.totals).map((v) => v.percent),
      averageRating(row.totals),
    ]),
    links: comparison.map((row) => {
      const own = { ...filters, agencyId: row.agencyId };
      const params = filtersToParams(own).toString();
      return [`${INDICATOR_PAGE_PATH}?${params}`, null, drilldownHref("entered", own), ...INDICATORS.map(() => null), null];
    }),
  };

  const keptParams: [string, string][] = [];
  for (const name of KEPT_FILTERS) {
    const value = url.searchParams.get(name)?.trim();
    if (value) keptParams.push([name, value]);
  }

  return {
    scopeLabel: scope.label,
    agency,
    period: {
      kind: filters.period.kind,
      value: periodValue(filters.period),
      from: filters.period.fromMonth.slice(0, 7),
      to: filters.period.toMonth.slice(0, 7),
      label,
    },
    keptParams,
    agencyChoices: nodes
      .filter((n) => inScope(n.id) && (n.kind === "government" || n.kind === "department") && (n.active || n.id === filters.agencyId))
      .map((n) => ({ id: n.id, name: n.name, level: n.level }))
      .sort(byLevelThenName),
    asOf: age ? age.asOf.toISOString() : null,
    asOfText,
    totals,
    groups,
    rating: { average: averageRating(totals), rated: link("rated", totals.rated) },
    wholeScopeHref: `${INDICATOR_PAGE_PATH}?${filtersToParams({ ...filters, agencyId: null }).toString()}`,
    query: filtersToParams(filters).toString(),
    periodSlug: periodSlug(filters.period),
    tables: [indicatorTable, comparisonTable],
  };
}
