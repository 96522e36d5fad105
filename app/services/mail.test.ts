/** Notifications go out through a real SMTP server on loopback (smtp-server), or into .eml files. */
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOf, submitHouseholdBusiness } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { jobHandlers } from "./job-handlers.server";
import { QUEUES } from "./jobs.server";
import { dispatchOutboxOnce } from "./outbox.server";
import { outboxSenders } from "./outbox-senders.server";
import { createMailer } from "./mail.server";

type Received = { from: string; to: string[]; raw: string };

let server: SMTPServer;
let port: number;
const received: Received[] = [];
let services: TestServices;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
  services = await startTestServices({
    mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "Một Cửa <no-reply@motcua.test>", outboxDir: "/nonexistent" }),
  });
});

afterAll(async () => {
  await services?.dispose();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Decodes an RFC 2047 subject line as nodemailer writes it. */
function decodedSubject(raw: string): string {
  const header = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const subject = /^Subject: (.*)$/m.exec(header)![1];
  return subject.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
}

describe(`notifications (${databaseKind})`, () => {
  it("mails the applicant through SMTP when a dossier is submitted", async () => {
    const citizen = await actorOf(services, "congdan");
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    // The mail waits for the receipt it attaches, issued by its own job.
    await dispatchOutboxOnce(services, outboxSenders());
    expect(received).toHaveLength(0);
    const { rows } = await services.database.pool.query(`select data from pgboss.job where name = $1 and data->>'dossierId' = $2`, [QUEUES.issueDocument, dossierId]);
    for (const { data } of rows) await jobHandlers(services).issueDocument(data);
    await dispatchOutboxOnce(services, outboxSenders(), { now: () => new Date(Date.now() + 60_000) });
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(["congdan@example.vn"]);
    expect(received[0].from).toBe("no-reply@motcua.test");
    expect(decodedSubject(received[0].raw)).toBe(`[Một Cửa Thái Bình] Hồ sơ đã được nộp trực tuyến — ${code}`);
  });

  it("writes readable .eml files when no SMTP server is configured", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "motcua-mail-"));
    const mailer = createMailer({ from: "Một Cửa <no-reply@motcua.test>", outboxDir: dir });
    await mailer.send({ to: "a@example.vn", subject: "Hồ sơ đã có kết quả", text: "Kính gửi Ông/Bà Nguyễn Văn An" });
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    const raw = await readFile(path.join(dir, files[0]), "utf8");
    expect(decodedSubject(raw)).toBe("Hồ sơ đã có kết quả");
    expect(raw).toContain("To: a@example.vn");
  });
});
