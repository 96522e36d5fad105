/**
 * Rebuilds the monthly rollup (report_monthly_rollup) from the dossiers, in one transaction: readers
 * see the previous figures until the new ones are committed, never a mix. Runs on the primary (it
 * writes); a streaming replica receives the new rows like any other. Scheduled through pg-boss
 * (QUEUES.reportsRefresh), so one rebuild runs at a time however many app processes there are.
 */
import { desc, sql } from "drizzle-orm";
import { withTransaction, type DatabaseHandle, type Queryable } from "../../../db/client";
import { reportRefreshes } from "../../../db/schema";
import { FACTS_FROM, MEASURES, MEASURE_COLUMNS, cohortMonth, measurePredicate } from "./measures.server";

export type RefreshTrigger = "schedule" | "startup" | "admin" | "test";

export type RefreshOutcome = { asOf: Date; rows: number; durationMs: number };

export async function refreshReportRollup(
  db: Pick<DatabaseHandle, "pool">,
  options: { timeZone: string; asOf?: Date; trigger: RefreshTrigger },
): Promise<RefreshOutcome> {
  const asOf = options.asOf ?? new Date();
  const started = performance.now();
  const context = { timeZone: options.timeZone, asOf };
  const columns = MEASURES.map((m) => MEASURE_COLUMNS[m]);
  const sums = sql.join(
    MEASURES.map((m) => sql`count(*) filter (where ${measurePredicate(m, context)})::int`),
    sql`, `,
  );
  const rows = await withTransaction(db, async (tx) => {
    // At province scale (2 million dossiers, docs/decisions/0025) PostgreSQL's JIT spent 18 of the
    // select's 22 seconds compiling the 26 filtered counts, and the grouping sort spilled to disk
    // with the default 4 MB of work_mem. Both only for this transaction.
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '128MB'`);
    await tx.execute(sql`delete from report_monthly_rollup`);
    await tx.execute(sql`delete from report_agency_rollup`);
    await tx.execute(sql`delete from report_procedure_rollup`);
    const inserted = await tx.execute(sql`
      insert into report_monthly_rollup (month, agency_id, procedure_id, channel, ${sql.raw(columns.join(", "))}, rating_sum)
      select ${cohortMonth(options.timeZone)}, d.receiving_agency_id, d.procedure_id, d.channel, ${sums}, coalesce(sum(r.score), 0)::int
      from ${FACTS_FROM}
      group by 1, 2, 3, 4`);
    const count = inserted.rowCount ?? 0;
    // The coarser rollups the province-wide views read (db/schema.ts), summed from the detailed one.
    const measureColumns = sql.raw([...columns, "rating_sum"].join(", "));
    const summed = sql.raw([...columns, "rating_sum"].map((c) => `sum(${c})::int`).join(", "));
    await tx.execute(sql`
      insert into report_agency_rollup (month, agency_id, channel, ${measureColumns})
      select month, agency_id, channel, ${summed} from report_monthly_rollup group by 1, 2, 3`);
    await tx.execute(sql`
      insert into report_procedure_rollup (month, procedure_id, channel, ${measureColumns})
      select month, procedure_id, channel, ${summed} from report_monthly_rollup group by 1, 2, 3`);
    await tx.insert(reportRefreshes).values({
      asOf,
      finishedAt: new Date(),
      durationMs: Math.round(performance.now() - started),
      rows: count,
      trigger: options.trigger,
    });
    return count;
  });
  // Each rebuild deletes every row and inserts as many: without a vacuum the table grows by its
  // whole size each time until autovacuum passes (if it is on at all), and every dashboard query
  // reads the dead rows too (measured at 2 million dossiers: 332 MB became 1.2 GB after four
  // rebuilds, and the dashboard twice as slow). A standby replays the cleanup like any other change.
  await db.pool.query("vacuum (analyze) report_monthly_rollup, report_agency_rollup, report_procedure_rollup");
  return { asOf, rows, durationMs: Math.round(performance.now() - started) };
}

export type RollupAge = { asOf: Date; finishedAt: Date; durationMs: number } | null;

/** When the figures were computed (shown beside every figure), or null before the first rebuild. */
export async function rollupAge(db: Queryable): Promise<RollupAge> {
  const [last] = await db
    .select({ asOf: reportRefreshes.asOf, finishedAt: reportRefreshes.finishedAt, durationMs: reportRefreshes.durationMs })
    .from(reportRefreshes)
    .orderBy(desc(reportRefreshes.id))
    .limit(1);
  return last ?? null;
}
