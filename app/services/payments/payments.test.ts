/**
 * Online fee payment (issue 9, point 3) against the real sandbox simulator on loopback: the
 * initiation's fields and checksum, a payment at submission, a status-6 payment, a bad checksum,
 * a wrong amount, a double callback, a lost callback settled by the status query, the receipt.
 */
import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../db/demo-data";
import { attachments, dossierEvents, dossiers, outboxMessages, payments } from "../../../db/schema";
import type { PaymentSimulator } from "../../simulators/payment-sim";
import { actorOf, BIRTH_REGISTRATION, JUDICIAL_RECORD, queuedApplicantMails, submitDemoDossier, submitHouseholdBusiness, type DemoActor } from "../../test-support/fixtures";
import { pdfsigReport, pdfText } from "../../test-support/pdf";
import { actOnGatewayPage, startCallbackServer, startTestSimulator, TEST_GATEWAY_KEY, TEST_MERCHANT, type PortalCallbackServer } from "../../test-support/payments";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { startSmtpSink, type SmtpSink } from "../../test-support/smtp";
import { createMailer } from "../mail.server";
import { currentUser, login, type SessionUser } from "../auth.server";
import { DossierActionError, eventHash, GENESIS_HASH, performDossierAction } from "../dossier-actions.server";
import { dossierPageModel } from "../dossier-page.server";
import { loadDossierDetail } from "../dossier-queries.server";
import { outstandingFees } from "../fees.server";
import { jobHandlers } from "../job-handlers.server";
import { PAYMENT_STATUS_QUERY_CRON, QUEUES, startWorkers } from "../jobs.server";
import { initiationBody } from "./gateway.server";
import { signed, wireTime, type MessageFields } from "./gateway-protocol.server";
import { paymentDue, paymentReturn, queryOpenPayments, startOnlinePayment, STATUS_QUERY } from "./payments.server";

let services: TestServices | undefined;
let sim: PaymentSimulator;
let portal: PortalCallbackServer;
let citizen: DemoActor, desk: DemoActor;
let applicant: SessionUser;
let smtp: SmtpSink;

const ready = () => services!;

beforeAll(async () => {
  sim = await startTestSimulator();
  smtp = await startSmtpSink();
  portal = await startCallbackServer(() => services);
  services = await startTestServices({
    mailer: createMailer({ smtpUrl: smtp.url, from: "Một Cửa <no-reply@motcua.test>", outboxDir: "/nonexistent" }),
    config: { baseUrl: portal.url, paymentGateway: { url: sim.url, key: TEST_GATEWAY_KEY, merchantCode: TEST_MERCHANT } } });
  [citizen, desk] = await Promise.all(["congdan", "motcua.so"].map((u) => actorOf(ready(), u)));
  applicant = await sessionUser("congdan");
});
afterAll(async () => {
  await services?.dispose();
  await portal?.close();
  await sim?.close();
  await smtp?.stop();
});

async function sessionUser(username: string): Promise<SessionUser> {
  const signedIn = await login(ready().database.db, ready().rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.90", secure: false });
  if (!signedIn.ok) throw new Error(username);
  const request = new Request("http://localhost/", { headers: { Cookie: signedIn.setCookie.split(";")[0] } });
  return (await currentUser(ready().database.db, request))!;
}

const db = () => ready().database.db;
const paymentRow = async (orderId: string) => (await db().select().from(payments).where(eq(payments.orderId, orderId)))[0];
const dossierRow = async (id: string) => (await db().select().from(dossiers).where(eq(dossiers.id, id)))[0];
const eventsOf = (id: string) => db().select().from(dossierEvents).where(eq(dossierEvents.dossierId, id)).orderBy(asc(dossierEvents.seq));
const receiptsOf = (id: string) => db().select().from(attachments).where(and(eq(attachments.dossierId, id), eq(attachments.kind, "feeReceipt")));

/** Posts a callback body to the portal's callback route, as the platform would. */
async function postCallback(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${portal.url}/api/thanh-toan/thong-bao`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function judicialRecordAtFee(): Promise<{ dossierId: string; code: string }> {
  const submitted = await submitDemoDossier(ready(), citizen, JUDICIAL_RECORD, {
    recordType: "Phiếu số 1",
    birthDate: "1990-05-12",
    birthPlace: "Thái Bình",
    purpose: "Bổ sung hồ sơ xin việc",
  });
  await performDossierAction(ready(), { dossierId: submitted.dossierId, actor: desk, event: { type: "RECEIVE" } });
  await performDossierAction(ready(), { dossierId: submitted.dossierId, actor: desk, event: { type: "TRANSFER" } });
  expect((await dossierRow(submitted.dossierId)).status).toBe(6);
  return submitted;
}

function expectChainIntact(events: Array<typeof dossierEvents.$inferSelect>) {
  let previous = GENESIS_HASH;
  for (const e of events) {
    expect(e.prevHash).toBe(previous);
    expect(e.hash).toBe(eventHash(e));
    previous = e.hash;
  }
}

describe(`online fee payment through the payment platform (${databaseKind})`, () => {
  it("sends the initiation with agency, procedure, dossier, amount, payer and fee lines, under the documented checksum", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(ready(), citizen);
    const { orderId, paymentUrl } = await startOnlinePayment(ready(), applicant, code);
    expect(paymentUrl.startsWith(sim.url)).toBe(true);
    const sent = sim.orders.get(orderId)!.initiation;
    expect(sent).toMatchObject({
      maDoiTac: TEST_MERCHANT,
      maDonHang: orderId,
      maCoQuan: "000.00.15.H54",
      maThuTuc: "1.001612",
      maHoSo: code,
      soTien: 50000,
      tenNguoiNop: "Nguyễn Văn An",
      maSoNguoiNop: "034090001234",
      danhSachPhi: "Phí, lệ phí thủ tục Đăng ký thành lập hộ kinh doanh:50000",
      urlTraVe: `${portal.url}/ho-so/${code}/thanh-toan/ket-qua`,
      urlThongBao: `${portal.url}/api/thanh-toan/thong-bao`,
    });
    expect(sent.danhSachPhiChiTiet).toEqual([{ ten: "Phí, lệ phí thủ tục Đăng ký thành lập hộ kinh doanh", soTien: 50000 }]);
    expect(String(sent.thoiGian)).toMatch(/^\d{14}$/);

    // The checksum, recomputed here by hand from ADR 0012's field order.
    const now = new Date("2026-11-23T03:04:05Z");
    const body = initiationBody(ready().config.paymentGateway!, {
      orderId: "abc123",
      agencyCode: "000.00.15.H54",
      procedureCode: "1.001612",
      dossierCode: code,
      amount: 50000,
      payer: { name: "Nguyễn Văn An", idNumber: "034090001234" },
      feeLines: [
        { name: "Lệ phí", amount: 30000 },
        { name: "Phí", amount: 20000 },
      ],
      returnUrl: "http://r",
      callbackUrl: "http://c",
      now,
    });
    expect(body.thoiGian).toBe("20261123100405");
    const joined = [TEST_MERCHANT, "abc123", "000.00.15.H54", "1.001612", code, "50000", "Nguyễn Văn An", "034090001234", "Lệ phí:30000;Phí:20000", "http://r", "http://c", "20261123100405", TEST_GATEWAY_KEY].join("|");
    expect(body.checksum).toBe(createHash("sha256").update(joined, "utf8").digest("hex"));
    expect(body.danhSachPhi).toEqual([
      { ten: "Lệ phí", soTien: 30000 },
      { ten: "Phí", soTien: 20000 },
    ]);
    // The same payment is resumed, not started twice.
    expect((await startOnlinePayment(ready(), applicant, code)).orderId).toBe(orderId);
    expect(await db().select().from(payments).where(eq(payments.dossierId, dossierId))).toHaveLength(1);
  });

  it("a fully online procedure's fee, paid at submission: one FEE_PAID event without a change of state, a signed receipt and the mail; a double callback changes nothing", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(ready(), citizen);
    expect(await outstandingFees(db(), dossierId)).toBe(50000);
    const detail = (await loadDossierDetail(ready(), { id: dossierId }))!;
    expect(paymentDue(detail)).toMatchObject({ purpose: "submission", amount: 50000 });

    const { orderId, paymentUrl } = await startOnlinePayment(ready(), applicant, code);
    const back = await actOnGatewayPage(paymentUrl, "thanh-toan");
    expect(`${back.origin}${back.pathname}`).toBe(`${portal.url}/ho-so/${code}/thanh-toan/ket-qua`);
    expect(back.searchParams.get("maDonHang")).toBe(orderId);
    expect(back.searchParams.get("ketQua")).toBe("00");

    const paid = await paymentRow(orderId);
    expect(paid.state).toBe("paid");
    expect(paid.gatewayTransactionId).toBe(sim.orders.get(orderId)!.transactionId);
    expect(paid.reference).toBe(sim.orders.get(orderId)!.reference);
    const row = await dossierRow(dossierId);
    expect(row.status).toBe(1);
    expect(row.statePath).toBe("submitted");
    expect(row.snapshot.context.feePaidAtSubmission).toBe(true);
    const events = await eventsOf(dossierId);
    const fee = events.at(-1)!;
    expect(fee).toMatchObject({ action: "FEE_PAID", actorRole: "system", actorUserId: null, fromStatus: 1, toStatus: 1, fromState: "submitted", toState: "submitted" });
    expect(fee.note).toContain(paid.gatewayTransactionId!);
    expect(paid.eventId).toBe(fee.id);
    expectChainIntact(events);
    expect(await outstandingFees(db(), dossierId)).toBe(0);

    const receipts = await receiptsOf(dossierId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].eventId).toBe(fee.id);
    const pdf = await ready().storage.get(receipts[0].sha256);
    expect((await pdfsigReport(pdf)).match(/Signature is Valid/g)).toHaveLength(1);
    const text = await pdfText(pdf);
    expect(text).toContain("BIÊN LAI THU PHÍ, LỆ PHÍ");
    expect(text).toContain("50.000 đồng");
    expect(text).toContain("Năm mươi nghìn đồng");
    expect(text).toContain(paid.gatewayTransactionId!);
    expect(text).toContain(code);

    expect(await queuedApplicantMails(ready(), dossierId)).toEqual(["submitted", "paid"]);
    const [mail] = await db().select().from(outboxMessages).where(and(eq(outboxMessages.dossierId, dossierId), eq(outboxMessages.eventId, fee.id)));
    expect(mail.payload).toMatchObject({ template: "paid" });

    const { outcome } = await paymentReturn(ready(), applicant, code, back.searchParams);
    expect(outcome).toBe("paid");

    // The platform sends the same callback again: 200 with the same answer, nothing new.
    const first = portal.answers.at(-1)!;
    expect(first.status).toBe(200);
    expect(await sim.resendCallback(orderId)).toBe(200);
    expect(portal.answers.at(-1)).toEqual(first);
    expect(await eventsOf(dossierId)).toHaveLength(events.length);
    expect(await receiptsOf(dossierId)).toHaveLength(1);
    expect(await queuedApplicantMails(ready(), dossierId)).toEqual(["submitted", "paid"]);
    expect((await paymentRow(orderId)).settledAt).toEqual(paid.settledAt);

    // Nothing more to pay; the desk receives the dossier as usual.
    await expect(startOnlinePayment(ready(), applicant, code)).rejects.toMatchObject({ status: 409 });
    await performDossierAction(ready(), { dossierId, actor: await actorOf(ready(), "motcua.huyen"), event: { type: "RECEIVE" } });
    expect((await dossierRow(dossierId)).status).toBe(2);
  });

  it("a fee due in a payment step (status 6) ends the step when the platform reports it paid", async () => {
    const { dossierId, code } = await judicialRecordAtFee();
    const { orderId, paymentUrl } = await startOnlinePayment(ready(), applicant, code);
    expect((await paymentRow(orderId)).purpose).toBe("step:fee");
    expect(sim.orders.get(orderId)!.initiation.soTien).toBe(200000);
    await actOnGatewayPage(paymentUrl, "thanh-toan");
    const row = await dossierRow(dossierId);
    expect(row.status).toBe(4);
    expect(row.stepKey).toBe("examination");
    expect(row.pausedAt).toBeNull();
    const fee = (await eventsOf(dossierId)).at(-1)!;
    expect(fee).toMatchObject({ action: "FEE_PAID", actorRole: "system", fromStatus: 6, toStatus: 4 });
    expect(await receiptsOf(dossierId)).toHaveLength(1);
    expect(await queuedApplicantMails(ready(), dossierId)).toContain("paid");
  });

  it("refuses a callback with a bad checksum, a wrong amount, another dossier's code or an unknown order, with a 4xx JSON answer and no change", async () => {
    const { dossierId, code } = await judicialRecordAtFee();
    sim.dropCallbacks(true);
    let orderId: string;
    try {
      const started = await startOnlinePayment(ready(), applicant, code);
      orderId = started.orderId;
      await actOnGatewayPage(started.paymentUrl, "thanh-toan");
    } finally {
      sim.dropCallbacks(false);
    }
    const genuine = sim.callbackBody(orderId);
    const before = (await eventsOf(dossierId)).length;

    const flipped = { ...genuine, checksum: genuine.checksum.toString().replace(/^./, (c) => (c === "0" ? "1" : "0")) };
    expect(await postCallback(flipped)).toMatchObject({ status: 401, json: { maLoi: "01" } });
    // A changed amount under the old checksum is a bad checksum too.
    expect(await postCallback({ ...genuine, soTien: 1000 })).toMatchObject({ status: 401, json: { maLoi: "01" } });

    const { checksum: _c, ...fields } = genuine;
    void _c;
    const resigned = (changes: Record<string, string | number>) => signed("result", { ...fields, ...changes } as MessageFields<"result">, TEST_GATEWAY_KEY);
    expect(await postCallback(resigned({ soTien: 1000 }))).toMatchObject({ status: 400, json: { maLoi: "03" } });
    expect(await postCallback(resigned({ maHoSo: "000.00.00.H54-000000-9999" }))).toMatchObject({ status: 400, json: { maLoi: "02" } });
    expect(await postCallback(resigned({ maDonHang: "f".repeat(32) }))).toMatchObject({ status: 404, json: { maLoi: "04" } });
    expect(await postCallback(resigned({ maDoiTac: "OTHER" }))).toMatchObject({ status: 400, json: { maLoi: "02" } });
    const notJson = await fetch(`${portal.url}/api/thanh-toan/thong-bao`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);

    expect((await paymentRow(orderId)).state).toBe("initiated");
    expect(await eventsOf(dossierId)).toHaveLength(before);
    expect((await dossierRow(dossierId)).status).toBe(6);

    // The genuine one is then accepted.
    expect(await postCallback(genuine)).toMatchObject({ status: 200, json: { maLoi: "00", maDonHang: orderId } });
    expect((await dossierRow(dossierId)).status).toBe(4);
  });

  it("settles a payment whose callback was lost through the scheduled status query; the return URL alone marks nothing", async () => {
    const { dossierId, code } = await judicialRecordAtFee();
    sim.dropCallbacks(true);
    let orderId: string;
    let back: URL;
    try {
      const started = await startOnlinePayment(ready(), applicant, code);
      orderId = started.orderId;
      back = await actOnGatewayPage(started.paymentUrl, "thanh-toan");
    } finally {
      sim.dropCallbacks(false);
    }
    expect(sim.orders.get(orderId)!.state).toBe("paid");
    expect((await paymentRow(orderId)).state).toBe("initiated");

    // A forged return (ketQua=00 without a valid checksum) is only shown as pending.
    const forged = new URLSearchParams({ maDonHang: orderId, ketQua: "00", checksum: "0".repeat(64) });
    expect((await paymentRow(orderId)).state).toBe("initiated");
    expect((await paymentReturn(ready(), applicant, code, forged)).outcome).toBe("pending");
    expect((await dossierRow(dossierId)).status).toBe(6);

    // Too early for the status query; then it asks, verifies the answer's checksum, and settles.
    const created = (await paymentRow(orderId)).createdAt;
    expect(await queryOpenPayments(ready(), new Date(created.getTime() + 1000))).toEqual({ asked: 0, settled: 0, failed: 0 });
    const later = new Date(created.getTime() + STATUS_QUERY.afterMs + 1000);
    // (The first test's payment, never paid, is asked too and stays open.)
    expect(await queryOpenPayments(ready(), later)).toMatchObject({ settled: 1, failed: 0 });
    const settled = await paymentRow(orderId);
    expect(settled.state).toBe("paid");
    expect(settled.gatewayTransactionId).toBe(sim.orders.get(orderId)!.transactionId);
    expect((await dossierRow(dossierId)).status).toBe(4);
    const events = await eventsOf(dossierId);
    expect(events.filter((e) => e.action === "FEE_PAID")).toHaveLength(1);
    expectChainIntact(events);
    expect(await receiptsOf(dossierId)).toHaveLength(1);

    // The late callback, and another run of the query, change nothing.
    expect(await sim.resendCallback(orderId)).toBe(200);
    expect(await queryOpenPayments(ready(), new Date(later.getTime() + STATUS_QUERY.everyMs + 1000))).toMatchObject({ settled: 0, failed: 0 });
    expect(await eventsOf(dossierId)).toHaveLength(events.length);
    expect((await paymentReturn(ready(), applicant, code, back.searchParams)).outcome).toBe("paid");
  });

  it("a return with a valid checksum while the payment is still open asks the platform", async () => {
    const { dossierId, code } = await judicialRecordAtFee();
    sim.dropCallbacks(true);
    let back: URL;
    try {
      back = await actOnGatewayPage((await startOnlinePayment(ready(), applicant, code)).paymentUrl, "thanh-toan");
    } finally {
      sim.dropCallbacks(false);
    }
    expect((await paymentReturn(ready(), applicant, code, back.searchParams)).outcome).toBe("paid");
    expect((await dossierRow(dossierId)).status).toBe(4);
  });

  it("a cancelled payment is recorded as cancelled, the dossier keeps waiting, and a new payment can be started", async () => {
    const { dossierId, code } = await judicialRecordAtFee();
    const first = await startOnlinePayment(ready(), applicant, code);
    const back = await actOnGatewayPage(first.paymentUrl, "huy");
    expect(back.searchParams.get("ketQua")).toBe("01");
    expect((await paymentRow(first.orderId)).state).toBe("cancelled");
    expect((await paymentReturn(ready(), applicant, code, back.searchParams)).outcome).toBe("cancelled");
    expect((await dossierRow(dossierId)).status).toBe(6);
    // A paid result for a cancelled order cannot turn into a second payment record of the same purpose later.
    const second = await startOnlinePayment(ready(), applicant, code);
    expect(second.orderId).not.toBe(first.orderId);
    await actOnGatewayPage(second.paymentUrl, "thanh-toan");
    expect((await dossierRow(dossierId)).status).toBe(4);
    const rows = await db().select().from(payments).where(eq(payments.dossierId, dossierId));
    expect(rows.map((r) => r.state).sort()).toEqual(["cancelled", "paid"]);
  });

  it("only the dossier's applicant may start a payment; without a gateway none is offered", async () => {
    const { code } = await judicialRecordAtFee();
    const officer = await sessionUser("motcua.so");
    await expect(startOnlinePayment(ready(), officer, code)).rejects.toMatchObject({ status: 403 });
    const stranger: SessionUser = { ...applicant, id: applicant.id + 10_000 };
    await expect(startOnlinePayment(ready(), stranger, code)).rejects.toBeInstanceOf(DossierActionError);
    await expect(startOnlinePayment(ready(), stranger, code)).rejects.toMatchObject({ status: 404 });

    const config = ready().config;
    const gateway = config.paymentGateway;
    config.paymentGateway = undefined;
    try {
      await expect(startOnlinePayment(ready(), applicant, code)).rejects.toMatchObject({ status: 409 });
      expect(await postCallback({})).toMatchObject({ status: 503 });
    } finally {
      config.paymentGateway = gateway;
    }
  });

  it("the database keeps one paid payment per dossier and purpose, and each transaction id once", async () => {
    const { dossierId } = await submitHouseholdBusiness(ready(), citizen);
    const now = new Date();
    const paidRow = (orderId: string, tx: string) => ({
      orderId,
      dossierId,
      purpose: "submission",
      amount: 50000,
      feeLines: [{ name: "Lệ phí", amount: 50000 }],
      state: "paid" as const,
      gatewayTransactionId: tx,
      paidAt: now,
      settledAt: now,
      createdAt: now,
    });
    await db().insert(payments).values(paidRow("u1", "TX-UNIQUE-1"));
    await expect(db().insert(payments).values(paidRow("u2", "TX-UNIQUE-2"))).rejects.toThrow();
    await expect(db().insert(payments).values({ ...paidRow("u3", "TX-UNIQUE-1"), purpose: "step:fee" })).rejects.toThrow();
    await expect(db().insert(payments).values({ ...paidRow("u4", "TX-UNIQUE-4"), purpose: "step:x", gatewayTransactionId: null })).rejects.toThrow();
    await expect(db().insert(payments).values({ ...paidRow("u5", "TX-UNIQUE-5"), purpose: "other" })).rejects.toThrow();
    expect(wireTime(new Date("2026-01-01T00:00:00Z"))).toBe("20260101070000");
  });

  it("the dossier page offers the fee at submission to the applicant, and the desk's cash confirmation only where a fee is due then", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(ready(), citizen);
    const detail = async () => (await loadDossierDetail(ready(), { id: dossierId }))!;
    const owner = await dossierPageModel(ready(), applicant, await detail());
    expect(owner.fees).toMatchObject({ due: { amount: 50000 }, online: true, mayPay: true, path: `/ho-so/${code}/thanh-toan` });
    const districtDesk = await sessionUser("motcua.huyen");
    const deskModel = await dossierPageModel(ready(), districtDesk, await detail());
    expect(deskModel.fees.mayPay).toBe(false);
    expect(deskModel.actions.map((a) => a.type)).toContain("FEE_PAID");

    // Cash at the desk: the same self-transition, by the desk; then nothing is due any more.
    await performDossierAction(ready(), { dossierId, actor: await actorOf(ready(), "motcua.huyen"), event: { type: "FEE_PAID", reference: "BL-0001" } });
    expect((await dossierRow(dossierId)).status).toBe(1);
    expect(paymentDue(await detail())).toBeNull();
    expect((await dossierPageModel(ready(), districtDesk, await detail())).actions.map((a) => a.type)).not.toContain("FEE_PAID");
    expect(await outstandingFees(db(), dossierId)).toBe(0);

    // A free procedure: no fee card, no confirmation button.
    const birth = await submitDemoDossier(ready(), citizen, BIRTH_REGISTRATION, {
      childName: "Nguyễn Văn Bình",
      childBirthDate: "2026-11-01",
      childSex: "Nam",
      childBirthPlace: "Thái Bình",
      childEthnicity: "Kinh",
      childNationality: "Việt Nam",
      motherName: "Trần Thị Hoa",
    });
    const birthDetail = (await loadDossierDetail(ready(), { id: birth.dossierId }))!;
    expect((await dossierPageModel(ready(), applicant, birthDetail)).fees.due).toBeNull();
    expect((await dossierPageModel(ready(), await sessionUser("motcua.xa"), birthDetail)).actions.map((a) => a.type)).not.toContain("FEE_PAID");
  });

  it("the status query is a pg-boss job scheduled every five minutes in Vietnam's time (last: it starts the workers)", async () => {
    await startWorkers(ready(), jobHandlers(ready()));
    const schedules = await ready().boss.getSchedules();
    expect(schedules.find((s) => s.name === QUEUES.paymentStatusQuery)).toMatchObject({ cron: PAYMENT_STATUS_QUERY_CRON, timezone: "Asia/Ho_Chi_Minh" });
    expect(PAYMENT_STATUS_QUERY_CRON).toBe("*/5 * * * *");
    // The handler runs the same sweep (nothing here is old enough to be asked yet).
    await expect(jobHandlers(ready()).paymentStatusQuery()).resolves.toBeUndefined();

    // With the workers running, the applicant's "paid" mails leave with their e-receipt attached.
    await expect
      .poll(() => smtp.received.filter((m) => m.parsed.subject?.includes("Đã nộp phí, lệ phí")).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    const paidMail = smtp.received.find((m) => m.parsed.subject?.includes("Đã nộp phí, lệ phí"))!;
    const receipt = paidMail.parsed.attachments.find((a) => a.filename?.startsWith("BienLai-"));
    expect(receipt?.contentType).toBe("application/pdf");
    expect((await pdfsigReport(new Uint8Array(receipt!.content))).match(/Signature is Valid/g)).toHaveLength(1);
  });
});
