import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, dossierEvents, dossiers } from "../../db/schema";
import { verifyPdf } from "../../signing";
import { localDateOf } from "../../workflows/calendar";
import { actorOf, queuedApplicantMails, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { pdfsigReport, pdfText } from "../test-support/pdf";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { DossierActionError, eventHash, GENESIS_HASH, performDossierAction } from "./dossier-actions.server";
import { controlSheetPdf, registerPdf } from "./documents.server";
import { jobHandlers } from "./job-handlers.server";
import { QUEUES } from "./jobs.server";
import { signAs } from "../test-support/signing";


let services: TestServices;
let citizen: DemoActor, desk: DemoActor, specialist: DemoActor, unitHead: DemoActor, leader: DemoActor, otherDesk: DemoActor, clerk: DemoActor;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, unitHead, leader, otherDesk, clerk] = await Promise.all(
    ["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen", "lanhdao.huyen", "motcua.xa", "vanthu.huyen"].map((u) => actorOf(services, u)),
  );
});
afterAll(async () => services?.dispose());

async function dossierRow(id: string) {
  const [row] = await services.database.db.select().from(dossiers).where(eq(dossiers.id, id));
  return row;
}

async function eventsOf(id: string) {
  return services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, id)).orderBy(asc(dossierEvents.seq));
}

async function queuedJobs(name: string, dossierId: string): Promise<number> {
  const result = await services.database.pool.query(`select count(*)::int as n from pgboss.job where name = $1 and data->>'dossierId' = $2`, [
    name,
    dossierId,
  ]);
  return result.rows[0].n;
}

describe(`one dossier from submission to signed result (${databaseKind})`, () => {
  it("walks every step, with a hash-chained history, queued effects and a verifiable signed result", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    expect(code).toMatch(/^000\.00\.15\.H54-\d{6}-0001$/);
    expect(await queuedJobs(QUEUES.issueDocument, dossierId)).toBe(1);

    const act = (actor: DemoActor, event: Parameters<typeof performDossierAction>[1]["event"], note?: string) =>
      performDossierAction(services, { dossierId, actor, event, note });

    await act(desk, { type: "RECEIVE" });
    let row = await dossierRow(dossierId);
    expect(row.status).toBe(2);
    expect(row.receivedAt).not.toBeNull();
    expect(row.dueAt!.getTime()).toBeGreaterThan(row.receivedAt!.getTime());
    expect(await queuedApplicantMails(services, dossierId)).toEqual(["submitted", "received"]);

    await act(desk, { type: "TRANSFER" });
    await act(specialist, {
      type: "COMPLETE_STEP",
      draftResult: { title: "Giấy chứng nhận đăng ký hộ kinh doanh", fields: [{ label: "Tên hộ kinh doanh", value: "Tạp hoá An Bình" }] },
    });
    // Each signature is its signer's own act (issue #8): the unit head initials, the leader signs,
    // and the district's records clerk applies the seal.
    await signAs(services, unitHead, dossierId, "REVIEW_SIGNED");
    await signAs(services, leader, dossierId, "APPROVE");
    expect(await queuedJobs(QUEUES.sealResult, dossierId)).toBe(0); // the district's clerk seals, not the system
    row = await dossierRow(dossierId);
    expect(row.statePath).toBe("approved");
    await signAs(services, clerk, dossierId, "SEAL");
    row = await dossierRow(dossierId);
    expect(row.status).toBe(9);

    await act(desk, { type: "RETURN_RESULT" });
    row = await dossierRow(dossierId);
    expect(row).toMatchObject({ status: 10, statePath: "returned", version: 8 });
    expect(row.returnedAt).not.toBeNull();

    const events = await eventsOf(dossierId);
    expect(events.map((e) => e.action)).toEqual([
      "SUBMIT",
      "RECEIVE",
      "TRANSFER",
      "COMPLETE_STEP",
      "REVIEW_SIGNED",
      "APPROVE",
      "SEAL",
      "RETURN_RESULT",
    ]);
    let previous = GENESIS_HASH;
    for (const e of events) {
      expect(e.prevHash).toBe(previous);
      expect(e.hash).toBe(eventHash(e));
      previous = e.hash;
    }

    const results = await services.database.db.select().from(attachments).where(eq(attachments.dossierId, dossierId));
    const result = results.filter((a) => a.kind === "result");
    expect(result).toHaveLength(1);
    const pdf = await services.storage.get(result[0].sha256);
    const report = await verifyPdf(pdf, { trustRoots: services.signers.trustRootsPem });
    expect(report.ok).toBe(true);
    expect(report.signatures.map((s) => s.signerName)).toEqual(["Phạm Thị Dung", "Hoàng Văn Đức", "UBND huyện Đông Hưng"]);
    expect(report.signatures.map((s) => s.coversWholeDocument)).toEqual([false, false, true]);

    expect((await pdfsigReport(pdf)).match(/Signature is Valid/g)).toHaveLength(3);

    // Mẫu 06 lists every hand-over with the officers' names, and is signed.
    const sheet = await controlSheetPdf(services, dossierId, desk.userId);
    expect((await verifyPdf(sheet, { trustRoots: services.signers.trustRootsPem })).ok).toBe(true);
    const text = await pdfText(sheet, { raw: true });
    expect(text).toContain("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
    for (const name of ["Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Đức"]) expect(text).toContain(name);

    // Mẫu 07 for the district this month lists the dossier.
    const month = localDateOf(row.receivedAt!, "Asia/Ho_Chi_Minh").split("-").map(Number);
    const register = await registerPdf(services, desk.agencyId, month[0], month[1]);
    expect((await verifyPdf(register, { trustRoots: services.signers.trustRootsPem })).ok).toBe(true);
    const registerText = await pdfText(register, { raw: true });
    expect(registerText).toContain("SỔ THEO DÕI HỒ SƠ");
    expect(registerText.replace(/\s+/g, "")).toContain(code); // the code column wraps
  });
});

describe(`refusals and locking (${databaseKind})`, () => {
  it("refuses a dossier at reception with a reason and issues a signed Mẫu 03", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const reason = "Hồ sơ không thuộc thẩm quyền giải quyết của UBND huyện";
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "REFUSE", reason }, note: reason });
    const row = await dossierRow(dossierId);
    expect(row).toMatchObject({ status: 3, statePath: "refused" });
    expect((await eventsOf(dossierId)).at(-1)).toMatchObject({ action: "REFUSE", note: reason, toStatus: 3 });
    expect(await queuedJobs(QUEUES.issueDocument, dossierId)).toBe(2); // receipt at submission + refusal

    await jobHandlers(services).issueDocument({ dossierId, form: "refusal", occasion: "refusal", note: reason });
    const files = await services.database.db.select().from(attachments).where(eq(attachments.dossierId, dossierId));
    const form = files.find((f) => f.kind === "refusal");
    expect(form).toBeDefined();
    const pdf = await services.storage.get(form!.sha256);
    expect((await verifyPdf(pdf, { trustRoots: services.signers.trustRootsPem })).ok).toBe(true);
    const text = await pdfText(pdf);
    expect(text).toContain("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ");
    expect(text).toContain(reason);
  });

  it("refuses a forbidden action with a reason and writes nothing", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const before = await dossierRow(dossierId);
    await expect(performDossierAction(services, { dossierId, actor: leader, event: { type: "APPROVE", sealBy: "clerk" } })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/Mới đăng ký/),
    });
    await expect(
      performDossierAction(services, { dossierId, actor: otherDesk, event: { type: "RECEIVE" } }),
      // Issue 8: one object-level check for pages and actions; a dossier the actor cannot read is "not found".
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      performDossierAction(services, { dossierId, actor: citizen, event: { type: "RECEIVE" } }),
    ).rejects.toBeInstanceOf(DossierActionError);
    expect(await dossierRow(dossierId)).toEqual(before);
    expect(await eventsOf(dossierId)).toHaveLength(1);
  });

  it("refuses a stale version instead of overwriting someone else's change", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" }, expectedVersion: 1 });
    await expect(
      performDossierAction(services, { dossierId, actor: desk, event: { type: "TRANSFER" }, expectedVersion: 1 }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/vừa được người khác cập nhật/) });
  });

  it("lets exactly one of two simultaneous receptions through", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const outcomes = await Promise.allSettled(
      [1, 2].map(() => performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DossierActionError);
    expect((await eventsOf(dossierId)).map((e) => e.action)).toEqual(["SUBMIT", "RECEIVE"]);
  });

  it("rolls the whole action back when a write in its transaction fails", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const before = await dossierRow(dossierId);
    const mailsBefore = await queuedApplicantMails(services, dossierId);
    await expect(
      performDossierAction(services, {
        dossierId,
        actor: desk,
        event: { type: "RECEIVE" },
        alsoInTransaction: async () => {
          throw new Error("disk full");
        },
      }),
    ).rejects.toThrow("disk full");
    expect(await dossierRow(dossierId)).toEqual(before);
    expect(await eventsOf(dossierId)).toHaveLength(1);
    expect(await queuedApplicantMails(services, dossierId)).toEqual(mailsBefore);
  });

  it("pauses the clock for a supplement and moves the due time by the paused working time", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const monday = new Date("2026-11-23T02:00:00Z"); // 09:00 in Thái Bình
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" }, now: monday });
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "TRANSFER" }, now: monday });
    const due = (await dossierRow(dossierId)).dueAt!;
    await performDossierAction(services, {
      dossierId,
      actor: specialist,
      event: { type: "REQUEST_SUPPLEMENT", note: "Bổ sung văn bản ủy quyền" },
      now: new Date("2026-11-23T03:00:00Z"), // 10:00
    });
    expect((await dossierRow(dossierId)).status).toBe(5);
    await performDossierAction(services, {
      dossierId,
      actor: citizen,
      event: { type: "SUPPLEMENT_PROVIDED" },
      now: new Date("2026-11-23T07:00:00Z"), // 14:00: 1 h 30 + 30 min of working time paused
    });
    const row = await dossierRow(dossierId);
    expect(row.statePath).toBe("processing.examination");
    expect(row.pausedAt).toBeNull();
    expect(row.dueAt!.getTime() - due.getTime()).toBe(2 * 3600_000);
  });
});

describe(`dossier codes (${databaseKind})`, () => {
  it("stay unique and gap-free under 50 parallel submissions", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => submitHouseholdBusiness(services, citizen)));
    const codes = results.map((r) => r.code);
    expect(new Set(codes).size).toBe(50);
    const [{ count }] = await services.database.db
      .select({ count: sql<number>`count(distinct ${dossiers.code})::int` })
      .from(dossiers);
    expect(count).toBeGreaterThanOrEqual(50);
    const counters = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
    expect(counters[counters.length - 1] - counters[0]).toBe(49);
  });

  it("a repeated submission with the same idempotency key creates one dossier", async () => {
    const key = crypto.randomUUID();
    const [a, b] = await Promise.all([submitHouseholdBusiness(services, citizen, key), submitHouseholdBusiness(services, citizen, key)]);
    expect(a.code).toBe(b.code);
    expect([a.created, b.created].sort()).toEqual([false, true]);
  });
});
