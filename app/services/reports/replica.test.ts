/**
 * Reports on a real streaming replica (issue 12, point 5): a second Debian PostgreSQL cluster on the
 * loopback, made a hot standby of the test server by `pg_basebackup -R` (app/test-support/standby.ts).
 * With REPORTS_DATABASE_URL naming it, the dashboard's figures are read there and equal the
 * primary's once it has replayed the rollup; the reads never reach the primary; a write sent there
 * fails; its lag is reported, and is above zero while replay is paused and the primary moves on.
 * Runs on PostgreSQL only (TEST_DATABASE_URL) and as root or postgres (the standby's OS user).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresTestDatabase, testPostgresUrl } from "../../../db/test-database";
import { actorOf, submitHouseholdBusiness } from "../../test-support/fixtures";
import { startTestServices } from "../../test-support/services";
import { standbyUnavailableReason, startStandby, type Standby } from "../../test-support/standby";
import { readConfig } from "../config.server";
import { createServices, type AppServices } from "../context.server";
import { createQueues } from "../jobs.server";
import { dashboardFigures, drilldown } from "./dashboard.server";
import type { ReportFilters } from "./filters.server";
import { REPORTS_APPLICATION_NAME } from "./reports-database.server";
import { refreshReportRollup, rollupAge } from "./rollup.server";
import { DEMO_PASSWORD } from "../../../db/demo-data";
import { login } from "../auth.server";
import { loader as dashboardLoader } from "../../routes/giam-sat._index";
import type { DashboardModel } from "./dashboard-page.server";

describe("the reports database without REPORTS_DATABASE_URL", () => {
  it("is the primary itself, and has no lag to report", async () => {
    const services = await startTestServices({ demo: false });
    try {
      expect(services.reports.separate).toBe(false);
      expect(services.reports.db).toBe(services.database.db);
      expect(await services.reports.lagSeconds()).toBeNull();
    } finally {
      await services.dispose();
    }
  });
});

const unavailable = standbyUnavailableReason(testPostgresUrl);

// scripts/test.sh sets REQUIRE_STANDBY_TEST on its PostgreSQL run: there, a skipped replica test is a failure.
describe.runIf(!!process.env.REQUIRE_STANDBY_TEST && unavailable !== null)("the replica test is required here", () => {
  it("can start a hot standby on this machine", () => {
    expect(unavailable).toBeNull();
  });
});

describe.skipIf(unavailable !== null)(`reports on a hot standby${unavailable ? ` (skipped: ${unavailable})` : ""}`, () => {
  let standby: Standby | undefined;
  let services: AppServices | undefined;
  let dropDatabase: () => Promise<void> = async () => {};
  let databaseName = "";
  let dataDir = "";
  let standbyAdmin: pg.Client | undefined;
  let primaryAdmin: pg.Client | undefined;

  const timeZone = () => services!.config.timeZone;

  /** Every month that has dossiers, as one custom period (the figures do not depend on the day the test runs). */
  async function wholePeriod(): Promise<ReportFilters> {
    const { rows } = await services!.database.pool.query<{ from: string; to: string }>(
      "select to_char(min(month), 'YYYY-MM-DD') as from, to_char(max(month), 'YYYY-MM-DD') as to from report_monthly_rollup",
    );
    return {
      period: { kind: "custom", fromMonth: rows[0].from, toMonth: rows[0].to, label: "" },
      agencyId: null,
      field: null,
      level: null,
      procedureId: null,
      channel: null,
    };
  }

  const refresh = () => refreshReportRollup(services!.database, { timeZone: timeZone(), trigger: "test" });

  async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    // A generous bound, only so that a broken replication fails the test instead of hanging it.
    for (let i = 0; i < 1200; i++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    standby = await startStandby(testPostgresUrl!);
    // Made after the base backup: the standby receives the new database by streaming, like any change.
    const database = await createPostgresTestDatabase(testPostgresUrl!);
    dropDatabase = database.drop;
    databaseName = new URL(database.url).pathname.slice(1);
    dataDir = await mkdtemp(path.join(os.tmpdir(), "motcua-replica-"));
    const config = {
      ...readConfig({ NODE_ENV: "test", DATA_DIR: dataDir, BASE_URL: "http://localhost:3000" } as NodeJS.ProcessEnv),
      databaseUrl: database.url,
      reportsDatabaseUrl: standby.urlFor(database.url),
      seedDemoData: true,
      jobPollingSeconds: 0.5,
    };
    services = await createServices(config, { embeddedDataDir: "memory://", mailer: { send: async () => {} } });
    await createQueues(services.boss);
    primaryAdmin = new pg.Client({ connectionString: database.url });
    await primaryAdmin.connect();
    standbyAdmin = new pg.Client({ connectionString: standby.urlFor(database.url) });
    await standby.catchUp();
    await standbyAdmin.connect();
  }, 600_000);

  afterAll(async () => {
    // Whatever failed, replay must not stay paused and the standby must go.
    await standbyAdmin?.query("select pg_wal_replay_resume()").catch(() => {});
    await standbyAdmin?.end().catch(() => {});
    await primaryAdmin?.end().catch(() => {});
    await services?.close();
    await standby?.stop();
    await dropDatabase();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 300_000);

  it("serves the dashboard's figures from the standby, equal to the primary's once it has replayed the rollup", async () => {
    const citizen = await actorOf(services!, "congdan");
    await submitHouseholdBusiness(services!, citizen);
    await submitHouseholdBusiness(services!, citizen);
    const refreshed = await refresh();
    await standby!.catchUp();

    expect(services!.reports.separate).toBe(true);
    const filters = await wholePeriod();
    const onPrimary = await dashboardFigures(services!.database.db, null, filters, timeZone());
    const onStandby = await dashboardFigures(services!.reports.db, null, filters, timeZone());
    expect(onPrimary.totals.entered).toBeGreaterThanOrEqual(2);
    expect(onStandby).toEqual(onPrimary);

    const list = { timeZone: timeZone(), asOf: refreshed.asOf, page: 1 };
    expect(await drilldown(services!.reports.db, null, filters, "entered", list)).toEqual(await drilldown(services!.database.db, null, filters, "entered", list));
    // The data's age, as the page shows it, is the standby's copy of the primary's record.
    expect(await rollupAge(services!.reports.db)).toEqual(await rollupAge(services!.database.db));
  });

  it("serves the dashboard page from the standby, with its lag, while the sign-in is written on the primary", async () => {
    const signedIn = await login(services!.database.db, services!.rateLimits, { username: "giamsat", password: DEMO_PASSWORD, clientIp: "192.0.2.12", secure: false });
    if (!signedIn.ok) throw new Error("giamsat cannot sign in");
    const filters = await wholePeriod();
    const query = `ky=custom&tu=${filters.period.fromMonth.slice(0, 7)}&den=${filters.period.toMonth.slice(0, 7)}`;
    const response = await dashboardLoader({
      request: new Request(`http://localhost:3000/giam-sat?${query}`, { headers: { Cookie: signedIn.setCookie.split(";")[0] } }),
      params: {},
      context: { services: services! },
    } as never);
    expect(response.status).toBe(200);
    const { model } = (await response.json()) as { model: DashboardModel };
    expect(model.age.separate).toBe(true);
    expect(typeof model.age.lagSeconds).toBe("number");
    expect(model.age.asOf).not.toBeNull();
    const onStandby = await dashboardFigures(services!.reports.db, null, filters, timeZone());
    expect(model.counts.find((c) => c.measure === "entered")?.value).toBe(onStandby.totals.entered);
    // The page's session row went to the primary (a write); the standby got it by streaming, not from us.
    const sessions = await primaryAdmin!.query<{ n: number }>("select count(*)::int as n from sessions");
    expect(sessions.rows[0].n).toBeGreaterThan(0);
  });

  it("runs the report reads on the standby, never on the primary", async () => {
    const where = await services!.reports.db.execute<{ recovery: boolean; port: number; cluster: string; readOnly: string }>(
      sql`select pg_is_in_recovery() as recovery, inet_server_port() as port, current_setting('cluster_name') as cluster, current_setting('transaction_read_only') as "readOnly"`,
    );
    expect(where.rows[0]).toEqual({ recovery: true, port: standby!.port, cluster: standby!.name, readOnly: "on" });

    const sessions = async (client: pg.Client) =>
      (
        await client.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = $2", [
          databaseName,
          REPORTS_APPLICATION_NAME,
        ])
      ).rows[0].n;
    expect(await sessions(standbyAdmin!)).toBeGreaterThan(0);
    expect(await sessions(primaryAdmin!)).toBe(0);

    // The standby is the primary's, streaming.
    const replication = await primaryAdmin!.query<{ state: string }>("select state from pg_stat_replication where application_name = $1", [standby!.name]);
    expect(replication.rows).toEqual([{ state: "streaming" }]);
  });

  it("refuses a write sent through the reports handle", async () => {
    // drizzle wraps the server's error; its cause is PostgreSQL's own.
    const refusal = async (work: () => Promise<unknown>) => {
      const error = await work().then(
        () => null,
        (e: Error & { cause?: Error & { code?: string } }) => e.cause ?? e,
      );
      return error && { code: (error as { code?: string }).code, message: error.message };
    };
    expect(
      await refusal(() => services!.reports.db.execute(sql`insert into report_refreshes (as_of, finished_at, duration_ms, rows, trigger) values (now(), now(), 0, 0, 'test')`)),
    ).toEqual({ code: "25006", message: "cannot execute INSERT in a read-only transaction" });
    // Even a session that asks for read-write: a hot standby has no such mode.
    expect(
      await refusal(() =>
        services!.reports.db.transaction(async (tx) => {
          await tx.execute(sql`set transaction read write`);
        }),
      ),
    ).toMatchObject({ message: "cannot set transaction read-write mode during recovery" });
    const { rows } = await primaryAdmin!.query<{ n: number }>("select count(*)::int as n from report_refreshes where trigger = 'test'");
    expect(rows[0].n).toBe(1);
  });

  it("reports the standby's lag: zero or more when caught up, above zero while replay is paused and the primary moves on", async () => {
    await standby!.catchUp();
    const caughtUp = await services!.reports.lagSeconds();
    expect(typeof caughtUp).toBe("number");
    expect(caughtUp).toBeGreaterThanOrEqual(0);

    const filters = await wholePeriod();
    const before = (await dashboardFigures(services!.reports.db, null, filters, timeZone())).totals.entered;
    const ageBefore = await rollupAge(services!.reports.db);

    await standbyAdmin!.query("select pg_wal_replay_pause()");
    await until(async () => (await standbyAdmin!.query<{ state: string }>("select pg_get_wal_replay_pause_state() as state")).rows[0].state === "paused", "replay to pause");

    // The primary moves on: a new dossier and a new rollup.
    await submitHouseholdBusiness(services!, await actorOf(services!, "congdan"));
    await refresh();
    const target = (await primaryAdmin!.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn")).rows[0].lsn;
    // Received by the standby, not yet replayed.
    await until(
      async () => (await standbyAdmin!.query<{ ok: boolean }>("select pg_last_wal_receive_lsn() >= $1::pg_lsn as ok", [target])).rows[0].ok,
      "the standby to receive the new WAL",
    );

    const lag = await services!.reports.lagSeconds();
    expect(lag).toBeGreaterThan(0);
    expect((await dashboardFigures(services!.database.db, null, filters, timeZone())).totals.entered).toBe(before + 1);
    // The standby still shows the figures, and the age, of the rollup it has.
    expect((await dashboardFigures(services!.reports.db, null, filters, timeZone())).totals.entered).toBe(before);
    expect(await rollupAge(services!.reports.db)).toEqual(ageBefore);

    await standbyAdmin!.query("select pg_wal_replay_resume()");
    await standby!.catchUp();
    expect((await dashboardFigures(services!.reports.db, null, filters, timeZone())).totals.entered).toBe(before + 1);
    expect(await services!.reports.lagSeconds()).toBeGreaterThanOrEqual(0);
  });
});
