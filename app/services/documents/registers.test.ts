import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTransaction } from "../../../db/client";
import { agencies, registerEntries } from "../../../db/schema";
import { actorOf, submitHouseholdBusiness } from "../../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { allocateRegisterNumber, startOfLocalDay } from "./registers.server";

let services: TestServices;
let agencyId: number;
let dossierIds: string[];

beforeAll(async () => {
  services = await startTestServices();
  const citizen = await actorOf(services, "congdan");
  [{ id: agencyId }] = await services.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.identifier, "000.00.15.H54"));
  dossierIds = [];
  for (let i = 0; i < 34; i++) dossierIds.push((await submitHouseholdBusiness(services, citizen)).dossierId);
});
afterAll(async () => services?.dispose());

const TZ = "Asia/Ho_Chi_Minh";
const allocate = (dossierId: string, at: Date, book: "result" | "birth" = "result") =>
  withTransaction(services.database, (tx) => allocateRegisterNumber(tx, { agencyId, book, dossierId, eventId: null, at, timeZone: TZ }));

describe(`register books (${databaseKind})`, () => {
  it("30 parallel allocations in one book and year give 1…30, each once", async () => {
    const at = new Date("2031-06-15T03:00:00Z");
    const entries = await Promise.all(dossierIds.slice(0, 30).map((id) => allocate(id, at)));
    expect(entries.map((e) => e.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.year))).toEqual(new Set([2031]));
  });

  it("a dossier keeps its number; a rolled-back allocation leaves no gap", async () => {
    const at = new Date("2032-03-01T03:00:00Z");
    const first = await allocate(dossierIds[30], at);
    expect(first.number).toBe(1);
    expect((await allocate(dossierIds[30], at)).number).toBe(1);
    await expect(
      withTransaction(services.database, async (tx) => {
        await allocateRegisterNumber(tx, { agencyId, book: "result", dossierId: dossierIds[31], eventId: null, at, timeZone: TZ });
        throw new Error("signature failed");
      }),
    ).rejects.toThrow("signature failed");
    expect((await allocate(dossierIds[31], at)).number).toBe(2);
  });

  it("each book has its own sequence, restarting at 1 each year in Vietnam's time", async () => {
    // 23:59 on 31 December in Thái Bình is still 2033; one minute later it is 2034 (UTC is still 2033).
    const lastMinute = new Date("2033-12-31T16:59:00Z");
    const newYear = new Date("2033-12-31T17:00:00Z");
    expect((await allocate(dossierIds[32], lastMinute, "birth"))).toMatchObject({ year: 2033, number: 1 });
    expect((await allocate(dossierIds[33], newYear, "birth"))).toMatchObject({ year: 2034, number: 1 });
    expect((await allocate(dossierIds[33], newYear, "result"))).toMatchObject({ year: 2034, number: 1 });
    const rows = await services.database.db.select().from(registerEntries).where(eq(registerEntries.dossierId, dossierIds[33]));
    expect(rows.map((r) => r.documentDate.toISOString()).sort()).toEqual(["2033-12-31T17:00:00.000Z", "2033-12-31T17:00:00.000Z"]);
  });

  it("a document's date is the start of its day in the configured zone", () => {
    expect(startOfLocalDay(new Date("2033-12-31T16:59:00Z"), TZ).toISOString()).toBe("2033-12-30T17:00:00.000Z");
    expect(startOfLocalDay(new Date("2033-12-31T17:00:00Z"), TZ).toISOString()).toBe("2033-12-31T17:00:00.000Z");
  });
});
