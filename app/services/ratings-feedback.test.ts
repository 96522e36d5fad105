/**
 * Issue 11, my dossiers: a supplement answered per missing document, the rating after the return
 * (once, only by the owner) and feedback answered by the receiving agency — with who may do what.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, dossierRatings, dossiers, users } from "../../db/schema";
import { actorOf, samplePdf, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { localDate } from "../time";
import type { SessionUser } from "./auth.server";
import { performDossierAction } from "./dossier-actions.server";
import { DossierActionError } from "./dossier-errors.server";
import { performActionFromForm } from "./dossier-form-actions.server";
import { loadDossierDetail } from "./dossier-queries.server";
import { answerFeedback, feedbackForDossier, openFeedbackCount, openFeedbackFor, sendFeedback } from "./feedback.server";
import { rateDossier, ratingOf } from "./ratings.server";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor;
let owner: SessionUser, stranger: SessionUser, deskUser: SessionUser, otherAgencyDesk: SessionUser;

async function sessionUserOf(username: string): Promise<SessionUser> {
  const actor = await actorOf(services, username);
  const [u] = await services.database.db.select().from(users).where(eq(users.username, username));
  return { ...u, role: actor.role, agencyId: actor.agencyId, roles: [{ role: actor.role, agencyId: actor.agencyId }] } as SessionUser;
}

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk] = await Promise.all([actorOf(services, "congdan"), actorOf(services, "motcua.huyen")]);
  const [other] = await services.database.db
    .insert(users)
    .values({ username: `congdan-khac-${crypto.randomUUID().slice(0, 8)}`, passwordHash: "x", fullName: "Trần Thị Khác" })
    .returning();
  stranger = { ...other, role: "citizen", agencyId: 0, roles: [{ role: "citizen", agencyId: 0 }] } as SessionUser;
  [owner, deskUser, otherAgencyDesk] = await Promise.all(["congdan", "motcua.huyen", "motcua.xa"].map(sessionUserOf));
});
afterAll(async () => services?.dispose());

const detailOf = async (dossierId: string) => (await loadDossierDetail(services, { id: dossierId }))!;
const dossierRow = async (dossierId: string) => (await detailOf(dossierId)).dossier;

function form(fields: Record<string, string | File>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}
const pdfFile = async (name: string) => new File([new Uint8Array(await samplePdf(name))], `${name}.pdf`, { type: "application/pdf" });

/** A deadline ten days after the moment the test runs, as a local date: no test depends on the day. */
const deadlineInTenDays = () => localDate(new Date(Date.now() + 10 * 86_400_000));

describe(`supplement per missing document (${databaseKind})`, () => {
  it("names the missing documents, asks a file for each, and resumes the clock when all are given", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const missing = ["Bản sao hợp đồng thuê nhà", "Giấy uỷ quyền"];
    const asked = await performActionFromForm(
      services,
      deskUser,
      await detailOf(dossierId),
      form({ intent: "REQUEST_SUPPLEMENT", version: "1", transactionId: crypto.randomUUID(), note: "Thiếu hợp đồng thuê", deadline: deadlineInTenDays(), "documents[0]": missing[0], "documents[1]": missing[1] }),
    );
    expect(asked.status).toBe(200);
    let row = await dossierRow(dossierId);
    expect(row.status).toBe(5);
    expect(row.snapshot.context.supplementDocuments).toEqual(missing);
    expect(row.pausedAt).not.toBeNull();

    const oneOnly = await performActionFromForm(
      services,
      owner,
      await detailOf(dossierId),
      form({ intent: "SUPPLEMENT_PROVIDED", version: String(row.version), transactionId: crypto.randomUUID(), note: "Gửi bổ sung", "supplementFile.0": await pdfFile("hop-dong") }),
    );
    expect(oneOnly).toMatchObject({ status: 400, result: { error: { "supplementFile.1": ['Vui lòng đính kèm "Giấy uỷ quyền".'] }, initialValue: { note: "Gửi bổ sung" } } });
    expect((await dossierRow(dossierId)).status).toBe(5);

    const both = await performActionFromForm(
      services,
      owner,
      await detailOf(dossierId),
      form({
        intent: "SUPPLEMENT_PROVIDED",
        version: String(row.version),
        transactionId: crypto.randomUUID(),
        note: "Gửi bổ sung",
        "supplementFile.0": await pdfFile("hop-dong"),
        "supplementFile.1": await pdfFile("uy-quyen"),
      }),
    );
    expect(both.status).toBe(200);
    row = await dossierRow(dossierId);
    expect(row.status).toBe(1); // back at reception, where it was asked for
    expect(row.pausedAt).toBeNull();
    expect(row.snapshot.context.supplementDocuments).toEqual([]);
    const files = await services.database.db.select().from(attachments).where(eq(attachments.dossierId, dossierId));
    expect(files.filter((f) => f.kind === "supplement").map((f) => f.documentName).sort()).toEqual([...missing].sort());
  });

  it("another citizen cannot answer a supplement request", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "REQUEST_SUPPLEMENT", note: "Thiếu" } });
    const row = await dossierRow(dossierId);
    await expect(
      performActionFromForm(services, stranger, await detailOf(dossierId), form({ intent: "SUPPLEMENT_PROVIDED", version: String(row.version), transactionId: crypto.randomUUID(), supplementFile: await pdfFile("x") })),
    ).resolves.toMatchObject({ status: 404 });
  });
});

describe(`rating after the return (${databaseKind})`, () => {
  it("only the owner, only once the result is returned, only once; the table keeps agency and procedure", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    let row = await dossierRow(dossierId);
    await expect(rateDossier(services, owner, row, { score: 5 })).rejects.toMatchObject({ status: 409 });
    // The workflow to the return is tested elsewhere; here the dossier is put in the returned status directly.
    await services.database.db.update(dossiers).set({ status: 10, returnedAt: new Date() }).where(eq(dossiers.id, dossierId));
    row = await dossierRow(dossierId);
    await expect(rateDossier(services, stranger, row, { score: 1 })).rejects.toMatchObject({ status: 403 });
    await expect(rateDossier(services, deskUser, row, { score: 5 })).rejects.toMatchObject({ status: 403 });
    await expect(rateDossier(services, owner, row, { score: 9 })).rejects.toMatchObject({ status: 400 });

    const rated = await rateDossier(services, owner, row, { score: 4, criteria: { time: 5, attitude: 3, bogus: 2 } as never, comment: "  Nhanh gọn  " });
    expect(rated).toMatchObject({ dossierId, agencyId: row.receivingAgencyId, procedureId: row.procedureId, score: 4, criteria: { time: 5, attitude: 3 }, comment: "Nhanh gọn" });
    const again = rateDossier(services, owner, row, { score: 1 });
    await expect(again).rejects.toBeInstanceOf(DossierActionError);
    await expect(again).rejects.toMatchObject({ status: 409 });
    expect((await ratingOf(services, dossierId))?.score).toBe(4);

    // The database says so too, whatever the code path.
    const direct = { dossierId, agencyId: row.receivingAgencyId, procedureId: row.procedureId, userId: owner.id, score: 3 };
    await expect(services.database.db.insert(dossierRatings).values(direct)).rejects.toThrow();
    await expect(services.database.db.insert(dossierRatings).values({ ...direct, score: 0 })).rejects.toThrow();
  });
});

describe(`feedback answered by the receiving agency (${databaseKind})`, () => {
  it("the owner sends, another citizen cannot; another agency cannot answer; the answer is mailed once", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const row = await dossierRow(dossierId);
    const before = await openFeedbackCount(services, row.receivingAgencyId);
    await expect(sendFeedback(services, stranger, row, { subject: "X", content: "Y" })).rejects.toMatchObject({ status: 403 });
    await expect(sendFeedback(services, deskUser, row, { subject: "X", content: "Y" })).rejects.toMatchObject({ status: 403 });
    const transactionId = crypto.randomUUID();
    const sent = await sendFeedback(services, owner, row, { subject: "Chưa nhận được thông báo", content: "Tôi chưa nhận được thư hẹn.", transactionId });
    // The same form sent twice makes one feedback.
    const replay = await sendFeedback(services, owner, row, { subject: "Chưa nhận được thông báo", content: "Tôi chưa nhận được thư hẹn.", transactionId });
    expect(replay.id).toBe(sent.id);
    expect(await openFeedbackCount(services, row.receivingAgencyId)).toBe(before + 1);
    // The receiving desk's queue page lists it; another agency's does not, nor a citizen's.
    expect((await openFeedbackFor(services, deskUser, 100)).items.map((f) => f.id)).toContain(sent.id);
    expect((await openFeedbackFor(services, otherAgencyDesk, 100)).items.map((f) => f.id)).not.toContain(sent.id);
    expect(await openFeedbackFor(services, owner)).toEqual({ total: 0, items: [] });

    await expect(answerFeedback(services, otherAgencyDesk, row, { feedbackId: sent.id, answer: "Không" })).rejects.toMatchObject({ status: 403 });
    await expect(answerFeedback(services, stranger, row, { feedbackId: sent.id, answer: "Không" })).rejects.toMatchObject({ status: 403 });
    await expect(answerFeedback(services, owner, row, { feedbackId: sent.id, answer: "Không" })).rejects.toMatchObject({ status: 403 });
    // A feedback of another dossier is not found through this one.
    const { dossierId: otherId } = await submitHouseholdBusiness(services, citizen);
    await expect(answerFeedback(services, deskUser, await dossierRow(otherId), { feedbackId: sent.id, answer: "Không" })).rejects.toMatchObject({ status: 404 });

    const answered = await answerFeedback(services, deskUser, row, { feedbackId: sent.id, answer: "Thư đã được gửi lại cho Ông/Bà." });
    expect(answered).toMatchObject({ answeredBy: deskUser.id, answer: "Thư đã được gửi lại cho Ông/Bà." });
    await expect(answerFeedback(services, deskUser, row, { feedbackId: sent.id, answer: "Lần hai" })).rejects.toMatchObject({ status: 409 });

    const listed = await feedbackForDossier(services, dossierId);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ subject: "Chưa nhận được thông báo", answer: "Thư đã được gửi lại cho Ông/Bà.", answeredBy: expect.stringContaining("Trần Thị Bình") });
    expect(await openFeedbackCount(services, row.receivingAgencyId)).toBe(before);
    expect((await openFeedbackFor(services, deskUser, 100)).items.map((f) => f.id)).not.toContain(sent.id);

    const { rows: mails } = await services.database.pool.query<{ key: string; note: string }>(
      `select message_key as key, payload->>'note' as note from outbox_messages where dossier_id = $1 and payload->>'template' = 'feedbackAnswered'`,
      [dossierId],
    );
    expect(mails).toEqual([{ key: `mail:feedback:${sent.id}:feedbackAnswered:applicant`, note: "Thư đã được gửi lại cho Ông/Bà." }]);
  });
});
