/**
 * Catalog search at 1,600 procedures: time per query of each tier (words, typo, no match) against a
 * baseline run in the same process (the plain diacritic-free LIKE the portal used before issue 11).
 * By hand, never as a timed test:  npx tsx bench/catalog-search.ts   (DATABASE_URL: PostgreSQL, else PGlite)
 */
import { sql } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { applyMigrations } from "../db/migrate";
import { seedDatabase } from "../db/seed";
import { procedures } from "../db/schema";
import { searchCatalog } from "../db/catalog-search";
import { generateProcedures } from "./generate-data";

const handle = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: "memory://" });
try {
  await applyMigrations(handle.db);
  await seedDatabase(handle.db, { demo: false });
  await generateProcedures(handle.db, Number(process.env.PROCEDURES ?? 1600));
  await handle.db.execute(sql`analyze procedures`);
  const rounds = Number(process.env.ROUNDS ?? 100);
  const time = async (run: () => Promise<unknown>) => {
    for (let i = 0; i < 5; i++) await run();
    const start = performance.now();
    for (let i = 0; i < rounds; i++) await run();
    return (performance.now() - start) / rounds;
  };
  const baseline = await time(() =>
    handle.db.select({ code: procedures.code }).from(procedures).where(sql`immutable_unaccent(${procedures.name}) like immutable_unaccent(${"%khai sinh%"})`),
  );
  console.log(`baseline (plain LIKE over names): ${baseline.toFixed(2)} ms/query`);
  for (const q of ["khai sinh", "dang ky khai sinh", "khai sihn", "giay phep xay dung", "hochieu"]) {
    const result = await searchCatalog(handle.db, { q });
    const ms = await time(() => searchCatalog(handle.db, { q }));
    console.log(`"${q}" (${result.match}, ${result.total} found): ${ms.toFixed(2)} ms/query, ${(ms / baseline).toFixed(1)}× baseline`);
  }
} finally {
  await handle.close();
}
