/**
 * The database layer on both engines: migrations, seed, constraints and diacritic-insensitive search.
 * PGlite runs embedded; with TEST_DATABASE_URL the same tests run on a fresh PostgreSQL database.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createPostgresTestDatabase, testDatabaseKind, testPostgresUrl } from "./test-database";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, withTransaction, type DatabaseHandle } from "./client";
import { applyMigrations } from "./migrate";
import { seedDatabase } from "./seed";
import { agencies, calendarDays, dossiers, procedures, users, workflowVersions } from "./schema";
import { DEMO_AGENCIES, DEMO_PROCEDURES, DEMO_USERS } from "./demo-data";
import { CATALOG } from "./catalog-data";
import { VN_HOLIDAYS } from "../workflows/holidays-vn";

const pgAdminUrl = testPostgresUrl;
const kind = testDatabaseKind;

async function freshDatabase(): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  if (!pgAdminUrl) return { handle: await openDatabase({ dataDir: "memory://" }), drop: async () => {} };
  const database = await createPostgresTestDatabase(pgAdminUrl);
  return { handle: await openDatabase({ url: database.url }), drop: database.drop };
}

describe(`database (${kind})`, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    db = await freshDatabase();
    await applyMigrations(db.handle.db);
  });
  afterAll(async () => {
    await db.handle.close();
    await db.drop();
  });

  it("seeds the demo data once, and a second seed changes nothing", async () => {
    expect(await seedDatabase(db.handle.db, { demo: true })).toEqual({ seededDemo: true });
    expect(await seedDatabase(db.handle.db, { demo: true })).toEqual({ seededDemo: false });
    await applyMigrations(db.handle.db); // re-applying migrations is a no-op too
    const count = async (table: typeof agencies | typeof users | typeof procedures | typeof calendarDays | typeof workflowVersions) =>
      (await db.handle.db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n;
    expect(await count(agencies)).toBe(DEMO_AGENCIES.length);
    expect(await count(users)).toBe(DEMO_USERS.length);
    // The whole reference catalog (db/catalog-data.ts) besides the three demo procedures.
    expect(await count(procedures)).toBe(DEMO_PROCEDURES.length + CATALOG.length);
    expect(await count(workflowVersions)).toBe(DEMO_PROCEDURES.length + CATALOG.length);
    expect(await count(calendarDays)).toBe(VN_HOLIDAYS.length);
    const levels = await db.handle.db.selectDistinct({ level: agencies.level }).from(agencies);
    expect(levels.map((l) => l.level).sort()).toEqual(["commune", "district", "province"]);
  });

  it("finds procedures without diacritics", async () => {
    const search = async (q: string) =>
      db.handle.db
        .select({ code: procedures.code })
        .from(procedures)
        .where(sql`immutable_unaccent(${procedures.name}) like immutable_unaccent(${`%${q}%`})`);
    // The full catalog has several birth and household-business procedures: each found carries the words.
    const births = await search("dang ky khai sinh");
    expect(births.map((r) => r.code)).toEqual(expect.arrayContaining(["1.001193", "1.000689", "2.000528"]));
    expect(births).toHaveLength(5);
    const households = await search("HỘ KINH DOANH");
    expect(households.map((r) => r.code)).toEqual(expect.arrayContaining(["1.001612", "2.000720", "1.001266"]));
    expect(households).toHaveLength(5);
    expect((await search("ly lich tu phap")).map((r) => r.code).sort()).toEqual(["3.000333", "3.000334"]);
  });

  it("rejects a status outside 1–10 at the database, whatever the code does", async () => {
    const [procedure] = await db.handle.db.select().from(procedures).where(eq(procedures.code, "1.001193"));
    const [version] = await db.handle.db.select().from(workflowVersions).where(eq(workflowVersions.procedureId, procedure.id));
    const row = {
      code: "000.00.00.H54-261123-9999",
      procedureId: procedure.id,
      workflowVersionId: version.id,
      receivingAgencyId: procedure.agencyId,
      applicantName: "Thử",
      applicantIdNumber: "034090001234",
      applicantPhone: "0912345678",
      applicantAddress: "Thái Bình",
      channel: 2,
      resultDelivery: 2,
      formData: {},
      snapshot: { machineId: "x", machineVersion: 1, value: "submitted", context: { resumeAt: null, draftResult: null } },
      status: 11,
      statePath: "submitted",
      submittedAt: new Date(),
    };
    await expect(db.handle.db.insert(dossiers).values(row)).rejects.toMatchObject({ cause: { constraint: "dossiers_status_check" } });
    await expect(db.handle.db.insert(dossiers).values({ ...row, status: 1, channel: 9 })).rejects.toMatchObject({ cause: { constraint: "dossiers_channel_check" } });
  });

  it("rolls back every write of a failed transaction", async () => {
    const before = (await db.handle.db.select({ n: sql<number>`count(*)::int` }).from(agencies))[0].n;
    await expect(
      withTransaction(db.handle, async (tx) => {
        await tx.insert(agencies).values({ name: "Tạm", level: "commune", kind: "unit" });
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect((await db.handle.db.select({ n: sql<number>`count(*)::int` }).from(agencies))[0].n).toBe(before);
  });
});

describe.skipIf(!!pgAdminUrl)("embedded PGlite on disk", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "motcua-pglite-"));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("keeps its data across a restart", async () => {
    const first = await openDatabase({ dataDir: dir });
    await applyMigrations(first.db);
    await seedDatabase(first.db, { demo: true });
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    const [row] = await second.db.select().from(users).where(eq(users.username, "congdan"));
    expect(row.fullName).toBe("Nguyễn Văn An");
    expect(await seedDatabase(second.db, { demo: true })).toEqual({ seededDemo: false });
    await second.close();
  });
});
