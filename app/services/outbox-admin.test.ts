/**
 * The outbox when a receiver stays away: back-off, "failed" after the last attempt, the rest of the
 * dossier held behind it, the administrator's view and retry — with the dispatcher's clock owned here.
 */
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxMessages } from "../../db/schema";
import { startNationalSimulator, type NationalSimulator } from "../simulators/national-sim";
import { actorOf, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { performDossierAction } from "./dossier-actions.server";
import { dossierSyncStates, failedOutboxCount, retryDossierSync } from "./outbox-admin.server";
import { dispatchOutboxOnce, OUTBOX_MAX_ATTEMPTS } from "./outbox.server";
import { outboxSenders } from "./outbox-senders.server";

const KEY = "national-test-key-0123456789abcdef";
let services: TestServices;
let sim: NationalSimulator;
let citizen: DemoActor, desk: DemoActor;

beforeAll(async () => {
  sim = await startNationalSimulator({ key: KEY });
  await sim.stop();
  services = await startTestServices({ config: { nationalSync: { url: sim.url, key: KEY }, outboxRetryBaseMs: 1000 } });
  [citizen, desk] = await Promise.all(["congdan", "motcua.huyen"].map((u) => actorOf(services, u)));
});
afterAll(async () => {
  await services?.dispose();
  await sim?.stop();
});

const nationalRows = (dossierId: string) =>
  services.database.db.select().from(outboxMessages).where(eq(outboxMessages.dossierId, dossierId)).orderBy(asc(outboxMessages.id)).then((rows) => rows.filter((r) => r.channel === "national"));

describe(`outbox administration (${databaseKind})`, () => {
  it("fails for good after the last attempt, holds the dossier's later updates, and sends them in order after a retry", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
    const senders = outboxSenders();
    let clock = Date.now();
    for (let attempt = 0; attempt < OUTBOX_MAX_ATTEMPTS; attempt += 1) {
      await dispatchOutboxOnce(services, senders, { now: () => new Date(clock) });
      clock += 7 * 60 * 60 * 1000; // past the longest back-off
    }
    const rows = await nationalRows(dossierId);
    expect(rows[0]).toMatchObject({ state: "failed", attempts: OUTBOX_MAX_ATTEMPTS });
    expect(rows[0].lastError).toMatch(/fetch failed|ECONNREFUSED/);
    // Nothing behind the failed one was tried: a later update never overtakes an earlier one.
    expect(rows.slice(1).every((r) => r.state === "pending" && r.attempts === 0)).toBe(true);
    // Mails are another receiver: they went on (into .eml files: no SMTP here).
    expect((await failedOutboxCount(services)).national).toBe(1);

    const view = await dossierSyncStates(services, { channel: "national", state: "failed", code, page: 1 });
    expect(view.rows).toHaveLength(1);
    expect(view.rows[0]).toMatchObject({ code, state: "failed", failed: 1, pending: rows.length - 1, sent: 0 });

    await sim.start();
    expect(await retryDossierSync(services, "national", dossierId, new Date(clock))).toBe(rows.length);
    await dispatchOutboxOnce(services, senders, { now: () => new Date(clock) });
    const after = await nationalRows(dossierId);
    expect(after.every((r) => r.state === "sent")).toBe(true);
    expect(sim.received.filter((r) => r.payload.MaHoSo === code).map((r) => r.idempotencyKey)).toEqual(after.map((r) => r.messageId));
    expect((await dossierSyncStates(services, { channel: "national", state: "failed", code, page: 1 })).rows).toHaveLength(0);
  });
});
