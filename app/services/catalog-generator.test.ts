/**
 * The benchmark generator at small scale (1,600 procedures, 5,000 dossiers), on PGlite and on
 * PostgreSQL: every constraint holds, every snapshot loads on its procedure's step list, each dossier
 * sits at an agency that receives its procedure, and search still finds "khai sinh" first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDatabase } from "../../db/seed";
import { createPostgresTestDatabase, testDatabaseKind, testPostgresUrl } from "../../db/test-database";
import { dossierView, type PersistedDossierState, type WorkflowStep } from "../../workflows/dossier-machine";
import { generate } from "../../bench/generate-data";
import { searchCatalog } from "./catalog.server";

describe(`benchmark generator (${testDatabaseKind})`, () => {
  let handle: DatabaseHandle;
  let drop = async () => {};
  beforeAll(async () => {
    if (testPostgresUrl) {
      const database = await createPostgresTestDatabase(testPostgresUrl);
      handle = await openDatabase({ url: database.url });
      drop = database.drop;
    } else {
      handle = await openDatabase({ dataDir: "memory://" });
    }
    await applyMigrations(handle.db);
    await seedDatabase(handle.db, { demo: false, profile: "thai-binh" });
  });
  afterAll(async () => {
    await handle?.close();
    await drop();
  });
  const q = async <T>(text: string) => (await handle.pool.query(text)).rows as T[];

  it("grows the catalog to 1,600 procedures and adds 5,000 dossiers that keep every constraint", async () => {
    // A fixed "today": the dossiers fall on the 730 days before it, whenever the test runs.
    const today = new Date("2026-06-15T00:00:00Z");
    expect(await generate(handle.db, { procedures: 1600, dossiers: 5000, batchSize: 2000, today })).toEqual({ procedures: 1508, dossiers: 5000 });
    // A second run continues without colliding with the first.
    expect(await generate(handle.db, { procedures: 1600, dossiers: 1000, batchSize: 1000, today })).toEqual({ procedures: 0, dossiers: 1000 });
    const [counts] = await q<{ procedures: number; versions: number; dossiers: number; codes: number; orphans: number }>(`
      select (select count(*)::int from procedures) procedures,
             (select count(*)::int from workflow_versions) versions,
             (select count(*)::int from dossiers) dossiers,
             (select count(distinct code)::int from dossiers) codes,
             (select count(*)::int from procedures p where not exists (select 1 from procedure_agencies pa where pa.procedure_id = p.id)) orphans`);
    expect(counts).toEqual({ procedures: 1600, versions: 1600, dossiers: 6000, codes: 6000, orphans: 0 });
    // Codes in the {agency}-{yyMMdd}-{NNNN} shape, dated before "today".
    expect(await q("select code from dossiers where code !~ '^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.H54-[0-9]{6}-[0-9]{4}$' or submitted_at >= '2026-06-15' limit 3")).toEqual([]);
    // Each dossier at an agency that receives its procedure, on that procedure's step list.
    expect(await q(`select d.code from dossiers d join workflow_versions w on w.id = d.workflow_version_id
                    where w.procedure_id <> d.procedure_id
                       or not exists (select 1 from procedure_agencies pa where pa.procedure_id = d.procedure_id and pa.agency_id = d.receiving_agency_id) limit 3`)).toEqual([]);
    // A realistic spread: most returned, some in progress, a few refused.
    const statuses = Object.fromEntries((await q<{ status: number; n: number }>("select status, count(*)::int n from dossiers group by 1")).map((r) => [r.status, r.n]));
    expect(statuses[10]).toBeGreaterThan(3500);
    expect(statuses[4]).toBeGreaterThan(300);
    expect(statuses[3]).toBeGreaterThan(20);
    const channels = await q<{ channel: number }>("select distinct channel from dossiers order by 1");
    expect(channels.map((c) => c.channel)).toEqual([1, 2, 3]);
  });

  it("writes snapshots the workflow engine loads, with the status and step they claim", async () => {
    const rows = await q<{ snapshot: PersistedDossierState; status: number; state_path: string; step_key: string | null; steps: WorkflowStep[] }>(`
      select distinct on (d.status, p.level) d.snapshot, d.status, d.state_path, d.step_key, w.steps
      from dossiers d join procedures p on p.id = d.procedure_id join workflow_versions w on w.id = d.workflow_version_id order by d.status, p.level`);
    expect(rows.length).toBeGreaterThan(12);
    for (const row of rows) {
      const view = dossierView({ id: row.snapshot.machineId, version: 1, steps: row.steps }, row.snapshot);
      expect({ status: view.status, statePath: view.statePath, stepKey: view.stepKey }).toEqual({ status: row.status, statePath: row.state_path, stepKey: row.step_key });
    }
  });

  it("still finds khai sinh first among 1,600 procedures, typos included", async () => {
    expect((await searchCatalog(handle.db, { q: "dang ky khai sinh" })).items[0].code).toBe("1.001193");
    expect((await searchCatalog(handle.db, { q: "khai sihn" })).items.map((i) => i.code)).toContain("1.001193");
  });
});
