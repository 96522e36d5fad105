/**
 * Database client factory. `DATABASE_URL` set → node-postgres to that server. Unset → the embedded
 * default: PGlite persisted under ./data/pglite, served on loopback by pglite-socket so that the same
 * `pg` driver (and pg-boss) talk to both. One code path for both databases.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import * as schema from "./schema";

export type Database = NodePgDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Either the database or a transaction: functions that may run inside one take this. */
export type Queryable = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  pool: pg.Pool;
  /** A connection string that other clients (pg-boss) can use. */
  url: string;
  embedded: boolean;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** PostgreSQL connection string; when absent, the embedded PGlite is used. */
  url?: string;
  /** Where PGlite keeps its files; 'memory://' for a throw-away database. */
  dataDir?: string;
  poolSize?: number;
};

export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection closed by the server (restart, failover, DROP DATABASE … WITH (FORCE)) is
    // an 'error' event on the pool; unhandled, it would end the process. The pool replaces it.
    pool.on("error", (error) => console.warn(JSON.stringify({ level: "warn", msg: "PostgreSQL idle connection lost", code: pgErrorCode(error) })));
    return {
      db: drizzle(pool, { schema }),
      pool,
      url: options.url,
      embedded: false,
      close: () => pool.end(),
    };
  }
  return openEmbedded(options.dataDir ?? path.resolve("data/pglite"));
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const [{ PGlite }, { PGLiteSocketServer }, { unaccent }, { pg_trgm }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite-socket"),
    import("@electric-sql/pglite/contrib/unaccent"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
  ]);
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir, { extensions: { unaccent, pg_trgm } });
  // Port 0: the OS picks a free port, so several processes (tests, a dev server) never collide.
  const server = new PGLiteSocketServer({ db: lite, host: "127.0.0.1", port: 0, maxConnections: 4 });
  await server.start();
  const address = server.getServerConn();
  const url = `postgres://postgres@${address}/postgres?sslmode=disable`;
  // One connection for everything in this process (the job queue shares it too). pglite-socket's
  // multiplexer interleaves the extended-protocol messages (Parse/Bind/Execute) of concurrent
  // connections outside transactions, which loses portals ("portal does not exist", SQLSTATE
  // 34000); PGlite is a single session anyway, so one connection costs no concurrency.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  return {
    db: drizzle(pool, { schema }),
    pool,
    url,
    embedded: true,
    async close() {
      await pool.end();
      await server.stop();
      await lite.close();
    },
  };
}

/**
 * Runs `work` in one transaction on one pooled connection and hands it both the drizzle handle and
 * the raw client, so that other libraries (pg-boss's outbox insert) write in the same transaction.
 */
export async function withTransaction<T>(
  handle: Pick<DatabaseHandle, "pool">,
  work: (tx: Database, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await handle.pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(drizzle(client, { schema }), client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The SQLSTATE of a failed query, whether drizzle wrapped the driver's error or not. */
export function pgErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = e?.cause?.code ?? e?.code;
  return typeof code === "string" ? code : undefined;
}

export const PG_UNIQUE_VIOLATION = "23505";
