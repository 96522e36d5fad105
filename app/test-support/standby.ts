/**
 * A hot standby of the test PostgreSQL server, for the replica test (issue 12, point 5) and for any
 * check that must read reports from a real streaming replica: a second cluster made by
 * `pg_basebackup -R` from the server named by TEST_DATABASE_URL, on a free loopback port, in a
 * temporary folder, run by the `postgres` OS user with the machine's own Debian binaries
 * (/usr/lib/postgresql/<major>/bin). `stop()` stops it and removes the folder; a process exit
 * does the same if a test forgot (or crashed before its afterAll).
 *
 * The primary must accept a replication connection from 127.0.0.1: when its pg_hba.conf has no
 * such rule, one `host replication all 127.0.0.1/32 trust` line is put first and the configuration
 * reloaded (no restart; the loopback already trusts `all` on a test machine, see
 * scripts/ensure-postgres.sh). wal_level and max_wal_senders need a restart to change: their
 * defaults (replica, 10) are what the harness needs, so it only checks them and says so otherwise.
 *
 * No replication slot: a forgotten slot would make the shared server keep WAL forever. The standby
 * only needs the WAL written while a test runs, which the primary keeps anyway (max_wal_size).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type Standby = {
  /** The standby's port on 127.0.0.1. */
  port: number;
  /** Its cluster_name, which is also the application_name its WAL receiver shows on the primary. */
  name: string;
  /** The standby's URL for a database of the primary (same user, same name, the standby's port). */
  urlFor(primaryDatabaseUrl: string): string;
  /** Waits until the standby has replayed everything the primary has written so far. */
  catchUp(options?: { timeoutMs?: number }): Promise<void>;
  /** Stops the standby and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
};

/** Why a standby cannot be made on this machine, or null when it can. */
export function standbyUnavailableReason(primaryUrl: string | undefined): string | null {
  if (!primaryUrl) return "TEST_DATABASE_URL is not set (the standby copies a real PostgreSQL server)";
  const host = new URL(primaryUrl).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") return `the test server ${host} is not on this machine's loopback`;
  const isRoot = process.getuid?.() === 0;
  const isPostgres = os.userInfo().username === "postgres";
  if (!isRoot && !isPostgres) return "a standby cluster is run by the postgres OS user: run the tests as root (CI) or as postgres";
  if (!existsSync("/usr/lib/postgresql")) return "no Debian PostgreSQL binaries under /usr/lib/postgresql";
  return null;
}

const asPostgres = (command: string, args: string[]) =>
  process.getuid?.() === 0 ? { file: "runuser", args: ["-u", "postgres", "--", command, ...args] } : { file: command, args };

function run(command: string, args: string[], timeoutMs = 300_000): string {
  const call = asPostgres(command, args);
  try {
    return execFileSync(call.file, call.args, { encoding: "utf8", timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Lets the postgres user open a replication connection from 127.0.0.1 without a password, if it
 * cannot yet, and checks the settings that would need a restart.
 */
async function allowLoopbackReplication(primaryUrl: string): Promise<void> {
  await withClient(primaryUrl, async (client) => {
    const settings = (await client.query<{ name: string; setting: string }>(
      "select name, setting from pg_settings where name in ('wal_level', 'max_wal_senders', 'hba_file')",
    )).rows;
    const setting = (name: string) => settings.find((s) => s.name === name)?.setting ?? "";
    if (setting("wal_level") === "minimal" || Number(setting("max_wal_senders")) < 2) {
      throw new Error(
        `the test server cannot stream WAL (wal_level=${setting("wal_level")}, max_wal_senders=${setting("max_wal_senders")}): ` +
          "set wal_level=replica and max_wal_senders>=2 and restart it",
      );
    }
    // The first rule matching a replication connection from the loopback decides (pg_hba_file_rules).
    const rules = (await client.query<{ type: string; database: string[]; user_name: string[]; address: string | null; auth_method: string }>(
      "select type, database, user_name, address, auth_method from pg_hba_file_rules where error is null order by line_number",
    )).rows;
    const first = rules.find(
      (r) =>
        r.type === "host" &&
        r.database.includes("replication") &&
        (r.user_name.includes("all") || r.user_name.includes("postgres")) &&
        (r.address === "127.0.0.1" || r.address === "all" || r.address === "0.0.0.0"),
    );
    if (first?.auth_method === "trust") return;
    const hbaFile = setting("hba_file");
    const text = readFileSync(hbaFile, "utf8");
    writeFileSync(hbaFile, `host replication all 127.0.0.1/32 trust\n${text}`);
    await client.query("select pg_reload_conf()");
    // The reload is asynchronous: wait until the postmaster has read the new rules.
    for (let i = 0; i < 100; i++) {
      const { rows } = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_hba_file_rules where 'replication' = any(database) and address = '127.0.0.1' and auth_method = 'trust'",
      );
      if (rows[0].n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
}

const running = new Set<() => void>();
let exitHookInstalled = false;

/** Makes a hot standby of the server at `primaryUrl` (any database of it) and starts it. */
export async function startStandby(primaryUrl: string): Promise<Standby> {
  const unavailable = standbyUnavailableReason(primaryUrl);
  if (unavailable) throw new Error(`cannot start a standby: ${unavailable}`);
  await allowLoopbackReplication(primaryUrl);
  const primary = new URL(primaryUrl);
  const { major, limits } = await withClient(primaryUrl, async (client) => {
    const version = (await client.query<{ v: string }>("select current_setting('server_version_num') as v")).rows[0].v;
    // A hot standby refuses to start with lower limits than its primary's.
    const rows = (await client.query<{ name: string; setting: string }>(
      "select name, setting from pg_settings where name in ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')",
    )).rows;
    return { major: Math.floor(Number(version) / 10000), limits: rows };
  });
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(path.join(bin, "pg_basebackup"))) throw new Error(`no PostgreSQL ${major} binaries in ${bin}`);

  const port = await freeLoopbackPort();
  const name = `motcua_standby_${port}`;
  const folder = mkdtempSync(path.join(os.tmpdir(), "motcua-standby-"));
  const dataDir = path.join(folder, "data");
  const logFile = path.join(folder, "server.log");
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(folder, uid, gid);
  }
  chmodSync(folder, 0o700);

  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    running.delete(stopNow);
    if (existsSync(path.join(dataDir, "postmaster.pid"))) {
      try {
        run(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "-t", "60", "stop"], 90_000);
      } catch {
        try {
          run(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"], 30_000);
        } catch {
          // Already gone.
        }
      }
    }
    rmSync(folder, { recursive: true, force: true });
  };
  running.add(stopNow);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const stop of [...running]) stop();
    });
  }

  try {
    // -c fast: checkpoint now rather than wait for the next spread one; -X stream: the WAL written
    // during the copy comes along; -R: standby.signal and primary_conninfo.
    run(path.join(bin, "pg_basebackup"), [
      "-h", primary.hostname, "-p", primary.port || "5432", "-U", decodeURIComponent(primary.username || "postgres"),
      "-D", dataDir, "-R", "-X", "stream", "-c", "fast", "--no-sync",
    ]);
    // Debian keeps a cluster's configuration in /etc/postgresql, outside the data folder, so the copy
    // has none: the standby gets its own, on the loopback only, with its socket in its folder.
    const conf = [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${folder}'`,
      `cluster_name = '${name}'`,
      "hot_standby = on",
      "hot_standby_feedback = on",
      "shared_buffers = '32MB'",
      "fsync = off",
      "logging_collector = off",
      ...limits.map((l) => `${l.name} = ${l.setting}`),
    ];
    writeFileSync(path.join(dataDir, "postgresql.conf"), `${conf.join("\n")}\n`);
    // The copy also brings the primary's ALTER SYSTEM settings, which come after postgresql.conf:
    // keep only what -R wrote there.
    const autoConf = path.join(dataDir, "postgresql.auto.conf");
    const kept = readFileSync(autoConf, "utf8").split("\n").filter((line) => /^\s*primary_(conninfo|slot_name)\s*=/.test(line));
    writeFileSync(autoConf, `${kept.join("\n")}\n`);
    writeFileSync(path.join(dataDir, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
    writeFileSync(path.join(dataDir, "pg_ident.conf"), "");
    if (process.getuid?.() === 0) {
      execFileSync("chown", ["postgres:postgres", path.join(dataDir, "postgresql.conf"), path.join(dataDir, "pg_hba.conf"), path.join(dataDir, "pg_ident.conf"), autoConf]);
    }
    run(path.join(bin, "pg_ctl"), ["-D", dataDir, "-l", logFile, "-w", "-t", "180", "start"], 200_000);
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "";
    stopNow();
    throw new Error(`${(error as Error).message}${log ? `\nstandby log:\n${log}` : ""}`);
  }

  const standbyAdmin = new URL(primaryUrl);
  standbyAdmin.port = String(port);
  standbyAdmin.pathname = "/postgres";

  return {
    port,
    name,
    urlFor(primaryDatabaseUrl) {
      const url = new URL(primaryDatabaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    async catchUp(options = {}) {
      const target = await withClient(primaryUrl, async (c) => (await c.query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn")).rows[0].lsn);
      const deadline = Date.now() + (options.timeoutMs ?? 120_000);
      await withClient(standbyAdmin.toString(), async (c) => {
        for (;;) {
          const { rows } = await c.query<{ done: boolean }>("select coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) as done", [target]);
          if (rows[0].done) return;
          if (Date.now() > deadline) throw new Error(`the standby did not replay up to ${target} in time`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      });
    },
    async stop() {
      stopNow();
    },
  };
}
