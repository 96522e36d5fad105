/**
 * Benchmark data generator (README: "Benchmark data"): seeds the profile if the database is empty,
 * grows the catalog to --procedures and adds --dossiers dossiers, all set-based in the database.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/generate.ts --procedures 1600 --dossiers 2000000 [--profile hung-yen]
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../db/client";
import { applyMigrations } from "../db/migrate";
import { seedDatabase } from "../db/seed";
import { parseSeedProfile } from "../db/profiles";
import { generate } from "./generate-data";

const { values } = parseArgs({
  options: {
    procedures: { type: "string", default: "1600" },
    dossiers: { type: "string", default: "100000" },
    batch: { type: "string", default: "200000" },
    days: { type: "string", default: "730" },
    profile: { type: "string", default: process.env.SEED_PROFILE ?? "thai-binh" },
  },
});

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is required: the generator writes into a PostgreSQL database you name.");
  process.exit(2);
}
const handle = await openDatabase({ url: process.env.DATABASE_URL });
try {
  await applyMigrations(handle.db);
  await seedDatabase(handle.db, { demo: false, profile: parseSeedProfile(values.profile) });
  const started = performance.now();
  const result = await generate(handle.db, {
    procedures: Number(values.procedures),
    dossiers: Number(values.dossiers),
    batchSize: Number(values.batch),
    days: Number(values.days),
    log: (line) => console.log(line),
  });
  console.log(`Added ${result.procedures} procedures and ${result.dossiers} dossiers in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await handle.close();
}
