/**
 * A throw-away database for integration tests: a fresh database on the PostgreSQL server named by
 * TEST_DATABASE_URL, or, without it, nothing (callers use the embedded PGlite in memory).
 */
import pg from "pg";

export const testPostgresUrl = process.env.TEST_DATABASE_URL || undefined;
export const testDatabaseKind = testPostgresUrl ? "PostgreSQL" : "PGlite";

export async function createPostgresTestDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `motcua_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // Closed pools may still be saying goodbye; forcing them off races with their last messages.
      for (let i = 0; i < 50; i++) {
        const { rows } = await c.query("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
