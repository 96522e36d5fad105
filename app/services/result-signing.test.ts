/**
 * Issue #8: each signature is its signer's own act, with her fresh confirmation over the document
 * she saw, its own event, and a number from the agency's register book.
 */
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { attachments, dossierEvents, dossiers, registerEntries } from "../../db/schema";
import { verifyPdf } from "../../signing";
import { actorOf, submitDemoDossier, submitHouseholdBusiness, BIRTH_REGISTRATION, type DemoActor } from "../test-support/fixtures";
import { pdfsigReport, pdfText } from "../test-support/pdf";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { previewFor, signAs } from "../test-support/signing";
import { officersHolding } from "./deadlines.server";
import { performDossierAction } from "./dossier-actions.server";
import { performActionFromForm } from "./dossier-form-actions.server";
import { loadDossierDetail } from "./dossier-queries.server";
import { performSigningAct, sealBySystem } from "./documents.server";
import { jobHandlers } from "./job-handlers.server";
import { QUEUES } from "./jobs.server";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, specialist: DemoActor, unitHead: DemoActor, leader: DemoActor, clerk: DemoActor;
let communeDesk: DemoActor, communeSpecialist: DemoActor, communeLeader: DemoActor;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, unitHead, leader, clerk, communeDesk, communeSpecialist, communeLeader] = await Promise.all(
    ["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen", "lanhdao.huyen", "vanthu.huyen", "motcua.xa", "tuphap.xa", "lanhdao.xa"].map((u) =>
      actorOf(services, u),
    ),
  );
});
afterAll(async () => services?.dispose());

const row = async (id: string) => (await services.database.db.select().from(dossiers).where(eq(dossiers.id, id)))[0];
const eventsOf = (id: string) => services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, id)).orderBy(asc(dossierEvents.seq));
const filesOf = (id: string) => services.database.db.select().from(attachments).where(eq(attachments.dossierId, id));
const act = (dossierId: string, actor: DemoActor, event: Parameters<typeof performDossierAction>[1]["event"], now?: Date) =>
  performDossierAction(services, { dossierId, actor, event, now });
const asUser = (a: DemoActor) => ({ id: a.userId, role: a.role, agencyId: a.agencyId });
/** The signed-in user a route would hand over, for calls that take a whole session user. */
const sessionUserOf = (a: DemoActor) => ({
  ...asUser(a),
  roles: [{ role: a.role, agencyId: a.agencyId }],
  username: a.username,
  fullName: "",
  title: null,
  email: null,
  phone: null,
  idNumber: null,
  address: null,
});
/** What a reply of the dossier page's form says, whichever field conform put it on. */
const replyText = (outcome: { result: unknown }) => JSON.stringify(outcome.result);
const freshTransactionId = () => `test-${Math.random().toString(36).slice(2)}-${Date.now()}`;
/** Whole seconds: a PDF's /M keeps no milliseconds. */
const second = (offsetMs: number) => new Date(Math.floor((Date.now() + offsetMs) / 1000) * 1000);

async function atReview() {
  const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
  await act(dossierId, desk, { type: "RECEIVE" });
  await act(dossierId, desk, { type: "TRANSFER" });
  await act(dossierId, specialist, {
    type: "COMPLETE_STEP",
    draftResult: { title: "Giấy chứng nhận đăng ký hộ kinh doanh", fields: [{ label: "Tên hộ kinh doanh", value: "Tạp hoá An Bình" }] },
  });
  return { dossierId, code };
}

describe(`signatures, each its signer's own act (${databaseKind})`, () => {
  it("the unit head's signature carries the time of her approval, not the leader's; each signature is its own event", async () => {
    const { dossierId } = await atReview();
    const reviewedAt = second(-2 * 3600_000);
    const approvedAt = second(-3600_000);
    const sealedAt = second(-1000);
    await signAs(services, unitHead, dossierId, "REVIEW_SIGNED", reviewedAt);
    await signAs(services, leader, dossierId, "APPROVE", approvedAt);
    await signAs(services, clerk, dossierId, "SEAL", sealedAt);

    const events = (await eventsOf(dossierId)).filter((e) => ["REVIEW_SIGNED", "APPROVE", "SEAL"].includes(e.action));
    expect(events.map((e) => [e.action, e.actorUserId, e.actorRole, e.occurredAt.toISOString()])).toEqual([
      ["REVIEW_SIGNED", unitHead.userId, "unitHead", reviewedAt.toISOString()],
      ["APPROVE", leader.userId, "leader", approvedAt.toISOString()],
      ["SEAL", clerk.userId, "clerk", sealedAt.toISOString()],
    ]);
    const [result] = (await filesOf(dossierId)).filter((f) => f.kind === "result");
    expect(result.eventId).toBe(events[2].id);
    const pdf = await services.storage.get(result.sha256);
    const report = await verifyPdf(pdf, { trustRoots: services.signers.trustRootsPem });
    expect(report.ok).toBe(true);
    expect(report.signatures.map((s) => [s.signerName, s.signingTime?.toISOString()])).toEqual([
      ["Phạm Thị Dung", reviewedAt.toISOString()],
      ["Hoàng Văn Đức", approvedAt.toISOString()],
      ["UBND huyện Đông Hưng", sealedAt.toISOString()],
    ]);
    const pdfsig = await pdfsigReport(pdf);
    expect(pdfsig.match(/Signature is Valid/g)).toHaveLength(3);
    for (const name of ["Phạm Thị Dung", "Hoàng Văn Đức", "UBND huyện Đông Hưng"]) expect(pdfsig).toContain(name);
  });

  it("the leader's approval without her password, or with a wrong one, signs and changes nothing", async () => {
    const { dossierId } = await atReview();
    await signAs(services, unitHead, dossierId, "REVIEW_SIGNED");
    const before = await row(dossierId);
    const filesBefore = await filesOf(dossierId);
    const { sha256 } = await previewFor(services, leader, dossierId, "APPROVE");
    for (const password of ["", "sai-mat-khau"]) {
      const outcome = await performSigningAct(services, asUser(leader), dossierId, { act: "APPROVE", password, sha256 });
      expect(outcome).toMatchObject({ status: 400, error: expect.stringMatching(/mật khẩu/i) });
    }
    // Another officer's password is not the leader's confirmation either.
    expect(await performSigningAct(services, asUser(leader), dossierId, { act: "APPROVE", password: DEMO_PASSWORD + "x", sha256 })).toMatchObject({ status: 400 });
    expect(await row(dossierId)).toEqual(before);
    expect(await filesOf(dossierId)).toEqual(filesBefore);
    expect((await eventsOf(dossierId)).at(-1)?.action).toBe("REVIEW_SIGNED");
  });

  it("the dossier page's plain APPROVE and the unit head's plain COMPLETE_STEP no longer sign", async () => {
    const { dossierId } = await atReview();
    const detail = (await loadDossierDetail(services, { id: dossierId }))!;
    const form = new FormData();
    form.set("intent", "REVIEW_SIGNED");
    form.set("version", String(detail.dossier.version));
    form.set("transactionId", freshTransactionId());
    const user = sessionUserOf(unitHead);
    const refused = await performActionFromForm(services, user, detail, form);
    expect(refused.status).toBe(400);
    expect(replyText(refused)).toContain("trang ký duyệt");
    form.set("intent", "COMPLETE_STEP");
    form.set("transactionId", freshTransactionId());
    expect(await performActionFromForm(services, user, detail, form)).toMatchObject({ status: 409 });
    expect((await row(dossierId)).statePath).toBe("processing.review");

    await signAs(services, unitHead, dossierId, "REVIEW_SIGNED");
    const atApproval = (await loadDossierDetail(services, { id: dossierId }))!;
    const approve = new FormData();
    approve.set("intent", "APPROVE");
    approve.set("version", String(atApproval.dossier.version));
    approve.set("transactionId", freshTransactionId());
    const notSigned = await performActionFromForm(services, sessionUserOf(leader), atApproval, approve);
    expect(notSigned.status).toBe(400);
    expect(replyText(notSigned)).toContain("nhập lại mật khẩu");
    expect((await row(dossierId)).statePath).toBe("processing.approval");
    expect((await filesOf(dossierId)).filter((f) => f.kind === "signingCopy")).toHaveLength(1);
  });

  it("a document that changed after the preview is refused: the hash the signer saw must match", async () => {
    const { dossierId } = await atReview();
    const { sha256 } = await previewFor(services, unitHead, dossierId, "REVIEW_SIGNED");
    const forged = sha256.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    const outcome = await performSigningAct(services, asUser(unitHead), dossierId, { act: "REVIEW_SIGNED", password: DEMO_PASSWORD, sha256: forged });
    expect(outcome).toMatchObject({ status: 409, error: expect.stringContaining("đã thay đổi") });
    expect((await row(dossierId)).statePath).toBe("processing.review");
    expect((await filesOf(dossierId)).filter((f) => f.kind === "signingCopy")).toHaveLength(0);
    // Another dossier takes the number the preview showed: the previewed bytes are stale.
    const other = await atReview();
    await signAs(services, unitHead, other.dossierId, "REVIEW_SIGNED");
    const stale = await performSigningAct(services, asUser(unitHead), dossierId, { act: "REVIEW_SIGNED", password: DEMO_PASSWORD, sha256 });
    expect(stale.status).toBe(409);
    expect(await services.database.db.select().from(registerEntries).where(eq(registerEntries.dossierId, dossierId))).toEqual([]);
  });

  it("where the clerk seals, the system does not: the dossier waits for the clerk's own SEAL", async () => {
    const { dossierId, code } = await atReview();
    await signAs(services, unitHead, dossierId, "REVIEW_SIGNED");
    await signAs(services, leader, dossierId, "APPROVE");
    expect(await row(dossierId)).toMatchObject({ statePath: "approved", status: 4 });
    // Reminders about a dossier waiting for the seal go to the clerk, not to the leader who signed.
    expect((await officersHolding(services, dossierId))!.officers.map((o) => o.fullName)).toEqual(["Trịnh Thị Giang"]);
    await sealBySystem(services, dossierId);
    expect((await row(dossierId)).statePath).toBe("approved");
    expect((await filesOf(dossierId)).filter((f) => f.kind === "result")).toHaveLength(0);
    const inbox = await import("./dossier-queries.server").then((m) =>
      m.listInbox(services, sessionUserOf(clerk)),
    );
    expect(inbox.map((d) => d.code)).toContain(code);
    // The leader cannot seal for the clerk.
    const { sha256 } = await previewFor(services, clerk, dossierId, "SEAL");
    expect(await performSigningAct(services, asUser(leader), dossierId, { act: "SEAL", password: DEMO_PASSWORD, sha256 })).toMatchObject({ status: 409 });
    await signAs(services, clerk, dossierId, "SEAL");
    expect(await row(dossierId)).toMatchObject({ statePath: "resultReady", status: 9 });
  });

  it("where the system seals, it does so right after the leader's signature, as its own event named 'system'", async () => {
    const { dossierId } = await submitDemoDossier(services, citizen, BIRTH_REGISTRATION, {
      childName: "Nguyễn Minh Khôi",
      childBirthDate: "2026-11-10",
      childSex: "Nam",
      childBirthPlace: "Trạm y tế xã Đông La",
      childEthnicity: "Kinh",
      childNationality: "Việt Nam",
      motherName: "Trần Thị Mai",
    });
    await act(dossierId, communeDesk, { type: "RECEIVE" });
    await act(dossierId, communeDesk, { type: "TRANSFER" });
    await act(dossierId, communeSpecialist, { type: "COMPLETE_STEP" });
    await signAs(services, communeLeader, dossierId, "APPROVE");
    const { rows } = await services.database.pool.query(`select data from pgboss.job where name = $1 and data->>'dossierId' = $2`, [QUEUES.sealResult, dossierId]);
    expect(rows).toHaveLength(1);
    await jobHandlers(services).sealResult(rows[0].data);
    const events = await eventsOf(dossierId);
    expect(events.slice(-2).map((e) => [e.action, e.actorRole, e.actorUserId])).toEqual([
      ["APPROVE", "leader", communeLeader.userId],
      ["SEAL", "system", null],
    ]);
    const [result] = (await filesOf(dossierId)).filter((f) => f.kind === "result");
    const pdf = await services.storage.get(result.sha256);
    const pdfsig = await pdfsigReport(pdf);
    expect(pdfsig.match(/Signature is Valid/g)).toHaveLength(2);
    expect(pdfsig).toContain("Bùi Thị Lan");
    expect(pdfsig).toContain("UBND xã Đông La");
    // The birth register's own number, not the dossier's daily counter.
    const [entry] = await services.database.db.select().from(registerEntries).where(and(eq(registerEntries.dossierId, dossierId), eq(registerEntries.book, "birth")));
    expect(entry.eventId).toBe(events.at(-2)!.id);
    const text = await pdfText(pdf);
    expect(text).toContain(`Số: ${entry.number}`);
    expect(text).toContain(`01/${entry.year}`);
  });

  it("the result shows 'Số: N/GCN-ĐKHKD' (the procedure's symbol) from the agency's result register, in order of signature", async () => {
    const first = await atReview();
    const second_ = await atReview();
    // Signed in the other order than submitted: numbers follow the signatures.
    await signAs(services, unitHead, second_.dossierId, "REVIEW_SIGNED");
    await signAs(services, unitHead, first.dossierId, "REVIEW_SIGNED");
    const numberOf = async (id: string) =>
      (await services.database.db.select().from(registerEntries).where(and(eq(registerEntries.dossierId, id), eq(registerEntries.book, "result"))))[0].number;
    expect(await numberOf(first.dossierId)).toBe((await numberOf(second_.dossierId)) + 1);
    const preview = await previewFor(services, leader, first.dossierId, "APPROVE");
    const text = await pdfText(preview.pdf);
    expect(text).toContain(`Số: ${await numberOf(first.dossierId)}/GCN-ĐKHKD`);
    // Submitted first, numbered second: the number is the register's, not the code's daily counter.
    expect(Number(first.code.slice(-4))).toBeLessThan(Number(second_.code.slice(-4)));
    // Sent back and signed again, the dossier keeps its number.
    await act(first.dossierId, leader, { type: "SEND_BACK", note: "Xem lại" });
    const kept = await numberOf(first.dossierId);
    await signAs(services, unitHead, first.dossierId, "REVIEW_SIGNED");
    expect(await numberOf(first.dossierId)).toBe(kept);
  });
});
