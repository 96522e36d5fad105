/**
 * The partner outbox end to end, against a real SMTP server (smtp-server) and the national-portal
 * simulator on loopback, with the real job workers and dispatcher running: mails in both languages
 * with their signed PDF, the national sync payload, and the fault test — receivers down for a while
 * during a run of dossiers, then back: every message arrives exactly once, in order per dossier.
 */
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxMessages, postalPartners, users } from "../../db/schema";
import { startNationalSimulator, type NationalSimulator } from "../simulators/national-sim";
import { startPostalSimulator, type PostalSimulator } from "../simulators/postal-sim";
import { startPortalApi } from "../test-support/postal-portal";
import { createPartner, issueWebhookSecret } from "./postal/partners.server";
import { actorOf, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { pdfsigReport } from "../test-support/pdf";
import { startSmtpSink, type SmtpSink } from "../test-support/smtp";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { formatCompactLocal } from "../time";
import { performDossierAction } from "./dossier-actions.server";
import { jobHandlers } from "./job-handlers.server";
import { startWorkers } from "./jobs.server";
import { createMailer } from "./mail.server";
import { backoffMs, dispatchOutboxOnce } from "./outbox.server";
import { outboxSenders } from "./outbox-senders.server";

const NATIONAL_KEY = "national-test-key-0123456789abcdef";

let services: TestServices;
let smtp: SmtpSink;
let national: NationalSimulator;
let citizen: DemoActor, desk: DemoActor;
let postal: PostalSimulator;
let postalPort: number;
let postalSecret: string;
let portal: Awaited<ReturnType<typeof startPortalApi>>;
const PICKUP = { address: "Số 12, thôn Lạc Thành, xã Đông La", districtCode: "340" };
const startPostal = (port?: number) =>
  startPostalSimulator({ port, portalWebhookUrl: `${portal.url}/api/postal/v1/webhooks/fault-post`, secret: postalSecret });

beforeAll(async () => {
  smtp = await startSmtpSink();
  national = await startNationalSimulator({ key: NATIONAL_KEY });
  services = await startTestServices({
    mailer: createMailer({ smtpUrl: smtp.url, from: "Một Cửa <no-reply@motcua.test>", outboxDir: "/nonexistent" }),
    config: { nationalSync: { url: national.url, key: NATIONAL_KEY } },
  });
  // The postal partner: its own simulator, not the demo one; the portal's API behind a loopback server.
  const { db } = services.database;
  await db.update(postalPartners).set({ active: false });
  portal = await startPortalApi(services);
  const created = await createPartner(db, { name: "Bưu điện thử lỗi", code: "fault-post", endpointUrl: "http://127.0.0.1:9/orders" });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  postalSecret = (await issueWebhookSecret(db, created.value.id)).secret;
  postal = await startPostal();
  postalPort = postal.port;
  await db.update(postalPartners).set({ endpointUrl: postal.ordersUrl }).where(eq(postalPartners.id, created.value.id));
  await startWorkers(services, jobHandlers(services));
  [citizen, desk] = await Promise.all(["congdan", "motcua.huyen"].map((u) => actorOf(services, u)));
}, 120_000);

afterAll(async () => {
  await postal?.close();
  await portal?.close();
  await services?.dispose();
  await smtp?.stop();
  await national?.stop();
});

/** Waits for a condition the workers bring about; generous, since these machines are shared. */
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function messagesOf(dossierIds: string[]) {
  return services.database.db.select().from(outboxMessages).where(inArray(outboxMessages.dossierId, dossierIds)).orderBy(outboxMessages.id);
}

const allSent = (dossierIds: string[]) => async () => {
  const rows = await messagesOf(dossierIds);
  return rows.length > 0 && rows.every((r) => r.state === "sent") ? rows : null;
};

const mailsTo = (code: string) => smtp.received.filter((m) => m.parsed.subject?.includes(code));

describe(`partner outbox (${databaseKind})`, () => {
  it("formats the national portal's dates as yyyyMMddHHmmss in Asia/Ho_Chi_Minh", () => {
    expect(formatCompactLocal(new Date("2026-11-30T17:05:09Z"))).toBe("20261201000509");
    expect(formatCompactLocal(new Date("2026-01-01T00:00:00Z"))).toBe("20260101070000");
  });

  it("backs off exponentially", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(30, 30_000)).toBe(6 * 60 * 60 * 1000);
  });

  it("mails the applicant in Vietnamese, as text and HTML, with the signed receipt attached and a stable Message-ID", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
    const rows = await until("both mails sent", async () => {
      const mails = (await messagesOf([dossierId])).filter((m) => m.channel === "mail");
      return mails.length === 2 && mails.every((m) => m.state === "sent") ? mails : null;
    });
    const received = mailsTo(code);
    expect(received.map((m) => m.parsed.messageId)).toEqual(rows.map((r) => `<${r.messageId}@localhost>`));
    const reception = received[1].parsed;
    expect(reception.subject).toBe(`[Một Cửa Thái Bình] Hồ sơ đã được tiếp nhận — ${code}`);
    expect(reception.text).toContain("Kính gửi Ông/Bà");
    expect(reception.html).toContain('<html lang="vi">');
    expect(reception.html).toContain(`/ho-so/${code}`);
    expect(reception.attachments).toHaveLength(1);
    const receipt = reception.attachments[0];
    expect(receipt.contentType).toBe("application/pdf");
    const report = await pdfsigReport(new Uint8Array(receipt.content));
    expect(report).toMatch(/Signature is Valid/);
  });

  it("mails in English when the applicant prefers it, and escapes what the officer typed", async () => {
    await services.database.db.update(users).set({ preferredLanguage: "en" }).where(eq(users.id, citizen.userId));
    try {
      const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
      await performDossierAction(services, { dossierId, actor: desk, event: { type: "REFUSE", reason: "Thiếu <bản sao> CCCD" }, note: "Thiếu <bản sao> CCCD" });
      await until("mails sent", allSent([dossierId]));
      const refusal = await until("refusal mail", async () => mailsTo(code).find((m) => m.parsed.subject?.includes("not accepted")));
      expect(refusal.parsed.subject).toBe(`[Thái Bình One-Stop] Your application was not accepted — ${code}`);
      expect(refusal.parsed.html).toContain('<html lang="en">');
      expect(refusal.parsed.html).toContain("Thiếu &lt;bản sao&gt; CCCD");
      expect(refusal.parsed.html).not.toContain("<bản sao>");
      expect(refusal.parsed.text).toContain("Details: Thiếu <bản sao> CCCD");
      expect(refusal.parsed.attachments.map((a) => a.contentType)).toEqual(["application/pdf"]);
    } finally {
      await services.database.db.update(users).set({ preferredLanguage: "vi" }).where(eq(users.id, citizen.userId));
    }
  });

  it("pushes each event to the national portal with its codes, in order, and each status change with the whole dossier", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
    await until("sync sent", allSent([dossierId]));
    const got = national.received.filter((r) => r.payload.MaHoSo === code);
    expect(got.map((r) => r.service)).toEqual(["DongBoHoSoMC", "CapNhatTienDoHoSoMC", "DongBoHoSoMC", "CapNhatTienDoHoSoMC"]);
    const [submitted, , received, step] = got.map((r) => r.payload);
    expect(submitted).toMatchObject({ MaHoSo: code, MaTTHC: "1.001612", KenhThucHien: 2, LoaiDoiTuong: 1, TrangThaiHoSo: 1, NgayTiepNhan: "" });
    expect(received.TrangThaiHoSo).toBe(2);
    expect(received.NgayTiepNhan).toMatch(/^\d{14}$/);
    expect(received.NgayHenTra).toMatch(/^\d{14}$/);
    expect(Number(received.NgayHenTra)).toBeGreaterThan(Number(received.NgayTiepNhan));
    expect(step).toMatchObject({ MaHoSo: code, ThuTu: 2, NoiDungXuLy: "Tiếp nhận hồ sơ", TrangThaiHoSo: 2 });
    expect(step.NguoiXuLy).not.toBe("");
  });

  it("does not make the receiver take a message twice when its answer was lost", async () => {
    const duplicatesBefore = national.duplicates;
    national.loseAnswers = 1;
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const rows = await until("sync sent after the lost answer", allSent([dossierId]));
    const nationalRows = rows.filter((r) => r.channel === "national");
    expect(nationalRows[0].attempts).toBe(2);
    expect(national.duplicates).toBe(duplicatesBefore + 1);
    expect(national.received.filter((r) => r.payload.MaHoSo === code).map((r) => r.idempotencyKey)).toEqual(nationalRows.map((r) => r.messageId));
  });

  it("two dispatchers at once (two worker processes) send each message once, in order", async () => {
    const duplicatesBefore = national.duplicates;
    const run = await Promise.all([0, 1, 2].map(() => submitHouseholdBusiness(services, citizen)));
    const ids = run.map((r) => r.dossierId);
    const senders = outboxSenders();
    await Promise.all([dispatchOutboxOnce(services, senders, { holder: "worker-a" }), dispatchOutboxOnce(services, senders, { holder: "worker-b" })]);
    const rows = await until("all sent", allSent(ids));
    for (const { dossierId, code } of run) {
      const updates = rows.filter((r) => r.dossierId === dossierId && r.channel === "national");
      expect(national.received.filter((r) => r.payload.MaHoSo === code).map((r) => r.idempotencyKey)).toEqual(updates.map((r) => r.messageId));
      expect(mailsTo(code)).toHaveLength(rows.filter((r) => r.dossierId === dossierId && r.channel === "mail").length);
    }
    expect(national.duplicates).toBe(duplicatesBefore);
  });

  it("fault test: SMTP, the postal and the national endpoints down during a run, then back — every message exactly once, in order per dossier", async () => {
    await smtp.stop();
    await national.stop();
    await postal.close();
    const run: Array<{ dossierId: string; code: string }> = [];
    for (let i = 0; i < 3; i += 1) {
      // Two of the three are collected by post: their pickup orders wait for the postal endpoint.
      const submitted = await submitHouseholdBusiness(services, citizen, undefined, i === 1 ? {} : { pickup: PICKUP });
      run.push(submitted);
      await performDossierAction(services, { dossierId: submitted.dossierId, actor: desk, event: { type: "RECEIVE" } });
      if (i === 1) {
        await performDossierAction(services, { dossierId: submitted.dossierId, actor: desk, event: { type: "TRANSFER" } });
      }
    }
    const ids = run.map((r) => r.dossierId);
    // Both receivers refused for a while: the messages wait, with failures counted.
    await until("failed attempts while down", async () => {
      const rows = await messagesOf(ids);
      const firstOfEachGroup = new Map<string, (typeof rows)[number]>();
      for (const r of rows) if (!firstOfEachGroup.has(`${r.channel}:${r.groupKey}`)) firstOfEachGroup.set(`${r.channel}:${r.groupKey}`, r);
      return [...firstOfEachGroup.values()].every((r) => r.state === "pending" && r.attempts >= 2) ? rows : null;
    });
    expect((await messagesOf(ids)).every((r) => r.state !== "sent")).toBe(true);
    await smtp.start();
    await national.start();
    postal = await startPostal(postalPort);
    const rows = await until("everything sent after the outage", allSent(ids), 120_000);
    const orders = rows.filter((r) => r.channel === "postal");
    expect(orders).toHaveLength(2);
    expect(postal.received.map((r) => r.webhookId).sort()).toEqual(orders.map((r) => r.messageId).sort());
    expect(postal.received.every((r) => r.duplicates === 0)).toBe(true);
    expect(postal.received.map((r) => r.order.orderNumber).sort()).toEqual([run[0].code, run[2].code].sort());

    for (const { dossierId, code } of run) {
      const mine = rows.filter((r) => r.dossierId === dossierId);
      const mails = mine.filter((r) => r.channel === "mail");
      expect(mailsTo(code).map((m) => m.parsed.messageId)).toEqual(mails.map((r) => `<${r.messageId}@localhost>`));
      const updates = mine.filter((r) => r.channel === "national");
      const got = national.received.filter((r) => r.payload.MaHoSo === code);
      expect(got.map((r) => r.idempotencyKey)).toEqual(updates.map((r) => r.messageId));
      const steps = got.filter((r) => r.service === "CapNhatTienDoHoSoMC").map((r) => r.payload.ThuTu);
      expect(steps).toEqual([...steps].sort((a, b) => Number(a) - Number(b)));
    }
    // Templates per dossier, in event order: submitted, received, then the partner's "registered"
    // (recorded when the pickup order finally went through, after the reception).
    expect(mailsTo(run[0].code).map((m) => m.parsed.subject?.split(" — ")[0])).toEqual([
      "[Một Cửa Thái Bình] Hồ sơ đã được nộp trực tuyến",
      "[Một Cửa Thái Bình] Hồ sơ đã được tiếp nhận",
      "[Một Cửa Thái Bình] Đã đăng ký thu gom hồ sơ qua bưu chính",
    ]);
  }, 240_000);
});
