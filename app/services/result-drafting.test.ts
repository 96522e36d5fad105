/**
 * Issue 10, points 3 and 4: the specialist drafts the result from the typed template, saves and
 * resumes it (a stale version is refused), previews it, and completes her step with it; the result
 * then follows Decree 30 for the district; the leader signs several at once, each its own
 * signature and event, a failing one reported while the others go through.
 */
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { attachments, dossierEvents, dossiers, resultDrafts } from "../../db/schema";
import { actorOf, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { pdfsigReport, pdfText } from "../test-support/pdf";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { signAs } from "../test-support/signing";
import type { SessionUser } from "./auth.server";
import { bulkSigningList, performBulkSigning } from "./documents/bulk-signing.server";
import { completeWithDraft, draftPageModel, draftPdf, saveResultDraft } from "./documents/result-drafts.server";
import { performDossierAction } from "./dossier-actions.server";
import { loadDossierDetail } from "./dossier-queries.server";
import { dossierPageModel } from "./dossier-page.server";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, specialist: DemoActor, unitHead: DemoActor, leader: DemoActor, clerk: DemoActor;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, unitHead, leader, clerk] = await Promise.all(
    ["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen", "lanhdao.huyen", "vanthu.huyen"].map((u) => actorOf(services, u)),
  );
});
afterAll(async () => services?.dispose());

const sessionUserOf = (a: DemoActor, fullName = ""): SessionUser => ({
  id: a.userId,
  role: a.role,
  agencyId: a.agencyId,
  roles: [{ role: a.role, agencyId: a.agencyId }],
  username: a.username,
  fullName,
  title: null,
  email: null,
  phone: null,
  idNumber: null,
  address: null,
});
const detailOf = async (id: string) => (await loadDossierDetail(services, { id }))!;
const row = async (id: string) => (await services.database.db.select().from(dossiers).where(eq(dossiers.id, id)))[0];
const eventsOf = (id: string) => services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, id)).orderBy(asc(dossierEvents.seq));
const act = (dossierId: string, actor: DemoActor, event: Parameters<typeof performDossierAction>[1]["event"]) => performDossierAction(services, { dossierId, actor, event });

const COMPLETE_VALUES = {
  registrationCode: "34D8000123",
  businessName: "Hộ kinh doanh Tạp hoá An Bình",
  businessAddress: "Thôn Lạc Thành, xã Đông La, huyện Đông Hưng",
  businessPhone: "0912345678",
  businessEmail: "",
  businessLines: "Bán lẻ hàng tạp hoá\nBán lẻ đồ uống",
  capital: "50000",
  ownerName: "Nguyễn Văn An",
  ownerSex: "Nam",
  ownerBirthDate: "1990-05-14",
  ownerEthnicity: "Kinh",
  ownerNationality: "Việt Nam",
  ownerIdNumber: "034090001234",
  ownerAddress: "Thôn Lạc Thành, xã Đông La, huyện Đông Hưng",
  ownerContactAddress: "",
};

async function atExamination() {
  const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
  await act(dossierId, desk, { type: "RECEIVE" });
  await act(dossierId, desk, { type: "TRANSFER" });
  return { dossierId, code };
}

/** Drafted, saved and completed by the specialist, initialled by the unit head: waiting for the leader. */
async function atApproval() {
  const { dossierId, code } = await atExamination();
  const user = sessionUserOf(specialist, "Lê Văn Cường");
  const saved = await saveResultDraft(services, user, await detailOf(dossierId), { title: "Giấy chứng nhận đăng ký hộ kinh doanh", values: COMPLETE_VALUES, appraisalNote: "Đủ điều kiện cấp.", draftVersion: 0 }, null);
  expect(saved.status).toBe(200);
  const detail = await detailOf(dossierId);
  expect(await completeWithDraft(services, user, detail, { draftVersion: 1, version: detail.dossier.version })).toMatchObject({ status: 200 });
  await signAs(services, unitHead, dossierId, "REVIEW_SIGNED");
  return { dossierId, code };
}

describe(`drafting the result (${databaseKind})`, () => {
  it("the draft is prefilled from the e-form and the applicant, saved, resumed, and a stale version is refused", async () => {
    const { dossierId } = await atExamination();
    const user = sessionUserOf(specialist, "Lê Văn Cường");
    const model = await draftPageModel(services, user, await detailOf(dossierId));
    const value = (name: string) => model.fields.find((f) => f.name === name)?.value;
    expect(model.templateName).toBe("Giấy chứng nhận đăng ký hộ kinh doanh");
    expect(value("businessName")).toBe("Hộ kinh doanh Tạp hoá An Bình");
    expect(value("capital")).toBe("100000000");
    expect(value("ownerIdNumber")).toBe("034090001234");
    expect(model.draftVersion).toBe(0);

    const values = Object.fromEntries(model.fields.map((f) => [f.name, f.value]));
    const input = { title: model.title, values: { ...values, registrationCode: "34D8000001" }, appraisalNote: "Hồ sơ hợp lệ.", draftVersion: 0 };
    expect(await saveResultDraft(services, user, await detailOf(dossierId), input, null)).toMatchObject({ status: 200, version: 1 });
    // A second tab that also started from nothing: refused, the first save kept.
    expect(await saveResultDraft(services, user, await detailOf(dossierId), { ...input, appraisalNote: "Khác" }, null)).toMatchObject({ status: 409 });
    expect(await saveResultDraft(services, user, await detailOf(dossierId), { ...input, values: { ...input.values, capital: "120000000" }, draftVersion: 1 }, null)).toMatchObject({ status: 200, version: 2 });
    expect(await saveResultDraft(services, user, await detailOf(dossierId), { ...input, values: { ...input.values, capital: "1" }, draftVersion: 1 }, null)).toMatchObject({ status: 409 });
    // Bad input: a Vietnamese message by field, nothing saved.
    const bad = await saveResultDraft(services, user, await detailOf(dossierId), { ...input, values: { ...input.values, capital: "một trăm" }, draftVersion: 2 }, null);
    expect(bad).toMatchObject({ status: 400, fieldErrors: { capital: expect.stringContaining("số tiền") } });

    const resumed = await draftPageModel(services, user, await detailOf(dossierId));
    expect(resumed.draftVersion).toBe(2);
    expect(resumed.fields.find((f) => f.name === "capital")?.value).toBe("120000000");
    expect(resumed.appraisalNote).toBe("Hồ sơ hợp lệ.");
    const [saved] = await services.database.db.select().from(resultDrafts).where(eq(resultDrafts.dossierId, dossierId));
    expect(saved.updatedBy).toBe(specialist.userId);

    // The dossier page's quick form offers the saved draft, never another one.
    const page = await dossierPageModel(services, user, await detailOf(dossierId));
    expect(page.draft?.fields.find((f) => f.name === "capital")?.value).toBe("120000000");

    // Only the specialist holding the step drafts.
    expect(await saveResultDraft(services, sessionUserOf(unitHead), await detailOf(dossierId), { ...input, draftVersion: 2 }, null)).toMatchObject({ status: 403 });
  });

  it("the preview is the unsigned draft with DỰ THẢO, the district's place name and the register symbol without a number", async () => {
    const { dossierId } = await atExamination();
    const detail = await detailOf(dossierId);
    const model = await draftPageModel(services, sessionUserOf(specialist), detail);
    const pdf = await draftPdf(services, detail, { title: model.title, fields: model.fields.map((f) => ({ name: f.name, label: f.label, value: f.value })) }, new Date("2026-11-26T03:00:00Z"));
    const text = await pdfText(pdf);
    expect(text).toContain("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH");
    expect(text).toContain("Đông Hưng, ngày 26 tháng 11 năm 2026");
    expect(text).toMatch(/Số: \/GCN-ĐKHKD/);
    expect(text).toContain("100.000.000 đồng");
    expect(text).toContain("KT. CHỦ TỊCH");
    expect((await pdfText(pdf, { raw: true })).replace(/\s+/g, "")).toContain("DỰ");
    // Unsigned: a preview is never a signed document.
    expect(Buffer.from(pdf).toString("latin1")).not.toContain("/ByteRange");
  });

  it("completing sends the saved draft she previewed; a changed or incomplete draft is refused", async () => {
    const { dossierId } = await atExamination();
    const user = sessionUserOf(specialist);
    const detail = await detailOf(dossierId);
    expect(await completeWithDraft(services, user, detail, { draftVersion: 0 })).toMatchObject({ status: 400 });
    await saveResultDraft(services, user, detail, { title: "Giấy chứng nhận đăng ký hộ kinh doanh", values: { ...COMPLETE_VALUES, ownerBirthDate: "" }, appraisalNote: "", draftVersion: 0 }, null);
    expect(await completeWithDraft(services, user, await detailOf(dossierId), { draftVersion: 1 })).toMatchObject({ status: 400, error: expect.stringContaining("Ngày sinh") });
    await saveResultDraft(services, user, await detailOf(dossierId), { title: "Giấy chứng nhận đăng ký hộ kinh doanh", values: COMPLETE_VALUES, appraisalNote: "Đề nghị cấp.", draftVersion: 1 }, null);
    expect(await completeWithDraft(services, user, await detailOf(dossierId), { draftVersion: 1 })).toMatchObject({ status: 409 });
    expect((await row(dossierId)).statePath).toBe("processing.examination");
    expect(await completeWithDraft(services, user, await detailOf(dossierId), { draftVersion: 2 })).toMatchObject({ status: 200 });
    const after = await row(dossierId);
    expect(after.statePath).toBe("processing.review");
    expect(after.snapshot.context.draftResult?.fields.find((f) => f.name === "capital")?.value).toBe("50000");
    const last = (await eventsOf(dossierId)).at(-1)!;
    expect([last.action, last.note]).toEqual(["COMPLETE_STEP", "Tờ trình: Đề nghị cấp."]);
  });

  it("the signed result follows Decree 30 for the district and its signatures verify", async () => {
    const { dossierId } = await atApproval();
    await signAs(services, leader, dossierId, "APPROVE");
    await signAs(services, clerk, dossierId, "SEAL");
    const [result] = (await services.database.db.select().from(attachments).where(eq(attachments.dossierId, dossierId))).filter((f) => f.kind === "result");
    const pdf = await services.storage.get(result.sha256);
    const text = await pdfText(pdf);
    for (const s of ["ỦY BAN NHÂN DÂN HUYỆN ĐÔNG HƯNG", "Đông Hưng, ngày", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Văn Đức", "50.000 đồng", "Năm mươi nghìn đồng", "Mã số hộ kinh doanh: 34D8000123"]) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/Số: \d+\/GCN-ĐKHKD/);
    expect(text).not.toContain("DỰ THẢO");
    const report = await pdfsigReport(pdf);
    expect(report.match(/Signature is Valid/g)).toHaveLength(3);
  });
});

describe(`bulk signing (${databaseKind})`, () => {
  it("several at once: each its own signature and APPROVE event; a dossier changed or gone from the step is refused, the others signed", async () => {
    const [a, b, c, d] = [await atApproval(), await atApproval(), await atApproval(), await atApproval()];
    const user = sessionUserOf(leader, "Hoàng Văn Đức");
    const listed = await bulkSigningList(services, user);
    const byId = new Map(listed.map((i) => [i.dossierId, i]));
    for (const x of [a, b, c, d]) expect(byId.get(x.dossierId)?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // After the preview: c is sent back by someone else, d's document is not what she saw.
    await act(c.dossierId, leader, { type: "SEND_BACK", note: "Xem lại vốn kinh doanh" });
    const items = [a, b, c, d].map((x) => ({ dossierId: x.dossierId, sha256: x === d ? "0".repeat(64) : byId.get(x.dossierId)!.sha256!, version: byId.get(x.dossierId)!.version }));
    const outcome = await performBulkSigning(services, user, { password: DEMO_PASSWORD, items });
    expect(outcome.status).toBe(200);
    if (outcome.status !== 200) return;
    expect(outcome.results.map((r) => [r.code, r.signed])).toEqual([
      [a.code, true],
      [b.code, true],
      [c.code, false],
      [d.code, false],
    ]);
    expect(outcome.results[2].message).toMatch(/không còn chờ bạn ký|cập nhật/);
    expect(outcome.results[3].message).toContain("đã thay đổi");
    for (const x of [a, b]) {
      expect((await row(x.dossierId)).statePath).toBe("approved");
      const approvals = (await eventsOf(x.dossierId)).filter((e) => e.action === "APPROVE");
      expect(approvals).toHaveLength(1);
      expect(approvals[0].actorUserId).toBe(leader.userId);
      const [copy] = (await services.database.db.select().from(attachments).where(eq(attachments.dossierId, x.dossierId))).filter((f) => f.kind === "signingCopy" && f.eventId === approvals[0].id);
      const report = await pdfsigReport(await services.storage.get(copy.sha256));
      expect(report.match(/Signature is Valid/g)).toHaveLength(2);
      expect(report).toContain("Hoàng Văn Đức");
    }
    expect((await row(d.dossierId)).statePath).toBe("processing.approval");
    expect((await eventsOf(d.dossierId)).some((e) => e.action === "APPROVE")).toBe(false);
  });

  it("the unit head's initials in bulk: new register numbers are previewed and given in list order", async () => {
    const drafted = async () => {
      const d = await atExamination();
      await act(d.dossierId, specialist, { type: "COMPLETE_STEP", draftResult: { title: "Giấy chứng nhận đăng ký hộ kinh doanh", fields: [] } });
      return d;
    };
    const [a, b, c] = [await drafted(), await drafted(), await drafted()];
    const head = sessionUserOf(unitHead);
    const listed = (await bulkSigningList(services, head)).filter((i) => i.sha256);
    const ours = listed.filter((i) => [a, b, c].some((x) => x.dossierId === i.dossierId));
    expect(ours.map((i) => i.dossierId)).toEqual([a, b, c].map((x) => x.dossierId));
    // Each new number previewed as it is given when everything listed before it is signed first (a
    // dossier sent back keeps the number it had).
    const fresh = listed.filter((i) => i.registerNumber!.provisional);
    expect(fresh.map((i) => i.registerNumber!.number)).toEqual(fresh.map((_, k) => fresh[0].registerNumber!.number + k));
    expect(new Set(listed.map((i) => i.sha256)).size).toBe(listed.length);
    const request = (items: typeof listed) => ({ password: DEMO_PASSWORD, items: items.map((i) => ({ dossierId: i.dossierId, sha256: i.sha256!, version: i.version })) });
    // She leaves out b: c was previewed with a number that b's absence gives to c's predecessor's
    // successor, so c is refused (its document would differ), and nothing before b is harmed.
    const first = await performBulkSigning(services, head, request(listed.filter((i) => i.dossierId !== b.dossierId)));
    if (first.status !== 200) throw new Error(first.error);
    const signed = (id: string) => first.results.find((r) => r.dossierId === id)?.signed;
    expect(signed(a.dossierId)).toBe(true);
    expect(signed(c.dossierId)).toBe(false);
    expect(first.results.find((r) => r.dossierId === c.dossierId)?.message).toContain("đã thay đổi");
    // Previewed again, what is left is signed together, numbered in order.
    const again = (await bulkSigningList(services, head)).filter((i) => i.sha256);
    expect(again.map((i) => i.dossierId)).toEqual(expect.arrayContaining([b.dossierId, c.dossierId]));
    const second = await performBulkSigning(services, head, request(again));
    expect(second.status === 200 && second.results.every((r) => r.signed)).toBe(true);
    for (const x of [a, b, c]) expect((await row(x.dossierId)).statePath).toBe("processing.approval");
  });

  it("a wrong password signs nothing; a role without a bulk act is refused", async () => {
    const a = await atApproval();
    const user = sessionUserOf(leader);
    const [item] = (await bulkSigningList(services, user)).filter((i) => i.dossierId === a.dossierId);
    const before = await row(a.dossierId);
    for (const password of ["", "sai-mat-khau"]) {
      expect(await performBulkSigning(services, user, { password, items: [{ dossierId: a.dossierId, sha256: item.sha256!, version: item.version }] })).toMatchObject({ status: 400 });
    }
    expect(await row(a.dossierId)).toEqual(before);
    expect(await performBulkSigning(services, sessionUserOf(specialist), { password: DEMO_PASSWORD, items: [{ dossierId: a.dossierId, sha256: item.sha256! }] })).toMatchObject({ status: 403 });
    expect(await performBulkSigning(services, user, { password: DEMO_PASSWORD, items: [] })).toMatchObject({ status: 400 });
  });
});
