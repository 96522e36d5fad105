/**
 * The desk's day (issue 10, points 2 and 5): walk-in intake through the real route with real
 * sessions and real uploads, the reception of an online dossier with the checklist and the forms it
 * feeds, the returns of each kind with the hand-over in the event's transaction, and the register's
 * exports read back.
 */
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../db/demo-data";
import { attachments, dossierEvents, dossiers, postalOrders, resultHandovers } from "../../../db/schema";
import { localDateOf } from "../../../workflows/calendar";
import { action as intakeAction, loader as intakeLoader } from "../../routes/can-bo_.tiep-nhan";
import { loader as registerLoader } from "../../routes/can-bo_.so-theo-doi";
import { action as dossierPageAction, loader as dossierPageLoader } from "../../routes/ho-so.$code._index";
import { loader as printLoader } from "../../routes/ho-so.$code.ban-in";
import { loader as printFileLoader } from "../../routes/ho-so.$code.tep-in";
import { loader as registerFileLoader } from "../../routes/can-bo_.so-theo-doi_.tai";
import { actorOf, HOUSEHOLD_BUSINESS, queuedApplicantMails, samplePdf, submitHouseholdBusiness, type DemoActor } from "../../test-support/fixtures";
import { pdfText } from "../../test-support/pdf";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { signAs } from "../../test-support/signing";
import { currentUser, login } from "../auth.server";
import type { AppServices } from "../context.server";
import { controlSheetPdf, issueOfficialForm } from "../documents.server";
import { registerLines } from "../documents/tracking.server";
import { performDossierAction } from "../dossier-actions.server";
import { DossierActionError } from "../dossier-errors.server";
import { loadDossierDetail, mayOpenFile } from "../dossier-queries.server";
import { acceptUpload, noVirusScanner } from "../uploads.server";
import { deskPanelModel } from "./dossier-desk.server";
import { intakeWalkInDossier, type WalkInIntake } from "./intake.server";
import { csvField, registerCsv, registerXlsx } from "./register-export.server";

let services: TestServices;
let citizen: DemoActor;
let desk: DemoActor;
let specialist: DemoActor;
let unitHead: DemoActor;
let leader: DemoActor;
let clerk: DemoActor;
let pdf: Uint8Array;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, unitHead, leader, clerk] = await Promise.all(
    ["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen", "lanhdao.huyen", "vanthu.huyen"].map((u) => actorOf(services, u)),
  );
  pdf = await samplePdf("Ban quet giay to");
});
afterAll(async () => services?.dispose());

const cookies = new Map<string, string>();
async function sessionCookie(username: string): Promise<string> {
  if (!cookies.has(username)) {
    const result = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.90", secure: false });
    if (!result.ok) throw new Error(`cannot sign in ${username}`);
    cookies.set(username, result.setCookie.split(";")[0]);
  }
  return cookies.get(username)!;
}

type Answer = { status: number; body: Record<string, unknown>; location: string | null };

async function call(route: (args: never) => Promise<Response>, url: string, cookie: string | null, params: Record<string, string>, form?: FormData): Promise<Answer> {
  const request = new Request(`http://localhost:3000${url}`, { method: form ? "POST" : "GET", body: form, headers: cookie ? { Cookie: cookie } : {} });
  let response: Response;
  try {
    response = await route({ request, params, context: { services } } as never);
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  const type = response.headers.get("Content-Type") ?? "";
  const body = type.includes("json") ? ((await response.json()) as Record<string, unknown>) : {};
  return { status: response.status, body, location: response.headers.get("Location") };
}

const scan = (name: string) => new File([new Uint8Array(pdf)], name, { type: "application/pdf" });

/** The walk-in form as the page sends it: the household-business dossier, every document presented. */
function walkInForm(overrides: Record<string, string> = {}, files: Record<string, File> = { "doc-0": scan("giay-de-nghi.pdf"), "doc-1": scan("cccd.pdf") }) {
  const fields: Record<string, string> = {
    idempotencyKey: crypto.randomUUID(),
    applicantUserId: "",
    applicantName: "Phạm Thị Hoa",
    applicantIdNumber: "034185009999",
    applicantPhone: "0987654321",
    applicantEmail: "",
    applicantAddress: "Thôn Nguyên Xá, xã Đông La, huyện Đông Hưng",
    f_businessName: "Hộ kinh doanh Hoa Mai",
    f_businessAddress: "Thôn Nguyên Xá, xã Đông La",
    f_businessLines: "May mặc",
    f_capital: "50000000",
    "checklist-0-present": "yes",
    "checklist-0-form": "original",
    "checklist-0-count": "1",
    "checklist-1-present": "yes",
    "checklist-1-form": "certifiedCopy",
    "checklist-1-count": "1",
    "checklist-2-note": "Không có thành viên khác",
    resultDelivery: "0",
    deliveryAddress: "",
    deliveryDistrict: "",
    note: "",
    ...overrides,
  };
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== "__omit__") form.append(k, v);
  for (const [k, f] of Object.entries(files)) form.append(k, f);
  return form;
}

const intakeUrl = `/can-bo/tiep-nhan?thu-tuc=${HOUSEHOLD_BUSINESS}`;
const dossierByCode = async (code: string) => (await services.database.db.select().from(dossiers).where(eq(dossiers.code, code)))[0];
const eventsOf = async (id: string) => services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, id)).orderBy(dossierEvents.seq);

async function walkInDirect(overrides: Partial<WalkInIntake> = {}, actor: DemoActor = desk, svc: AppServices = services) {
  const uploads = await Promise.all(
    ["Giấy đề nghị đăng ký hộ kinh doanh", "Bản sao thẻ căn cước của chủ hộ kinh doanh"].map((name) =>
      acceptUpload(services.storage, noVirusScanner, name, scan("giay.pdf")),
    ),
  );
  return intakeWalkInDossier(svc, actor, {
    procedureCode: HOUSEHOLD_BUSINESS,
    applicantUserId: null,
    applicant: { name: "Đỗ Văn Nam", idNumber: "034090004321", phone: "0911222333", email: null, address: "Xã Đông La, huyện Đông Hưng" },
    formData: { businessName: "Hộ kinh doanh Nam Phát", businessAddress: "Xã Đông La", businessLines: "Sửa chữa xe máy", capital: "30000000" },
    uploads,
    checklist: [
      { name: "Giấy đề nghị đăng ký hộ kinh doanh", required: true, present: true, form: "original", count: 1, note: null },
      { name: "Bản sao thẻ căn cước của chủ hộ kinh doanh", required: true, present: true, form: "copy", count: 1, note: null },
      { name: "Văn bản ủy quyền của các thành viên hộ gia đình cho chủ hộ (nếu có)", required: false, present: false, form: null, count: 0, note: null },
    ],
    resultDelivery: 0,
    delivery: null,
    idempotencyKey: crypto.randomUUID(),
    ...overrides,
  });
}

describe(`walk-in intake at the desk (${databaseKind})`, () => {
  it("creates the dossier for the citizen's account and receives it at once; the receipt is the reception's", async () => {
    const cookie = await sessionCookie("motcua.huyen");
    // The officer finds the citizen by ID number, then by name without diacritics.
    const found = await call(intakeLoader, `${intakeUrl}&q=034090001234`, cookie, {});
    expect(found.status).toBe(200);
    expect((found.body.matches as Array<{ id: number }>).map((m) => m.id)).toEqual([citizen.userId]);
    const byName = await call(intakeLoader, `${intakeUrl}&q=${encodeURIComponent("nguyen van an")}`, cookie, {});
    expect((byName.body.matches as Array<{ id: number }>).map((m) => m.id)).toContain(citizen.userId);

    const answer = await call(intakeAction, `${intakeUrl}&cong-dan=${citizen.userId}`, cookie, {}, walkInForm({ applicantUserId: String(citizen.userId), applicantEmail: "congdan@example.vn" }));
    expect(answer.status).toBe(302);
    const code = decodeURIComponent(/^\/ho-so\/([^/]+)\/ban-in\?giay=bien-nhan&moi=1$/.exec(answer.location ?? "")![1]);
    const row = await dossierByCode(code);
    expect(row).toMatchObject({ channel: 1, status: 2, statePath: "received", applicantUserId: citizen.userId, applicantName: "Phạm Thị Hoa", resultDelivery: 0 });
    expect(row.receivedAt).not.toBeNull();
    expect(row.intakeChecklist?.map((i) => [i.present, i.form, i.count])).toEqual([
      [true, "original", 1],
      [true, "certifiedCopy", 1],
      [false, null, 0],
    ]);
    expect(row.intakeChecklist?.[2].note).toBe("Không có thành viên khác");
    const events = await eventsOf(row.id);
    expect(events.map((e) => [e.action, e.actorRole, e.actorUserId])).toEqual([
      ["SUBMIT", "desk", desk.userId],
      ["RECEIVE", "desk", desk.userId],
    ]);
    const files = await services.database.db.select().from(attachments).where(eq(attachments.dossierId, row.id));
    expect(files.map((f) => [f.kind, f.documentName, f.uploadedBy]).sort()).toEqual([
      ["submission", "Bản sao thẻ căn cước của chủ hộ kinh doanh", desk.userId],
      ["submission", "Giấy đề nghị đăng ký hộ kinh doanh", desk.userId],
    ]);
    // The applicant hears of the reception, not of an online submission she never made.
    expect(await queuedApplicantMails(services, row.id)).toEqual(["received"]);

    // The print view issues the reception's receipt (Mẫu 01) if the worker has not yet, and shows it.
    const print = await call(printLoader, `/ho-so/${encodeURIComponent(code)}/ban-in?giay=bien-nhan&moi=1`, cookie, { code });
    expect(print.status).toBe(200);
    expect(print.body).toMatchObject({ code, what: "bien-nhan", justReceived: true });
    expect(print.body.pageCount).toBeGreaterThanOrEqual(1);
    const image = await printFileLoader({ request: new Request(`http://localhost:3000/ho-so/${encodeURIComponent(code)}/tep-in?giay=bien-nhan&trang=1`, { headers: { Cookie: cookie } }), params: { code }, context: { services } } as never);
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toBe("image/png");
    const [receipt] = await services.database.db.select().from(attachments).where(and(eq(attachments.dossierId, row.id), eq(attachments.kind, "receipt")));
    expect(receipt.fileName).toBe(`Mau01-${code}-reception.pdf`);
    const text = await pdfText(await services.storage.get(receipt.sha256));
    expect(text).toContain("Bản sao thẻ căn cước");
    // The applicant's own account sees the dossier among hers.
    const own = await call(dossierPageLoader, `/ho-so/${encodeURIComponent(code)}`, await sessionCookie("congdan"), { code });
    expect(own.status).toBe(200);
  });

  it("a double click creates one dossier, also for an applicant without an account", async () => {
    const key = crypto.randomUUID();
    const [a, b] = await Promise.all([walkInDirect({ idempotencyKey: key }), walkInDirect({ idempotencyKey: key })]);
    expect(a.code).toBe(b.code);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const again = await walkInDirect({ idempotencyKey: key });
    expect(again).toMatchObject({ code: a.code, created: false });
    const rows = await services.database.db.select().from(dossiers).where(eq(dossiers.idempotencyKey, key));
    expect(rows).toHaveLength(1);
    expect(rows[0].applicantUserId).toBeNull();
    expect((await eventsOf(rows[0].id)).map((e) => e.action)).toEqual(["SUBMIT", "RECEIVE"]);
  });

  it("a failure while receiving leaves no half-made dossier", async () => {
    const key = crypto.randomUUID();
    // The job queue refuses the reception's receipt: the transaction that created the dossier must roll back.
    const broken = { ...services, boss: new Proxy(services.boss, { get: (target, p) => (p === "send" ? async () => Promise.reject(new Error("hàng đợi ngừng")) : Reflect.get(target, p)) }) };
    await expect(walkInDirect({ idempotencyKey: key }, desk, broken as AppServices)).rejects.toThrow("hàng đợi ngừng");
    expect(await services.database.db.select().from(dossiers).where(eq(dossiers.idempotencyKey, key))).toHaveLength(0);
    // And the next try with the same key works.
    expect((await walkInDirect({ idempotencyKey: key })).created).toBe(true);
  });

  it("invalid input answers 400 with every typed value and every accepted scan kept; the resubmission goes through", async () => {
    const cookie = await sessionCookie("motcua.huyen");
    const form = walkInForm({ applicantIdNumber: "12ab", "checklist-1-form": "" }, { "doc-0": scan("giay-de-nghi.pdf") });
    const answer = await call(intakeAction, intakeUrl, cookie, {}, form);
    expect(answer.status).toBe(400);
    const body = answer.body as { errors: Record<string, string>; values: Record<string, string>; pending: Array<{ index: number; token: string; fileName: string }> };
    expect(Object.keys(body.errors).sort()).toEqual(["applicantIdNumber", "checklist-1-form", "doc-1"]);
    expect(body.values).toMatchObject({ applicantName: "Phạm Thị Hoa", f_businessName: "Hộ kinh doanh Hoa Mai", "checklist-2-note": "Không có thành viên khác" });
    expect(body.pending.map((p) => [p.index, p.fileName])).toEqual([[0, "giay-de-nghi.pdf"]]);

    // A required document not presented cannot be received: 400, and nothing is created.
    const missing = await call(intakeAction, intakeUrl, cookie, {}, walkInForm({ "checklist-1-present": "", "checklist-1-note": "Chưa mang" }, { "doc-0": scan("a.pdf") }));
    expect(missing.status).toBe(400);
    expect(String(missing.body.formError)).toContain("còn thiếu Bản sao thẻ căn cước");

    const fixed = walkInForm({ ...body.values, applicantIdNumber: "034185009999", "checklist-1-form": "copy", "pending-0": body.pending[0].token }, { "doc-1": scan("cccd.pdf") });
    const done = await call(intakeAction, intakeUrl, cookie, {}, fixed);
    expect(done.status).toBe(302);
    const code = decodeURIComponent(done.location!.split("/")[2]);
    const row = await dossierByCode(code);
    const files = await services.database.db.select().from(attachments).where(eq(attachments.dossierId, row.id));
    expect(files.map((f) => f.fileName).sort()).toEqual(["cccd.pdf", "giay-de-nghi.pdf"]);
  });

  it("another agency's procedure is refused, and only the desk may use the intake page", async () => {
    const commune = await call(intakeAction, intakeUrl, await sessionCookie("motcua.xa"), {}, walkInForm());
    expect(commune.status).toBe(403);
    expect((await call(intakeLoader, intakeUrl, await sessionCookie("motcua.xa"), {})).status).toBe(403);
    const communeDesk = await actorOf(services, "motcua.xa");
    await expect(walkInDirect({}, communeDesk)).rejects.toMatchObject({ status: 403 });
    await expect(walkInDirect({}, specialist)).rejects.toBeInstanceOf(DossierActionError);

    const before = (await services.database.db.select({ id: dossiers.id }).from(dossiers)).length;
    expect((await call(intakeAction, intakeUrl, await sessionCookie("congdan"), {}, walkInForm())).status).toBe(403);
    expect((await call(intakeLoader, intakeUrl, await sessionCookie("congdan"), {})).status).toBe(403);
    const anonymous = await call(intakeAction, intakeUrl, null, {}, walkInForm());
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/dang-nhap\?redirectTo=/);
    expect((await services.database.db.select({ id: dossiers.id }).from(dossiers)).length).toBe(before);
  });
});

function receptionForm(version: number, intent: string, checklist: Record<string, string>, extra: Record<string, string> = {}) {
  const form = new FormData();
  const fields = { deskPanel: "reception", intent, version: String(version), transactionId: crypto.randomUUID(), note: "", ...checklist, ...extra };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

const ID_MISSING = { "checklist-0-present": "yes", "checklist-0-form": "original", "checklist-0-count": "1", "checklist-1-note": "Bản chụp mờ, không đọc được số định danh" };

describe(`reception of an online dossier with the checklist (${databaseKind})`, () => {
  it("RECEIVE needs every required document; a supplement request lists the missing ones with their reasons on Mẫu 02", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const cookie = await sessionCookie("motcua.huyen");
    const page = await call(dossierPageLoader, `/ho-so/${code}`, cookie, { code });
    expect((page.body.desk as { reception: { rows: unknown[] } }).reception.rows).toHaveLength(3);

    const refusedReceive = await call(dossierPageAction, `/ho-so/${code}`, cookie, { code }, receptionForm(1, "RECEIVE", ID_MISSING));
    expect(refusedReceive.status).toBe(400);
    const result = refusedReceive.body.result as { error: Record<string, string[]>; initialValue: Record<string, string> };
    expect(result.error[""][0]).toContain("còn thiếu Bản sao thẻ căn cước");
    expect(result.initialValue["checklist-1-note"]).toBe(ID_MISSING["checklist-1-note"]);
    expect((await eventsOf(dossierId)).map((e) => e.action)).toEqual(["SUBMIT"]);

    const asked = await call(dossierPageAction, `/ho-so/${code}`, cookie, { code }, receptionForm(1, "REQUEST_SUPPLEMENT", ID_MISSING, { note: "Mang bản chính đến đối chiếu." }));
    expect(asked.status).toBe(200);
    const row = (await services.database.db.select().from(dossiers).where(eq(dossiers.id, dossierId)))[0];
    expect(row.status).toBe(5);
    expect(row.intakeChecklist?.[1]).toMatchObject({ present: false, note: ID_MISSING["checklist-1-note"] });
    const event = (await eventsOf(dossierId)).at(-1)!;
    expect(event).toMatchObject({ action: "REQUEST_SUPPLEMENT", note: "Mang bản chính đến đối chiếu." });

    await issueOfficialForm(services, { dossierId, form: "supplementRequest", occasion: "", note: event.note, eventId: event.id });
    const [form] = await services.database.db.select().from(attachments).where(and(eq(attachments.dossierId, dossierId), eq(attachments.kind, "supplementRequest")));
    const text = (await pdfText(await services.storage.get(form.sha256))).replace(/\s+/g, " ");
    expect(text).toContain("Bản sao thẻ căn cước của chủ hộ kinh doanh: Bản chụp mờ, không đọc được số định danh");
    expect(text).toContain("Mang bản chính đến đối chiếu.");
  });

  it("a refusal without a typed note takes the missing documents as its reason and prints them on Mẫu 03", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const cookie = await sessionCookie("motcua.huyen");
    const refused = await call(dossierPageAction, `/ho-so/${code}`, cookie, { code }, receptionForm(1, "REFUSE", ID_MISSING));
    expect(refused.status).toBe(200);
    const event = (await eventsOf(dossierId)).at(-1)!;
    expect(event).toMatchObject({ action: "REFUSE", note: `Bản sao thẻ căn cước của chủ hộ kinh doanh: ${ID_MISSING["checklist-1-note"]}` });
    await issueOfficialForm(services, { dossierId, form: "refusal", occasion: "", note: event.note, eventId: event.id });
    const [form] = await services.database.db.select().from(attachments).where(and(eq(attachments.dossierId, dossierId), eq(attachments.kind, "refusal")));
    const text = (await pdfText(await services.storage.get(form.sha256))).replace(/\s+/g, " ");
    expect(text).toContain("Hồ sơ còn thiếu hoặc chưa hợp lệ các thành phần sau:");
    expect(text).toContain("không đọc được số định danh");
    expect(text).not.toContain("Lý do khác");
  });
});

/** Takes a received dossier through the district's steps to "result ready". */
async function toResultReady(dossierId: string) {
  const act = (actor: DemoActor, event: Parameters<typeof performDossierAction>[1]["event"]) => performDossierAction(services, { dossierId, actor, event });
  await act(desk, { type: "TRANSFER" });
  await act(specialist, { type: "COMPLETE_STEP", draftResult: { title: "Giấy chứng nhận đăng ký hộ kinh doanh", fields: [{ label: "Tên hộ kinh doanh", value: "Nam Phát" }] } });
  await signAs(services, unitHead, dossierId, "REVIEW_SIGNED");
  await signAs(services, leader, dossierId, "APPROVE");
  await signAs(services, clerk, dossierId, "SEAL");
}

function returnForm(version: number, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ deskPanel: "return", intent: "RETURN_RESULT", version: String(version), transactionId: crypto.randomUUID(), ...fields })) form.append(k, v);
  return form;
}

describe(`returns of each kind (${databaseKind})`, () => {
  it("at the desk: the recipient is recorded with the RETURN_RESULT event, shown on the page and in Mẫu 06; the result prints", async () => {
    const { dossierId, code } = await walkInDirect();
    await toResultReady(dossierId);
    const cookie = await sessionCookie("motcua.huyen");
    const version = (await dossierByCode(code)).version;
    const bad = await call(dossierPageAction, `/ho-so/${code}`, cookie, { code }, returnForm(version, { handoverRelation: "authorised", handoverName: "", handoverIdNumber: "123" }));
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body.result as { error: object }).error).sort()).toEqual(["handoverIdNumber", "handoverName"]);
    expect((await dossierByCode(code)).status).toBe(9);

    const done = await call(
      dossierPageAction,
      `/ho-so/${code}`,
      cookie,
      { code },
      returnForm(version, { handoverRelation: "authorised", handoverName: "Đỗ Thị Lan", handoverIdNumber: "034190007777", note: "" }),
    );
    expect(done.status).toBe(200);
    const row = await dossierByCode(code);
    expect(row.status).toBe(10);
    const returned = (await eventsOf(dossierId)).find((e) => e.action === "RETURN_RESULT")!;
    const [handover] = await services.database.db.select().from(resultHandovers).where(eq(resultHandovers.dossierId, dossierId));
    expect(handover).toMatchObject({ eventId: returned.id, recipientName: "Đỗ Thị Lan", recipientIdNumber: "034190007777", relation: "authorised", handedBy: desk.userId });
    expect(handover.handedAt.getTime()).toBe(returned.occurredAt.getTime());

    const user = (await currentUser(services.database.db, new Request("http://localhost/", { headers: { Cookie: cookie } })))!;
    const model = await deskPanelModel(services, user, (await loadDossierDetail(services, code))!);
    expect(model.handover).toMatchObject({ recipientName: "Đỗ Thị Lan", relation: "Người được ủy quyền", recipientIdNumber: "034190007777" });
    expect(model.controlSheet?.map((r) => r.to).at(-1)).toBe("Người nhận kết quả — Đỗ Thị Lan (Người được ủy quyền), CCCD 034190007777");
    // The signed Mẫu 06 says the same.
    const sheet = (await pdfText(await controlSheetPdf(services, dossierId, desk.userId))).replace(/\s+/g, " ");
    expect(sheet).toContain("Đỗ Thị Lan (Người được ủy quyền)");
    expect(model.controlSheet?.[0]).toMatchObject({ from: expect.stringContaining("Trần Thị Bình") });
    const print = await call(printLoader, `/ho-so/${encodeURIComponent(code)}/ban-in?giay=ket-qua`, cookie, { code });
    expect(print.status).toBe(200);
    expect(print.body.pageCount).toBeGreaterThanOrEqual(1);
  });

  it("online: the return publishes the e-result to the applicant, who is told by mail", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
    await toResultReady(dossierId);
    const citizenUser = (await currentUser(services.database.db, new Request("http://localhost/", { headers: { Cookie: await sessionCookie("congdan") } })))!;
    const resultFile = async () => (await loadDossierDetail(services, code))!.files.find((f) => f.kind === "result")!;
    expect(mayOpenFile(citizenUser, (await loadDossierDetail(services, code))!.dossier, await resultFile())).toBe(false);

    const cookie = await sessionCookie("motcua.huyen");
    const page = await call(dossierPageLoader, `/ho-so/${code}`, cookie, { code });
    expect((page.body.desk as { giveBack: { mode: string } }).giveBack.mode).toBe("online");
    const done = await call(dossierPageAction, `/ho-so/${code}`, cookie, { code }, returnForm((await dossierByCode(code)).version, {}));
    expect(done.status).toBe(200);
    expect((await eventsOf(dossierId)).at(-1)).toMatchObject({ action: "RETURN_RESULT", note: "Công bố kết quả điện tử cho người nộp hồ sơ." });
    expect(await services.database.db.select().from(resultHandovers).where(eq(resultHandovers.dossierId, dossierId))).toHaveLength(0);
    expect(mayOpenFile(citizenUser, (await loadDossierDetail(services, code))!.dossier, await resultFile())).toBe(true);
    expect((await queuedApplicantMails(services, dossierId)).at(-1)).toBe("returned");
  });

  it("by post: the delivery order is shown and the desk cannot return it in its place", async () => {
    const delivery = { address: "Số 5 phố Lê Lợi, phường Đề Thám", districtCode: "336" };
    const { dossierId, code } = await walkInDirect({ resultDelivery: 1, delivery });
    await toResultReady(dossierId);
    const [order] = await services.database.db.select().from(postalOrders).where(and(eq(postalOrders.dossierId, dossierId), eq(postalOrders.kind, "delivery")));
    expect(order).toBeDefined();
    const cookie = await sessionCookie("motcua.huyen");
    const page = await call(dossierPageLoader, `/ho-so/${code}`, cookie, { code });
    const deskModel = page.body.desk as { giveBack: { mode: string }; postalOrders: Array<{ kind: string; status: string }> };
    expect(deskModel.giveBack.mode).toBe("post");
    expect(deskModel.postalOrders.map((o) => o.kind)).toEqual(["Chuyển phát kết quả"]);
    const refused = await call(dossierPageAction, `/ho-so/${code}`, cookie, { code }, returnForm((await dossierByCode(code)).version, {}));
    expect(refused.status).toBe(409);
    expect((await dossierByCode(code)).status).toBe(9);
  });
});

describe(`the register (Mẫu 07) with filters and exports (${databaseKind})`, () => {
  it("filters by channel, status, procedure and period; XLSX and CSV read back; formulas are neutralised", async () => {
    const walkIn = await walkInDirect({ applicant: { name: "=HYPERLINK(\"http://x\")", idNumber: "034090005555", phone: "0911000111", email: null, address: "@Đông La" } });
    const online = await submitHouseholdBusiness(services, citizen);
    const today = localDateOf(new Date(), services.config.timeZone);
    const base = { from: today, to: today };
    const deskOnly = await registerLines(services, desk.agencyId, { ...base, channel: 1 });
    expect(deskOnly.map((l) => l.dossierCode)).toContain(walkIn.code);
    expect(deskOnly.every((l) => l.channel === 1)).toBe(true);
    const waiting = await registerLines(services, desk.agencyId, { ...base, status: 1 });
    expect(waiting.map((l) => l.dossierCode)).toContain(online.code);
    expect(waiting.map((l) => l.dossierCode)).not.toContain(walkIn.code);
    expect(await registerLines(services, desk.agencyId, { ...base, procedureCode: "3.000333" })).toEqual([]);
    expect(await registerLines(services, desk.agencyId, { from: "2001-01-01", to: "2001-12-31" })).toEqual([]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await registerXlsx(services, desk.agencyId, { ...base, channel: 1 })) as never);
    const sheet = workbook.worksheets[0];
    expect(String(sheet.getCell("A1").value)).toContain("SỔ THEO DÕI HỒ SƠ — UBND huyện Đông Hưng");
    expect(sheet.getRow(4).getCell(2).value).toBe("Mã hồ sơ");
    const codes: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 4) codes.push(String(row.getCell(2).value));
    });
    expect(codes).toEqual(deskOnly.map((l) => l.dossierCode));
    const line = deskOnly.findIndex((l) => l.dossierCode === walkIn.code) + 5;
    expect(sheet.getRow(line).getCell(5).value).toBe("=HYPERLINK(\"http://x\")"); // a string cell, not a formula
    expect(sheet.getRow(line).getCell(9).value).toBeInstanceOf(Date);

    const csv = await registerCsv(services, desk.agencyId, { ...base, channel: 1 });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const records = parseCsv(csv.slice(1));
    expect(records[0].slice(0, 3)).toEqual(["TT", "Mã hồ sơ", "Tên thủ tục hành chính"]);
    const record = records.find((r) => r[1] === walkIn.code)!;
    expect(record[4]).toBe("'=HYPERLINK(\"http://x\")");
    expect(record[5].startsWith("'@Đông La")).toBe(true);
    expect(record[6]).toBe("Trực tiếp tại Bộ phận Một cửa");
    expect(records).toHaveLength(deskOnly.length + 1);
    expect(["+1", "-1", "@a", "=1", "a"].map(csvField)).toEqual(['"\'+1"', '"\'-1"', '"\'@a"', '"\'=1"', '"a"']);
  });

  it("the page answers each download with its type, and a bad period with 400 and what was typed", async () => {
    const cookie = await sessionCookie("motcua.huyen");
    const today = localDateOf(new Date(), services.config.timeZone);
    const url = (extra: string) => `/can-bo/so-theo-doi/tai?tu=${today}&den=${today}&kenh=1${extra}`;
    const request = (u: string) => new Request(`http://localhost:3000${u}`, { headers: { Cookie: cookie } });
    const csv = await registerFileLoader({ request: request(url("&dang=csv")), params: {}, context: { services } } as never);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const xlsx = await registerFileLoader({ request: request(url("&dang=xlsx")), params: {}, context: { services } } as never);
    expect(xlsx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const signed = await registerFileLoader({ request: request(url("&dang=pdf")), params: {}, context: { services } } as never);
    expect(signed.headers.get("Content-Type")).toBe("application/pdf");
    const page = await call(registerLoader, `/can-bo/so-theo-doi?tu=${today}&den=2001-01-01`, cookie, {});
    expect(page.status).toBe(400);
    expect(page.body.errors).toMatchObject({ den: "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." });
    expect(page.body.query).toMatchObject({ den: "2001-01-01" });
  });
});

/** RFC 4180: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  return records;
}
