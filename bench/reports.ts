/**
 * The dashboard at province scale (issue 12, point 5): 2,000,000 dossiers from the portal's generator
 * (bench/generate-data.ts), the monthly rollup rebuilt once, then the dashboard's figures timed
 * against a plain `select count(*) from dossiers` over the same table in the same run; the ratio is
 * printed. By hand, never as a timed test, on a PostgreSQL database of its own:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_reports npx tsx bench/reports.ts
 *
 * DOSSIERS (default 2000000): the dossiers the table should hold; only the missing ones are
 * generated, so a second run reuses the first one's. ROUNDS (default 7): timed runs per query (the
 * median is printed, after one warm-up run). REPORTS_DATABASE_URL: read the figures there (a
 * replica of DATABASE_URL) instead of DATABASE_URL.
 */
import { sql } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { applyMigrations } from "../db/migrate";
import { seedDatabase } from "../db/seed";
import { parseSeedProfile } from "../db/profiles";
import { PORTAL_TIME_ZONE, localDate } from "../app/time";
import { dashboardFigures, drilldown } from "../app/services/reports/dashboard.server";
import { dashboardPageModel } from "../app/services/reports/dashboard-page.server";
import { agencySubtree, periodContaining, type ReportFilters } from "../app/services/reports/filters.server";
import { openReportsDatabase } from "../app/services/reports/reports-database.server";
import { refreshReportRollup } from "../app/services/reports/rollup.server";
import { generateDossiers, generateProcedures } from "./generate-data";

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is required: a PostgreSQL database of its own (the bench adds millions of dossiers to it).");
  process.exit(2);
}
const target = Number(process.env.DOSSIERS ?? 2_000_000);
const rounds = Number(process.env.ROUNDS ?? 7);
const timeZone = PORTAL_TIME_ZONE;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const millis = (ms: number) => `${ms.toFixed(1)} ms`;

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const handle = await openDatabase({ url: process.env.DATABASE_URL });
const reports = openReportsDatabase(process.env.REPORTS_DATABASE_URL, handle);
try {
  await applyMigrations(handle.db);
  await seedDatabase(handle.db, { demo: false, profile: parseSeedProfile(process.env.SEED_PROFILE ?? "thai-binh") });
  await generateProcedures(handle.db, 1600);
  const count = async () => Number((await handle.db.execute<{ n: string }>(sql`select count(*) as n from dossiers`)).rows[0].n);
  const present = await count();
  if (present < target) {
    const started = performance.now();
    await generateDossiers(handle.db, target - present, { log: (line) => console.log(`  ${line}`) });
    console.log(`generated ${(target - present).toLocaleString("en")} dossiers in ${seconds(performance.now() - started)}`);
  }
  await handle.db.execute(sql`analyze`);
  const dossiers = await count();
  console.log(`dossiers: ${dossiers.toLocaleString("en")}`);

  const refresh = await refreshReportRollup(handle, { timeZone, trigger: "admin" });
  console.log(`rollup refresh: ${seconds(refresh.durationMs)}, ${refresh.rows.toLocaleString("en")} rollup rows`);
  await handle.db.execute(sql`analyze report_monthly_rollup`);
  if (reports.separate) console.log(`reading the figures from REPORTS_DATABASE_URL (lag ${await reports.lagSeconds()} s)`);

  // The current year for the whole province, as the monitor opens the page; then a leader's view:
  // the agency with the most dossiers and its subtree, one field.
  const today = localDate(new Date());
  const year: ReportFilters = { period: periodContaining("year", today), agencyId: null, field: null, level: null, procedureId: null, channel: null };
  const [busiest] = (
    await handle.db.execute<{ agency: number; field: string }>(sql`
      select d.receiving_agency_id as agency, p.field from dossiers d join procedures p on p.id = d.procedure_id
      group by 1, 2 order by count(*) desc limit 1`)
  ).rows;
  const agencyIds = await agencySubtree(handle.db, busiest.agency);
  const filtered: ReportFilters = { ...year, agencyId: busiest.agency, field: busiest.field };

  const province = await dashboardFigures(reports.db, null, year, timeZone);
  console.log(`dashboard ${year.period.label}: ${province.totals.entered.toLocaleString("en")} dossiers entered, ${province.byAgency.length} agencies, ${province.topLateProcedures.length} top late procedures`);
  const dashboardMs = await median(() => dashboardFigures(reports.db, null, year, timeZone));
  const filteredMs = await median(() => dashboardFigures(reports.db, agencyIds, filtered, timeZone));
  const countMs = await median(() => reports.db.execute(sql`select count(*) from dossiers`));
  // The whole page the route serves to the provincial monitor: figures, filter choices, the data's
  // age, every table built. The page model reads only the reports database and the portal's zone.
  const [{ root }] = (await handle.db.execute<{ root: number }>(sql`select id as root from agencies where parent_id is null order by id limit 1`)).rows;
  const pageServices = { reports, config: { timeZone } } as unknown as Parameters<typeof dashboardPageModel>[0]["services"];
  const pageUrl = new URL(`http://localhost/giam-sat?ky=year&gia-tri=${today.slice(0, 4)}`);
  const pageMs = await median(() => dashboardPageModel({ services: pageServices, user: { role: "monitor", agencyId: Number(root) }, url: pageUrl, now: new Date(), language: "vi" }));
  const drilldownOptions = { timeZone, asOf: refresh.asOf, page: 1 };
  const lateMs = await median(() => drilldown(reports.db, null, year, "late", drilldownOptions));
  const enteredMs = await median(() => drilldown(reports.db, null, year, "entered", drilldownOptions));
  const agencyLateMs = await median(() => drilldown(reports.db, agencyIds, filtered, "late", drilldownOptions));

  console.log(`median of ${rounds} runs each, same process, same table:`);
  console.log(`  dashboard, whole province, ${year.period.label}: ${millis(dashboardMs)}`);
  console.log(`  dashboard, one agency (${agencyIds.length} with its subtree) and one field: ${millis(filteredMs)}`);
  console.log(`  the dashboard page model (what /giam-sat serves the provincial monitor): ${millis(pageMs)}`);
  console.log(`  select count(*) from dossiers: ${millis(countMs)}`);
  console.log(`  ratio dashboard / count(*): ${(dashboardMs / countMs).toFixed(3)} (province), ${(filteredMs / countMs).toFixed(3)} (agency and field), ${(pageMs / countMs).toFixed(3)} (whole page)`);
  console.log(`  drill-down, first page of 50 with its total: late ${millis(lateMs)}, entered ${millis(enteredMs)}, late for the agency and field ${millis(agencyLateMs)}`);
} finally {
  await reports.close();
  await handle.close();
}
