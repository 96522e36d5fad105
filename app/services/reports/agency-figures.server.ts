/**
 * Figures per agency for the pages that compare agencies (the indicator page, the public
 * statistics). An agency's row counts the dossiers received by it and by the agencies under it, the
 * same set `?co-quan=<id>` selects (filters.server.ts agenciesFor), so that a row, the agency's own
 * page and the drill-down behind a figure always agree.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { addTotals, emptyTotals, totalsByAgency, type MeasureTotals } from "./dashboard.server";
import { AGENCY_LEVELS, monthLabel, romanQuarterOf, type AgencyLevel, type ReportFilters, type ReportPeriod } from "./filters.server";

export { averageRating } from "./dashboard.server";
export { periodSlug, periodValue } from "./filters.server";

export type AgencyNode = { id: number; name: string; level: AgencyLevel; parentId: number | null; active: boolean; kind: string };

/** Every agency (a province has a few hundred), to walk the tree in memory. */
export async function agencyNodes(db: Queryable): Promise<AgencyNode[]> {
  const result = await db.execute<Record<string, unknown>>(
    sql`select id, name, level, parent_id as "parentId", active, kind from agencies order by id`,
  );
  return result.rows.map((row) => ({
    id: Number(row.id),
    name: String(row.name),
    level: String(row.level) as AgencyLevel,
    parentId: row.parentId === null ? null : Number(row.parentId),
    active: row.active === true || row.active === "t",
    kind: String(row.kind),
  }));
}

/** Province first, then districts, then communes; by name in Vietnamese order within a level. */
export function byLevelThenName<T extends { level: AgencyLevel; name: string }>(a: T, b: T): number {
  return AGENCY_LEVELS.indexOf(a.level) - AGENCY_LEVELS.indexOf(b.level) || a.name.localeCompare(b.name, "vi");
}


export type AgencyFigures = { agencyId: number; name: string; level: AgencyLevel; totals: MeasureTotals };

/**
 * One row per agency of `agencyIds` (null: every agency) whose tree received a dossier of the
 * filters' period, each counting its own dossiers and those of the agencies under it that are in
 * `agencyIds` too. The filters' own agency is ignored: the caller passes the set to compare.
 */
export async function subtreeFiguresByAgency(
  db: Queryable,
  agencyIds: number[] | null,
  filters: ReportFilters,
  nodes: AgencyNode[],
): Promise<AgencyFigures[]> {
  const own = await totalsByAgency(db, agencyIds, { ...filters, agencyId: null });
  const ownById = new Map(own.map((row) => [row.agencyId, row.totals]));
  const allowed = agencyIds === null ? null : new Set(agencyIds);
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  const sums = new Map<number, MeasureTotals>();
  for (const [agencyId, totals] of ownById) {
    // Add the agency's own dossiers to it and to every ancestor the reader may see.
    const seen = new Set<number>();
    for (let id: number | null = agencyId; id !== null && !seen.has(id); id = parentOf.get(id) ?? null) {
      seen.add(id);
      if (allowed && !allowed.has(id)) continue;
      const sum = sums.get(id) ?? emptyTotals();
      addTotals(sum, totals);
      sums.set(id, sum);
    }
  }
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  return [...sums.entries()]
    .filter(([id, totals]) => nodeById.has(id) && totals.entered > 0)
    .map(([id, totals]) => {
      const node = nodeById.get(id)!;
      return { agencyId: id, name: node.name, level: node.level, totals };
    })
    .sort(byLevelThenName);
}

/** The period as a heading says it, in the page's language ("Quý IV/2026", "Q4 2026"). */
export function periodLabel(period: ReportPeriod, language: "vi" | "en"): string {
  if (language === "vi") return period.label;
  const year = period.fromMonth.slice(0, 4);
  if (period.kind === "month") return `Month ${monthLabel(period.fromMonth)}`;
  if (period.kind === "quarter") return `Quarter ${romanQuarterOf(period.fromMonth)}/${year}`;
  if (period.kind === "year") return `Year ${year}`;
  return `From ${monthLabel(period.fromMonth)} to ${monthLabel(period.toMonth)}`;
}

