/**
 * Two app instances on one PostgreSQL database, both running the job workers (as two processes
 * behind a load balancer would): every job runs once, every document exists once, every mail goes
 * out once. PGlite is one process's database, so this runs on PostgreSQL only.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments } from "../../db/schema";
import { readConfig } from "./config.server";
import { createServices, type AppServices } from "./context.server";
import { jobHandlers } from "./job-handlers.server";
import { createQueues, startWorkers } from "./jobs.server";
import type { Mailer, OutgoingMail } from "./mail.server";
import { createPostgresTestDatabase, testPostgresUrl } from "../../db/test-database";
import { actorOf, submitHouseholdBusiness } from "../test-support/fixtures";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const DOSSIERS = 12;

describe.skipIf(!testPostgresUrl)("two app instances on one PostgreSQL database", () => {
  const sent: OutgoingMail[] = [];
  const mailer: Mailer = { send: async (mail) => void sent.push(mail) };
  let instances: AppServices[] = [];
  let drop: () => Promise<void> = async () => {};
  let dataDir = "";

  beforeAll(async () => {
    const database = await createPostgresTestDatabase(testPostgresUrl!);
    drop = database.drop;
    // One shared data folder, as two processes would share object storage and the key store.
    dataDir = await mkdtemp(path.join(os.tmpdir(), "motcua-two-"));
    const config = { ...readConfig({ NODE_ENV: "test", DATA_DIR: dataDir } as NodeJS.ProcessEnv), databaseUrl: database.url, jobPollingSeconds: 0.5 };
    // Sequential start: the first seeds and creates the PKI, the second finds both done.
    for (let i = 0; i < 2; i++) {
      const services = await createServices(config, { mailer });
      await createQueues(services.boss);
      await startWorkers(services, jobHandlers(services));
      instances.push(services);
    }
  });

  afterAll(async () => {
    for (const services of instances) await services.close();
    instances = [];
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("runs each receipt and each acknowledgement mail exactly once", async () => {
    const [a, b] = instances;
    const citizen = await actorOf(a, "congdan");
    const submitted = await Promise.all(Array.from({ length: DOSSIERS }, (_, i) => submitHouseholdBusiness(i % 2 ? a : b, citizen)));
    const ids = submitted.map((s) => s.dossierId);

    // Wait (bounded) until the workers of either instance have made every receipt.
    const receipts = async () =>
      a.database.db
        .select({ dossierId: attachments.dossierId })
        .from(attachments)
        .where(and(inArray(attachments.dossierId, ids), eq(attachments.kind, "receipt")));
    for (let i = 0; i < 120 && ((await receipts()).length < DOSSIERS || sent.length < DOSSIERS); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const made = await receipts();
    expect(made).toHaveLength(DOSSIERS);
    expect(new Set(made.map((r) => r.dossierId)).size).toBe(DOSSIERS);
    // Give a duplicate delivery the chance to show up before counting mails.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const acknowledgements = sent.filter((m) => m.subject.includes("Hồ sơ đã được nộp trực tuyến"));
    expect(acknowledgements).toHaveLength(DOSSIERS);
    expect(new Set(acknowledgements.map((m) => m.subject)).size).toBe(DOSSIERS);
  });
});
