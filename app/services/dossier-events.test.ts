/**
 * Issue 8, "one path, and a chain that proves itself": one module appends every event, the hash
 * covers every column, the table refuses UPDATE / DELETE, audit:verify names the first broken
 * link, and a form's transaction id makes a replay yield one event and the same answer.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db/client";
import { verifyAuditChains } from "../../db/audit-verify";
import { HASHED_COLUMNS } from "../../db/event-chain";
import { dossierEvents, dossiers } from "../../db/schema";
import { actorOf, JUDICIAL_RECORD, submitDemoDossier, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { databaseKind, startTestServices, usingPostgres, type TestServices } from "../test-support/services";
import { readConfig } from "./config.server";
import { createServices } from "./context.server";
import { performDossierAction, type DossierCommand } from "./dossier-actions.server";
import { appendDossierEvent } from "./dossier-events.server";
import { scanDeadlines } from "./deadlines.server";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const MIGRATION = path.join(ROOT, "db/migrations/0006_dossier_events_append_only.sql");

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, provinceDesk: DemoActor;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, provinceDesk] = await Promise.all(["congdan", "motcua.huyen", "motcua.so"].map((u) => actorOf(services, u)));
});
afterAll(async () => services?.dispose());

const eventsOf = (id: string) =>
  services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, id)).orderBy(asc(dossierEvents.seq));

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (["node_modules", "build", "data", "migrations"].includes(entry.name) || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (/\.(ts|tsx|js|mjs|sql)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Drops the append-only triggers (as someone with the owner's rights could), runs `work`, restores them from the migration. */
async function withoutTrigger(db: Database, work: () => Promise<void>) {
  await db.execute(sql`drop trigger dossier_events_no_update_delete on dossier_events`);
  await db.execute(sql`drop trigger dossier_events_no_truncate on dossier_events`);
  try {
    await work();
  } finally {
    for (const statement of (await readFile(MIGRATION, "utf8")).split("--> statement-breakpoint")) {
      await db.execute(sql.raw(statement));
    }
  }
}

describe(`one path for dossier history (${databaseKind})`, () => {
  it("no file but dossier-events.server.ts inserts into dossier_events", async () => {
    const offenders: string[] = [];
    for (const top of ["app", "db", "workflows", "signing", "e2e", "scripts", "bench"]) {
      for (const file of await sourceFiles(path.join(ROOT, top))) {
        if (file.endsWith(path.join("app", "services", "dossier-events.server.ts")) || file.endsWith("dossier-events.test.ts")) continue;
        const text = await readFile(file, "utf8");
        if (/\.insert\(\s*dossierEvents\b/.test(text) || /insert\s+into\s+"?dossier_events"?/i.test(text)) offenders.push(path.relative(ROOT, file));
      }
    }
    expect(offenders).toEqual([]);
  });

  it("submission, officers' actions and the deadline scan append through the module, with every column hashed", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen, "submission-key-1");
    const monday = new Date("2026-11-23T02:00:00Z");
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" }, now: monday, transactionId: "tx-receive" });
    // Three working days and more later the dossier is overdue: the scan appends a system event.
    expect((await scanDeadlines(services, new Date("2026-12-31T02:00:00Z"))).overdue).toBeGreaterThanOrEqual(1);
    const events = await eventsOf(dossierId);
    expect(events.map((e) => [e.action, e.actorRole, e.transactionId, e.hashScheme])).toEqual([
      ["SUBMIT", "citizen", "submission-key-1", 2],
      ["RECEIVE", "desk", "tx-receive", 2],
      ["OVERDUE", "system", expect.stringMatching(/^overdue:/), 2],
    ]);
    expect(events.map((e) => e.dossierVersion)).toEqual([1, 2, 2]);
    expect(events[1]).toMatchObject({ fromStatus: 1, toStatus: 2, fromState: "submitted", toState: "received" });
    expect(events[1].effects.map((e) => e.type)).toContain("startClock");
    expect((await verifyAuditChains(services.database.db)).broken).toEqual([]);
  });

  it("hashes every column of the table but the hash itself", async () => {
    const result = await services.database.db.execute<{ column_name: string }>(
      sql`select column_name from information_schema.columns where table_name = 'dossier_events' and table_schema = current_schema()`,
    );
    const columns = result.rows.map((r) => r.column_name).filter((c) => c !== "hash");
    expect([...HASHED_COLUMNS].sort()).toEqual(columns.sort());
  });

  it("refuses to append outside a transaction", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const [dossier] = await services.database.db.select().from(dossiers).where(eq(dossiers.id, dossierId));
    await expect(
      appendDossierEvent(services.database.db, {
        dossierId,
        actorUserId: null,
        actorRole: "system",
        action: "DUE_SOON",
        fromState: dossier.statePath,
        toState: dossier.statePath,
        fromStatus: dossier.status,
        toStatus: dossier.status,
        note: null,
        effects: [],
        occurredAt: new Date(),
      }),
    ).rejects.toThrow(/inside the dossier's transaction/);
    expect(await eventsOf(dossierId)).toHaveLength(1);
  });

  it("the database refuses UPDATE, DELETE and TRUNCATE of dossier_events", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const { db } = services.database;
    await expect(db.update(dossierEvents).set({ note: "sửa" }).where(eq(dossierEvents.dossierId, dossierId))).rejects.toThrow();
    await expect(db.delete(dossierEvents).where(eq(dossierEvents.dossierId, dossierId))).rejects.toThrow();
    await expect(db.execute(sql`truncate dossier_events cascade`)).rejects.toThrow();
    expect(await eventsOf(dossierId)).toHaveLength(1);
  });
});

describe(`transaction ids (${databaseKind})`, () => {
  it("a replayed action with the same transaction id yields one event and the first answer", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const request = { dossierId, actor: desk, event: { type: "RECEIVE" } as DossierCommand, expectedVersion: 1, transactionId: "tx-double-click" };
    const first = await performDossierAction(services, request);
    const second = await performDossierAction(services, request);
    expect(first).toMatchObject({ status: 2, statePath: "received", version: 2, replayed: false });
    expect(second).toEqual({ ...first, replayed: true });
    expect((await eventsOf(dossierId)).map((e) => e.action)).toEqual(["SUBMIT", "RECEIVE"]);
    // The same id for another action is not a replay of it.
    await expect(
      performDossierAction(services, { ...request, event: { type: "TRANSFER" }, expectedVersion: 2 }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("concurrent replays make one event, and each gets the same answer", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" }, expectedVersion: 1, transactionId: "tx-race" }),
      ),
    );
    expect(new Set(answers.map((a) => JSON.stringify({ ...a, replayed: undefined }))).size).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect((await eventsOf(dossierId)).map((e) => e.action)).toEqual(["SUBMIT", "RECEIVE"]);
  });
});

describe(`the role in an event is the actor's (${databaseKind})`, () => {
  it("a citizen sending FEE_PAID with role 'desk' is still a citizen to the statechart", async () => {
    const { dossierId } = await submitDemoDossier(services, citizen, JUDICIAL_RECORD, {
      recordType: "Phiếu số 2",
      birthDate: "1990-05-01",
      birthPlace: "Đông Hưng, Thái Bình",
      purpose: "Xin việc",
    });
    await performDossierAction(services, { dossierId, actor: provinceDesk, event: { type: "RECEIVE" } });
    await performDossierAction(services, { dossierId, actor: provinceDesk, event: { type: "TRANSFER" } });
    // The fee step is the desk's; a role field smuggled into the request must not be believed.
    const smuggled = { type: "FEE_PAID" } as unknown as DossierCommand;
    await expect(performDossierAction(services, { dossierId, actor: citizen, event: smuggled })).rejects.toMatchObject({ status: 409 });
    expect((await eventsOf(dossierId)).map((e) => e.action)).toEqual(["SUBMIT", "RECEIVE", "TRANSFER"]);
  });
});

async function runVerify(env: Record<string, string>) {
  try {
    const { stdout } = await run(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "db/audit-verify.ts")], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "", ...env },
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe(`npm run audit:verify (${databaseKind})`, () => {
  it("names the first broken link of a chain changed behind the trigger's back", async () => {
    const { db } = services.database;
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "TRANSFER" } });
    expect((await verifyAuditChains(db)).broken).toEqual([]);

    await withoutTrigger(db, async () => {
      // From/to status was outside the old hash; now changing it breaks the chain at that row.
      await db.update(dossierEvents).set({ toStatus: 3 }).where(and2(dossierId, 2));
      const report = await verifyAuditChains(db);
      expect(report.broken).toEqual([{ dossierId, code, seq: 2, problem: expect.stringContaining("nội dung dòng đã bị sửa") }]);
      await db.update(dossierEvents).set({ toStatus: 2 }).where(and2(dossierId, 2));
      // Dropping the last row leaves a sound-looking chain that ends before the dossier's state.
      await db.delete(dossierEvents).where(and2(dossierId, 3));
      expect((await verifyAuditChains(db)).broken).toEqual([
        { dossierId, code, seq: null, problem: expect.stringContaining("chuỗi kết thúc ở received") },
      ]);
    });
    // The restored trigger holds again.
    await expect(db.delete(dossierEvents).where(and2(dossierId, 2))).rejects.toThrow();
  });

  it("as a command, exits 1 and prints the dossier code and seq", async () => {
    if (usingPostgres) {
      const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
      const { db } = services.database;
      await withoutTrigger(db, async () => {
        await db.update(dossierEvents).set({ note: "đã sửa" }).where(and2(dossierId, 1));
        const result = await runVerify({ DATABASE_URL: services.database.url });
        expect(result.code).toBe(1);
        expect(result.stdout).toContain(`hồ sơ ${code}, dòng seq 1`);
      });
      return;
    }
    // The embedded database: a PGlite data folder, as `npm start` leaves it, checked with the app stopped.
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "motcua-audit-"));
    try {
      const config = { ...readConfig({ NODE_ENV: "test", DATA_DIR: dataDir, BASE_URL: "http://localhost:3000" } as NodeJS.ProcessEnv), seedDemoData: true, jobPollingSeconds: 0.5 };
      const app = await createServices(config);
      const who = await actorOf(app, "congdan");
      const { dossierId, code } = await submitHouseholdBusiness(app, who);
      await app.close();
      expect(await runVerify({ DATA_DIR: dataDir })).toMatchObject({ code: 0, stdout: expect.stringContaining("toàn vẹn") });

      const database = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
      await database.db.execute(sql`drop trigger dossier_events_no_update_delete on dossier_events`);
      await database.db.update(dossierEvents).set({ note: "đã sửa" }).where(and2(dossierId, 1));
      await database.close();
      const result = await runVerify({ DATA_DIR: dataDir });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`hồ sơ ${code}, dòng seq 1`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

function and2(dossierId: string, seq: number) {
  return sql`${dossierEvents.dossierId} = ${dossierId} and ${dossierEvents.seq} = ${seq}`;
}
