/**
 * Everything a request or a job needs, built once at start-up and passed to Remix through the load
 * context. No module-level singletons: the Remix bundle and the server entry may load modules twice.
 */
import path from "node:path";
import PgBoss from "pg-boss";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDatabase } from "../../db/seed";
import { calendarDays } from "../../db/schema";
import { defaultCalendar, type WorkCalendar } from "../../workflows/calendar";
import type { AppConfig } from "./config.server";
import { describeError, log } from "./log.server";
import { createMailer, type Mailer } from "./mail.server";
import { createRateLimits, type RateLimits } from "./rate-limits.server";
import { localFolderStorage, type AttachmentStorage } from "./storage.server";
import { clamavScanner, noVirusScanner, type VirusScanner } from "./uploads.server";
import { createSignerDirectory, type SignerDirectory } from "./signers.server";
import { openReportsDatabase, type ReportsDatabase } from "./reports/reports-database.server";

export type { SignerDirectory } from "./signers.server";

export type AppServices = {
  config: AppConfig;
  database: DatabaseHandle;
  /** Where report queries go: the replica named by REPORTS_DATABASE_URL, or the primary. Read only. */
  reports: ReportsDatabase;
  boss: PgBoss;
  storage: AttachmentStorage;
  mailer: Mailer;
  scanner: VirusScanner;
  signers: SignerDirectory;
  rateLimits: RateLimits;
  /** The working-time calendar with the holidays an administrator maintains. */
  calendar(): Promise<WorkCalendar>;
  /** Drops the cached calendar after an administrator changes a holiday. */
  invalidateCalendar(): void;
  /** Runs `stop` before the database closes (the outbox dispatcher, partner simulators in demo). */
  onClose(stop: () => Promise<void>): void;
  close(): Promise<void>;
};

const CALENDAR_CACHE_MS = 60_000;

export async function createServices(
  config: AppConfig,
  options: { embeddedDataDir?: string; mailer?: Mailer } = {},
): Promise<AppServices> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: options.embeddedDataDir ?? path.join(config.dataDir, "pglite"),
  });
  await applyMigrations(database.db);
  await seedDatabase(database.db, { demo: config.seedDemoData, profile: config.seedProfile });

  // Embedded: pg-boss runs its queries on our single connection (see db/client.ts).
  const boss = database.embedded
    ? new PgBoss({ db: { executeSql: (text, values) => database.pool.query(text, values) } })
    : new PgBoss({ connectionString: database.url, max: 5 });
  boss.on("error", (error) => log.error({ event: "pg-boss-error", ...describeError(error) }));
  await boss.start();

  const closers: Array<() => Promise<void>> = [];
  let cachedCalendar: { at: number; calendar: WorkCalendar } | null = null;
  const calendar = async () => {
    if (cachedCalendar && Date.now() - cachedCalendar.at < CALENDAR_CACHE_MS) return cachedCalendar.calendar;
    const days = await database.db.select().from(calendarDays);
    const value = defaultCalendar(
      days.filter((d) => d.kind === "holiday").map((d) => d.date),
      days.filter((d) => d.kind === "makeUpWorkingDay").map((d) => d.date),
    );
    cachedCalendar = { at: Date.now(), calendar: value };
    return value;
  };

  // The dev PKI only in demo mode; production keys from SIGNING_KEYS_DIR (config.signingKeys).
  const signers = await createSignerDirectory(config.signingKeys, database);

  const reports = openReportsDatabase(config.reportsDatabaseUrl, database);

  return {
    config,
    database,
    reports,
    boss,
    storage: localFolderStorage(path.join(config.dataDir, "files")),
    mailer: options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, "mail") }),
    scanner: config.clamavUrl ? clamavScanner(config.clamavUrl) : noVirusScanner,
    signers,
    rateLimits: createRateLimits(database.pool, config.secret),
    calendar,
    invalidateCalendar: () => {
      cachedCalendar = null;
    },
    onClose(stop) {
      closers.push(stop);
    },
    async close() {
      for (const stop of closers.splice(0).reverse()) await stop();
      await boss.stop({ graceful: true, wait: true });
      await reports.close();
      await database.close();
    },
  };
}
