/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL, or to the embedded
 * database under DATA_DIR (./data) when it is not set. The server does the same at start-up.
 */
import path from "node:path";
import { openDatabase } from "./client";
import { applyMigrations } from "./migrate";

const handle = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: path.resolve(process.env.DATA_DIR ?? "data", "pglite"),
});
try {
  await applyMigrations(handle.db);
  console.log(`Đã áp dụng migration (${handle.embedded ? "PGlite nhúng" : "PostgreSQL"}).`);
} finally {
  await handle.close();
}
