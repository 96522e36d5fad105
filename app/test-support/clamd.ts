/**
 * A real ClamAV clamd for tests, on loopback, with a signature database made here: virus
 * definitions cannot be downloaded, and clamd runs offline with a custom body signature (.ndb).
 * No skipping: without clamd (scripts/ensure-system-deps.sh installs Debian's clamav-daemon) the
 * tests that need it fail, loudly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { clamdPing, type ClamdAddress } from "../services/clamav.server";

/** The EICAR test file, assembled so that this source file is not itself "infected". */
export const EICAR = ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].join("");
export const EICAR_SIGNATURE = "MotCua.Test.Eicar";

const CLAMD_PATHS = ["/usr/sbin/clamd", "/usr/bin/clamd"];

export type RunningClamd = { address: ClamdAddress; url: string; stop(): Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startClamd(): Promise<RunningClamd> {
  const binary = CLAMD_PATHS.find((p) => existsSync(p));
  if (!binary) throw new Error("clamd không có trên máy này: chạy scripts/ensure-system-deps.sh (gói clamav-daemon).");
  const dir = await mkdtemp(path.join(os.tmpdir(), "motcua-clamd-"));
  const database = path.join(dir, "db");
  await mkdir(database);
  // Body signature, any file type (0), anywhere in the file (*): the EICAR string as hex.
  await writeFile(path.join(database, "motcua-test.ndb"), `${EICAR_SIGNATURE}:0:*:${Buffer.from(EICAR, "latin1").toString("hex")}\n`);
  const port = await freePort();
  const config = path.join(dir, "clamd.conf");
  await writeFile(
    config,
    [
      "Foreground yes",
      `TCPSocket ${port}`,
      "TCPAddr 127.0.0.1",
      `DatabaseDirectory ${database}`,
      `TemporaryDirectory ${dir}`,
      `LogFile ${path.join(dir, "clamd.log")}`,
      "LogTime no",
      "StreamMaxLength 25M",
      "",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(binary, ["--config-file", config], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (c) => (output += c));
  child.stderr?.on("data", (c) => (output += c));
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const address = { host: "127.0.0.1", port };
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await gone;
    }
    await rm(dir, { recursive: true, force: true });
  };
  // Loading even a one-line database takes clamd a moment; ask until it answers PING.
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (exited) break;
    if (await clamdPing(address, 1000)) return { address, url: `tcp://127.0.0.1:${port}`, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = await readFile(path.join(dir, "clamd.log"), "utf8").catch(() => "");
  await stop();
  throw new Error(`clamd không khởi động được:\n${output}\n${log}`);
}
