/**
 * Where report queries go (issue 12): REPORTS_DATABASE_URL when set, a streaming replica, else the
 * primary. The replica's sessions are read-only (default_transaction_read_only), so a write sent there
 * by mistake fails instead of diverging; a hot standby refuses writes anyway. Nothing that writes
 * (the rollup rebuild, the periodic report's record) takes this handle.
 */
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { sql } from "drizzle-orm";
import * as schema from "../../../db/schema";
import type { Database, DatabaseHandle } from "../../../db/client";

export const REPORTS_APPLICATION_NAME = "motcua-reports";

export type ReportsDatabase = {
  db: Database;
  /** True when reports read a separate server (the replica). */
  separate: boolean;
  /**
   * How far the replica is behind the primary, in seconds, as the replica knows it (time since the
   * last replayed transaction when there is more WAL to replay, 0 when it has replayed all it
   * received); null when reports read the primary itself.
   */
  lagSeconds(): Promise<number | null>;
  close(): Promise<void>;
};

export function openReportsDatabase(url: string | undefined, primary: DatabaseHandle): ReportsDatabase {
  if (!url) {
    return { db: primary.db, separate: false, lagSeconds: async () => null, close: async () => {} };
  }
  // Named, so that the replica's pg_stat_activity shows which sessions are the portal's reports.
  const pool = new pg.Pool({ connectionString: url, max: 5, application_name: REPORTS_APPLICATION_NAME, options: "-c default_transaction_read_only=on" });
  pool.on("error", () => {});
  const db = drizzle(pool, { schema });
  return {
    db,
    separate: true,
    async lagSeconds() {
      const result = await db.execute<{ lag: string | null }>(sql`
        select case
          when not pg_is_in_recovery() then null
          when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
          else extract(epoch from now() - pg_last_xact_replay_timestamp())
        end as lag`);
      const lag = result.rows[0]?.lag;
      return lag === null || lag === undefined ? null : Math.max(0, Number(lag));
    },
    close: () => pool.end(),
  };
}
