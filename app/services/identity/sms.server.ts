/**
 * Text messages (SMS). The province has no SMS gateway contract yet, so the only sender is the
 * development sink: each message becomes a small text file under DATA_DIR/sms/, like mail's .eml
 * files, so a tester (or an e2e spec) can read the code that was "sent". A gateway plugs in behind
 * the same interface.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export type OutgoingSms = { to: string; text: string };
export type SmsSender = { send(message: OutgoingSms): Promise<void> };

export function smsFolder(dataDir: string): string {
  return path.join(dataDir, "sms");
}

export function fileSmsSender(dataDir: string): SmsSender {
  return {
    async send(message) {
      const dir = smsFolder(dataDir);
      await mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.txt`;
      await writeFile(path.join(dir, name), `To: ${message.to}\n\n${message.text}\n`, { mode: 0o600 });
    },
  };
}

/** The messages in the sink, oldest first (tests and the e2e specs read codes from here). */
export async function readSmsSink(dataDir: string): Promise<OutgoingSms[]> {
  const dir = smsFolder(dataDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".txt")).sort();
  const out: OutgoingSms[] = [];
  for (const name of names) {
    const raw = await readFile(path.join(dir, name), "utf8");
    const [head, ...body] = raw.split("\n\n");
    out.push({ to: head.replace(/^To: /, "").trim(), text: body.join("\n\n").trim() });
  }
  return out;
}
