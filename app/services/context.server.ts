/**
 * Everything a request or a job needs, built once at start-up and passed to Remix through the load
 * context. No module-level singletons: the Remix bundle and the server entry may load modules twice.
 */
import path from "node:path";
import PgBoss from "pg-boss";
import { eq, inArray } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDatabase } from "../../db/seed";
import { agencies, calendarDays, userRoles, users } from "../../db/schema";
import { defaultCalendar, type WorkCalendar } from "../../workflows/calendar";
import { ensureDevPki, type DevPki, type Signer } from "../../signing";
import type { AppConfig } from "./config.server";
import { createMailer, type Mailer } from "./mail.server";
import { localFolderStorage, type AttachmentStorage } from "./storage.server";
import { noVirusScanner, type VirusScanner } from "./uploads.server";

export type SignerDirectory = {
  trustRootsPem: string[];
  /** The officer's own signing key (the leader who approves, the unit head…). */
  forUser(userId: number): Promise<Signer>;
  /** The organisation's seal certificate (chữ ký số của cơ quan). */
  forAgency(agencyId: number): Promise<Signer>;
};

export type AppServices = {
  config: AppConfig;
  database: DatabaseHandle;
  boss: PgBoss;
  storage: AttachmentStorage;
  mailer: Mailer;
  scanner: VirusScanner;
  signers: SignerDirectory;
  /** The working-time calendar with the holidays an administrator maintains. */
  calendar(): Promise<WorkCalendar>;
  /** Drops the cached calendar after an administrator changes a holiday. */
  invalidateCalendar(): void;
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
  await seedDatabase(database.db, { demo: config.seedDemoData });

  // Embedded: pg-boss runs its queries on our single connection (see db/client.ts).
  const boss = database.embedded
    ? new PgBoss({ db: { executeSql: (text, values) => database.pool.query(text, values) } })
    : new PgBoss({ connectionString: database.url, max: 5 });
  boss.on("error", (error) => console.error("pg-boss:", error));
  await boss.start();

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

  const signers = await createDevSignerDirectory(database, path.join(config.dataDir, "pki"));

  return {
    config,
    database,
    boss,
    storage: localFolderStorage(path.join(config.dataDir, "files")),
    mailer: options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, "mail") }),
    scanner: noVirusScanner,
    signers,
    calendar,
    invalidateCalendar: () => {
      cachedCalendar = null;
    },
    async close() {
      await boss.stop({ graceful: true, wait: true });
      await database.close();
    },
  };
}

/**
 * Development keys: every officer who signs and every agency seal gets a certificate from the demo
 * CA under data/pki. A deployment replaces this directory with one backed by real certificates or
 * an HSM; the rest of the app only sees the `Signer` interface.
 */
async function createDevSignerDirectory(database: DatabaseHandle, dir: string): Promise<SignerDirectory> {
  const { db } = database;
  const officers = await db
    .select({ id: users.id, fullName: users.fullName, title: users.title, agencyName: agencies.name })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(agencies, eq(agencies.id, userRoles.agencyId))
    .where(inArray(userRoles.role, ["leader", "unitHead", "desk"]));
  const seals = await db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(inArray(agencies.kind, ["government", "department"]));
  const pki: DevPki = await ensureDevPki(dir, [
    // One certificate per person, even when they hold several signing roles.
    ...[...new Map(officers.map((o) => [o.id, o])).values()].map((o) => ({ id: `user-${o.id}`, name: o.fullName, title: o.title ?? "", agency: o.agencyName })),
    ...seals.map((a) => ({ id: `agency-${a.id}`, name: a.name, title: "", agency: a.name, kind: "organisation" as const })),
  ]);
  // Keys are parsed once per process; signing then costs one OpenSSL operation.
  const cache = new Map<string, Promise<Signer>>();
  const load = (id: string): Promise<Signer> => {
    const cached = cache.get(id);
    if (cached) return cached;
    const signer = pki.loadSigner(id);
    cache.set(id, signer);
    return signer;
  };
  return {
    trustRootsPem: [pki.rootCertPem],
    forUser: (userId) => load(`user-${userId}`),
    forAgency: (agencyId) => load(`agency-${agencyId}`),
  };
}
