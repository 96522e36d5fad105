/**
 * The dossier page's model and its action forms (issue 8, point 7): what each viewer gets, and how
 * a posted form is validated by the page's one zod schema on the server.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments } from "../../db/schema";
import { dossierActionSchema } from "../dossier-action-schema";
import { actorOf, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { currentUser, login, type SessionUser } from "./auth.server";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { performDossierAction } from "./dossier-actions.server";
import { commandFromForm, performActionFromForm } from "./dossier-form-actions.server";
import { dossierPageModel } from "./dossier-page.server";
import { loadDossierDetail } from "./dossier-queries.server";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk] = await Promise.all(["congdan", "motcua.huyen"].map((u) => actorOf(services, u)));
});
afterAll(async () => services?.dispose());

async function sessionUser(username: string): Promise<SessionUser> {
  const signedIn = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.71", secure: false });
  if (!signedIn.ok) throw new Error(username);
  const request = new Request("http://localhost/", { headers: { Cookie: signedIn.setCookie.split(";")[0] } });
  return (await currentUser(services.database.db, request))!;
}

const detailOf = async (dossierId: string) => (await loadDossierDetail(services, { id: dossierId }))!;

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

describe(`dossier page model (${databaseKind})`, () => {
  it("gives the receiving desk its actions, each with its own transaction id, and the control sheet", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const model = await dossierPageModel(services, await sessionUser("motcua.huyen"), await detailOf(dossierId), new Date("2026-11-23T02:00:00Z"));
    expect(model.dossier).toMatchObject({ code, status: 1, statusName: "Mới đăng ký", stepName: "Tiếp nhận hồ sơ", version: 1 });
    expect(model.actions.map((a) => a.type)).toEqual(expect.arrayContaining(["RECEIVE", "REFUSE", "REQUEST_SUPPLEMENT"]));
    expect(model.actions.map((a) => a.type)).not.toContain("WITHDRAW");
    const ids = model.actions.map((a) => a.transactionId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(model.viewer).toEqual({ role: "desk", isCitizen: false, canReadControlSheet: true });
    expect(model.timeline.map((t) => t.label)).toEqual(["Nộp hồ sơ trực tuyến"]);
    expect(model.draft).toBeNull();
  });

  it("shows the applicant her own actions, hides draft results and the control sheet", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    await services.database.db.insert(attachments).values({
      dossierId,
      kind: "draftResult",
      fileName: "du-thao.pdf",
      mediaType: "application/pdf",
      size: 10,
      sha256: "0".repeat(64),
    });
    const detail = await detailOf(dossierId);
    const owner = await dossierPageModel(services, await sessionUser("congdan"), detail);
    expect(owner.actions.map((a) => a.type)).toEqual(["WITHDRAW"]);
    expect(owner.viewer).toEqual({ role: "citizen", isCitizen: true, canReadControlSheet: false });
    expect(owner.files.map((f) => f.kind)).not.toContain("draftResult");
    const officer = await dossierPageModel(services, await sessionUser("motcua.huyen"), detail);
    expect(officer.files.map((f) => f.kind)).toContain("draftResult");
    // A monitor reads everything and acts on nothing.
    const monitor = await dossierPageModel(services, await sessionUser("giamsat"), detail);
    expect(monitor.actions).toEqual([]);
  });

  it("gives the specialist a draft of the result prefilled from the e-form", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "TRANSFER" } });
    const model = await dossierPageModel(services, await sessionUser("chuyenvien.huyen"), await detailOf(dossierId));
    expect(model.draft?.fields).toEqual(expect.arrayContaining([{ label: "Người đề nghị", value: "Nguyễn Văn An" }]));
    expect(model.draft?.fields.some((f) => f.value === "Hộ kinh doanh Tạp hoá An Bình")).toBe(true);
  });
});

describe(`action forms: one zod schema on the server (${databaseKind})`, () => {
  it("refuses invalid forms with Vietnamese messages by field, keeping what was typed, and writes nothing", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const detail = await detailOf(dossierId);
    const owner = await sessionUser("congdan");
    const transactionId = crypto.randomUUID();

    const withdraw = await performActionFromForm(services, owner, detail, form({ intent: "WITHDRAW", version: "1", transactionId, note: "Đổi nơi nộp" }));
    expect(withdraw.status).toBe(400);
    expect(withdraw.result.error).toMatchObject({ confirm: ["Vui lòng đánh dấu xác nhận rút hồ sơ."] });
    expect(withdraw.result.initialValue).toMatchObject({ note: "Đổi nơi nộp" });

    const officer = await sessionUser("motcua.huyen");
    const refuse = await performActionFromForm(services, officer, detail, form({ intent: "REFUSE", version: "1", transactionId }));
    expect(refuse).toMatchObject({ status: 400, result: { error: { note: ["Vui lòng nêu lý do từ chối tiếp nhận."] } } });

    const stale = await performActionFromForm(services, officer, detail, form({ intent: "RECEIVE", version: "1" }));
    expect(stale).toMatchObject({ status: 400, result: { error: { transactionId: [expect.stringContaining("tải lại trang")] } } });
    const unknown = await performActionFromForm(services, officer, detail, form({ intent: "DELETE", version: "1", transactionId }));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.result.error)).toContain("Thao tác không hợp lệ.");
    const system = await performActionFromForm(services, officer, detail, form({ intent: "SUPPLEMENT_DEADLINE_LAPSED", version: "1", transactionId }));
    expect(system).toMatchObject({ status: 403, result: { error: { "": ["Thao tác này chỉ do hệ thống thực hiện."] } } });
    // Signatures are given on the signing page only, with the document in view and the password.
    const seal = await performActionFromForm(services, officer, detail, form({ intent: "SEAL", version: "1", transactionId }));
    expect(seal).toMatchObject({ status: 400, result: { error: { "": [expect.stringContaining("trang ký duyệt")] } } });

    const supplement = await performActionFromForm(services, owner, detail, form({ intent: "SUPPLEMENT_PROVIDED", version: "1", transactionId, note: "Bản rõ" }));
    expect(supplement).toMatchObject({ status: 400, result: { error: { supplementFile: ["Vui lòng đính kèm giấy tờ bổ sung."] }, initialValue: { note: "Bản rõ" } } });

    expect((await detailOf(dossierId)).events).toHaveLength(1);
  });

  it("the statechart's refusal comes back as a form error; success resets the form", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const officer = await sessionUser("motcua.huyen");
    const early = await performActionFromForm(services, officer, await detailOf(dossierId), form({ intent: "TRANSFER", version: "1", transactionId: crypto.randomUUID() }));
    expect(early.status).toBe(409);
    expect(early.result.error?.[""]?.[0]).toMatch(/Không thể "Chuyển phòng chuyên môn"/);
    const done = await performActionFromForm(services, officer, await detailOf(dossierId), form({ intent: "RECEIVE", version: "1", transactionId: crypto.randomUUID() }));
    expect(done).toMatchObject({ status: 200, done: "Đã thực hiện: Tiếp nhận hồ sơ." });
    expect(done.result.initialValue).toBeNull();
  });

  it("a supplement deadline in the past is refused on the server's clock", () => {
    const parsed = parseWithZod(form({ intent: "REQUEST_SUPPLEMENT", version: "3", transactionId: crypto.randomUUID(), note: "Thiếu", deadline: "2026-11-20" }), {
      schema: dossierActionSchema,
    });
    expect(parsed.status).toBe("success");
    if (parsed.status !== "success") return;
    expect(commandFromForm(parsed.value, new Date("2026-11-23T02:00:00Z"))).toEqual({ field: "deadline", error: "Hạn bổ sung phải là một ngày trong tương lai." });
    expect(commandFromForm(parsed.value, new Date("2026-11-19T02:00:00Z"))).toEqual({
      command: { type: "REQUEST_SUPPLEMENT", note: "Thiếu", deadline: "2026-11-20T10:00:00.000Z" },
    });
  });
});
