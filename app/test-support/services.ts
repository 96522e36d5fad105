/**
 * Real services for integration tests: the embedded PGlite by default, or a fresh database on the
 * PostgreSQL server named by TEST_DATABASE_URL (one database per test file, dropped afterwards).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createPostgresTestDatabase, testDatabaseKind, testPostgresUrl } from "../../db/test-database";
import { readConfig, type AppConfig } from "../services/config.server";
import { createServices, type AppServices } from "../services/context.server";
import { createQueues } from "../services/jobs.server";
import type { Mailer } from "../services/mail.server";

export const usingPostgres = !!testPostgresUrl;
export const databaseKind = testDatabaseKind;

export type TestServices = AppServices & { dispose(): Promise<void> };

export async function startTestServices(
  options: { mailer?: Mailer; demo?: boolean; clamavUrl?: string; config?: Partial<AppConfig> } = {},
): Promise<TestServices> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "motcua-test-"));
  const database = testPostgresUrl ? await createPostgresTestDatabase(testPostgresUrl) : null;
  const config = {
    ...readConfig({ NODE_ENV: "test", DATA_DIR: dataDir, BASE_URL: "http://localhost:3000" } as NodeJS.ProcessEnv),
    databaseUrl: database?.url,
    seedDemoData: options.demo ?? true,
    jobPollingSeconds: 0.5,
    clamavUrl: options.clamavUrl,
    outboxRetryBaseMs: 200,
    ...options.config,
  };
  const services = await createServices(config, { embeddedDataDir: "memory://", mailer: options.mailer });
  await createQueues(services.boss);
  return {
    ...services,
    async dispose() {
      await services.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
