/**
 * Jobs that failed after all their retries (the dead-letter list): what an administrator checks
 * when a mail or a signed document did not appear, and can run again once the cause is fixed.
 */
import { withTransaction } from "../../db/client";
import { recordAdminChange } from "./admin/audit.server";
import type { AppServices } from "./context.server";
import { QUEUES } from "./jobs.server";

export type FailedJob = { id: string; queue: string; dossierId: string | null; error: string; failedAt: string; retries: number };

export async function listFailedJobs(services: AppServices, limit = 100): Promise<FailedJob[]> {
  const { rows } = await services.database.pool.query(
    `select id, name, data, output, completed_on, retry_count from pgboss.job
      where state = 'failed' and name <> $1 order by completed_on desc nulls last limit $2`,
    [QUEUES.deadLetter, limit],
  );
  return rows.map((r: { id: string; name: string; data: { dossierId?: string } | null; output: { message?: string } | null; completed_on: Date | null; retry_count: number }) => ({
    id: r.id,
    queue: r.name,
    dossierId: r.data?.dossierId ?? null,
    error: r.output?.message ?? JSON.stringify(r.output ?? {}),
    failedAt: (r.completed_on ?? new Date(0)).toISOString(),
    retries: r.retry_count,
  }));
}

export async function retryFailedJob(services: AppServices, queue: string, id: string, actorUserId: number | null = null, now = new Date()): Promise<void> {
  await services.boss.retry(queue, id);
  // pg-boss writes on its own connection (on PGlite the only one), so the record follows the retry
  // rather than sharing its transaction: a retry that failed is not recorded as made.
  await withTransaction(services.database, (tx) => recordAdminChange(tx, actorUserId, "job", `${queue}/${id}`, "retry", null, { queue, id }, now));
}
