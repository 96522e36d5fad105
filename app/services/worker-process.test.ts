/**
 * Workers as their own process (issue 9, point 1): a web side with WORKERS=0 runs no job, and a real
 * `tsx app/worker.ts` child process on the same PostgreSQL database does them — the receipt is made
 * and the acknowledgement mail written — then stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments } from "../../db/schema";
import { createPostgresTestDatabase, testPostgresUrl } from "../../db/test-database";
import { actorOf, submitHouseholdBusiness } from "../test-support/fixtures";
import { readConfig } from "./config.server";
import { createServices, type AppServices } from "./context.server";
import { createQueues } from "./jobs.server";
import type { OutgoingMail } from "./mail.server";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The child's environment: ours without vitest's markers (they silence the logger), plus `extra`. */
// Vite puts BASE_URL, MODE, DEV, PROD and SSR into the test's environment; the portal reads BASE_URL.
const NOT_FOR_THE_CHILD = new Set(["TEST_DATABASE_URL", "DATABASE_URL", "BASE_URL", "MODE", "DEV", "PROD", "SSR"]);

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("VITEST") && !NOT_FOR_THE_CHILD.has(k)) env[k] = v;
  return { ...env, LOG_LEVEL: "info", BASE_URL: "http://localhost:3000", ...extra } as unknown as NodeJS.ProcessEnv;
}

function startWorker(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "app/worker.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(condition: () => Promise<boolean> | boolean, what: string, attempts = 120): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("WORKERS=0 needs a shared database", () => {
  it("refuses a web side without workers on the embedded PGlite, and a worker without DATABASE_URL", async () => {
    expect(() => readConfig({ DATA_DIR: os.tmpdir(), APP_SECRET: "x".repeat(32), WORKERS: "0" } as unknown as NodeJS.ProcessEnv)).toThrow(/WORKERS=0 cần DATABASE_URL/);
    expect(() => readConfig({ DATA_DIR: os.tmpdir(), APP_SECRET: "x".repeat(32), WORKERS: "no" } as unknown as NodeJS.ProcessEnv)).toThrow(/WORKERS phải là/);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "motcua-worker-refused-"));
    const refused = startWorker(childEnv({ DATA_DIR: dataDir }));
    const code = await refused.exited;
    expect(code, refused.output()).toBe(2);
    expect(refused.output()).toContain("npm run worker cần DATABASE_URL");
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe.skipIf(!testPostgresUrl)("the job workers in their own process", () => {
  let web: AppServices;
  let worker: ReturnType<typeof startWorker>;
  let dataDir = "";
  let drop: () => Promise<void> = async () => {};
  const sentByWeb: OutgoingMail[] = [];

  beforeAll(async () => {
    const database = await createPostgresTestDatabase(testPostgresUrl!);
    drop = database.drop;
    // One data folder, as the processes of a deployment share file storage and the key store.
    dataDir = await mkdtemp(path.join(os.tmpdir(), "motcua-worker-"));
    const env = { DATA_DIR: dataDir, DATABASE_URL: database.url, DEMO_DATA: "1", JOB_POLLING_SECONDS: "0.5" };
    const config = readConfig({ ...env, NODE_ENV: "test", WORKERS: "0" } as unknown as NodeJS.ProcessEnv);
    expect(config.workersInWebProcess).toBe(false);
    web = await createServices(config, { mailer: { send: async (mail) => void sentByWeb.push(mail) } });
    await createQueues(web.boss);
    worker = startWorker(childEnv(env));
    await until(() => worker.output().includes('"worker-started"'), "the worker to start");
  });

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill("SIGKILL");
      await worker.exited;
    }
    await web?.close();
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("a dossier submitted on the web side gets its receipt and mail from the worker process, which then stops on SIGTERM", async () => {
    const citizen = await actorOf(web, "congdan");
    const { dossierId, code } = await submitHouseholdBusiness(web, citizen);
    const receipts = () => web.database.db.select().from(attachments).where(and(eq(attachments.dossierId, dossierId), eq(attachments.kind, "receipt")));
    await until(async () => (await receipts()).length === 1, "the receipt");
    const mailDir = path.join(dataDir, "mail");
    const mails = async () => {
      const files = await readdir(mailDir).catch(() => [] as string[]);
      return Promise.all(files.map((f) => readFile(path.join(mailDir, f), "utf8")));
    };
    await until(async () => (await mails()).some((m) => m.includes(code)), "the acknowledgement mail");
    // The web side ran no job: its own mailer never sent anything.
    expect(sentByWeb).toEqual([]);

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });
});
