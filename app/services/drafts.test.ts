/**
 * Drafts and the wizard's server side (issue 11 §4): a draft saved and resumed (another device is
 * just another request with the same account), two devices' saves conflicting, another account
 * reading nothing; the receiving agency checked against the procedure's list; one dossier per
 * draft however often it is submitted. On PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { administrativeUnits, agencies, dossiers, procedureAgencies, procedures, submissionDrafts, userRoles, users } from "../../db/schema";
import { actorOf, HOUSEHOLD_BUSINESS, samplePdf, type DemoActor } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { createDraft, DRAFT_CONFLICT, listDrafts, loadDraft, purgeExpiredDrafts, updateDraft } from "./drafts.server";
import { agencyMatchingAddress, saveFormStep, stepIntentOf, submitReview, validateFormStep } from "./drafts-wizard.server";
import * as wizardRoute from "../routes/thu-tuc.$code.nop-truc-tuyen";
import * as reviewRoute from "../routes/ho-so-nhap.$draftId.xem-lai";
import { hashPassword } from "../../db/passwords";
import { login } from "./auth.server";
import { cleanupOrphanUploads } from "./uploads.server";

let services: TestServices;
let citizen: DemoActor;
let otherUserId: number;
let procedure: typeof procedures.$inferSelect;

beforeAll(async () => {
  services = await startTestServices();
  citizen = await actorOf(services, "congdan");
  const { db } = services.database;
  [{ id: otherUserId }] = await db.insert(users).values({ username: `khac-${crypto.randomUUID()}`, passwordHash: "x", fullName: "Người khác" }).returning({ id: users.id });
  [procedure] = await db.select().from(procedures).where(eq(procedures.code, HOUSEHOLD_BUSINESS));
});
afterAll(async () => services?.dispose());

const T0 = new Date("2031-03-03T02:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

const householdValues = {
  applicantName: "Nguyễn Văn An",
  applicantIdNumber: "034 090 001 234",
  applicantPhone: "+84 912.345.678",
  applicantEmail: "",
  applicantAddress: "Thôn Lạc Thành, xã Đông La",
  f_businessName: "Hộ kinh doanh Tạp hoá An Bình",
  f_businessAddress: "Thôn Lạc Thành, xã Đông La",
  f_businessLines: "Bán lẻ hàng tạp hoá",
  f_capital: "100000000",
};

async function formWith(values: Record<string, string>, files: Record<string, string> = {}) {
  const form = new FormData();
  // The seeded catalog has the procedure received by every district: the citizen names the one she
  // applies to (the procedure's own agency here, as the demo's dossiers are).
  for (const [k, v] of Object.entries({ agencyId: String(procedure.agencyId), ...values })) form.append(k, v);
  for (const [k, name] of Object.entries(files)) form.append(k, new File([new Uint8Array(await samplePdf(name))], name, { type: "application/pdf" }));
  return form;
}

describe(`drafts (${databaseKind})`, () => {
  it("saves, resumes elsewhere, refuses a stale save, and is invisible to another account", async () => {
    const { db } = services.database;
    const draft = await createDraft(db, { ownerUserId: citizen.userId, procedureId: procedure.id, values: { a: "1" }, files: [], now: T0 });
    expect(draft.version).toBe(1);
    expect(draft.expiresAt.getTime() - T0.getTime()).toBe(30 * DAY);

    // "Another device": the same account, a later request.
    const resumed = await loadDraft(db, citizen.userId, draft.id, new Date(T0.getTime() + DAY));
    expect(resumed?.values).toEqual({ a: "1" });
    const saved = await updateDraft(db, { ownerUserId: citizen.userId, id: draft.id, expectedVersion: 1, values: { a: "2" }, files: [], now: new Date(T0.getTime() + DAY) });
    expect(saved.version).toBe(2);

    // The first device still shows version 1: its save is refused, not merged.
    const stale = updateDraft(db, { ownerUserId: citizen.userId, id: draft.id, expectedVersion: 1, values: { a: "old" }, files: [], now: T0 });
    await expect(stale).rejects.toThrow(DRAFT_CONFLICT);
    await expect(stale).rejects.toMatchObject({ status: 409 });

    expect(await loadDraft(db, otherUserId, draft.id, T0)).toBeNull();
    await expect(updateDraft(db, { ownerUserId: otherUserId, id: draft.id, expectedVersion: 2, values: {}, files: [], now: T0 })).rejects.toMatchObject({ status: 404 });
    expect((await listDrafts(db, otherUserId, T0)).map((d) => d.id)).not.toContain(draft.id);
    expect((await listDrafts(db, citizen.userId, T0)).map((d) => d.id)).toContain(draft.id);

    // 30 days after the last save it is gone.
    const later = new Date(T0.getTime() + 31 * DAY + 1);
    expect(await loadDraft(db, citizen.userId, draft.id, later)).toBeNull();
    expect(await purgeExpiredDrafts(db, later)).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(submissionDrafts).where(eq(submissionDrafts.id, draft.id))).toHaveLength(0);
  });

  it("keeps the files of a form with errors in the draft, and the clean-up keeps them too", async () => {
    const form = await formWith({ ...householdValues, applicantPhone: "12345" }, { "doc-0": "giay-de-nghi.pdf" });
    const outcome = await saveFormStep(services, { userId: citizen.userId, procedure, draft: null, form, intent: stepIntentOf("continue") });
    expect(outcome.status).toBe(400);
    expect(outcome.errors.applicantPhone).toBe('"Số điện thoại" không phải số điện thoại Việt Nam hợp lệ (ví dụ 0912 345 678).');
    expect(outcome.errors["doc-1"]).toMatch(/^Vui lòng đính kèm/);
    expect(outcome.draft?.files.map((f) => [f.index, f.fileName])).toEqual([[0, "giay-de-nghi.pdf"]]);
    // Pending uploads last a day; a draft's files stay while the draft does.
    await cleanupOrphanUploads(services, new Date(Date.now() + 3 * DAY));
    await expect(services.storage.get(outcome.draft!.files[0].sha256)).resolves.toBeTruthy();

    // Resumed: the second file and the fixed phone; the first file is still there.
    const next = await saveFormStep(services, {
      userId: citizen.userId,
      procedure,
      draft: outcome.draft,
      form: await formWith({ ...householdValues, draftVersion: String(outcome.draft!.version) }, { "doc-1": "cccd.pdf" }),
      intent: stepIntentOf("continue"),
    });
    expect(next.errors).toEqual({});
    expect(next.status).toBe(200);
    expect(next.draft?.files.map((f) => f.fileName)).toEqual(["giay-de-nghi.pdf", "cccd.pdf"]);
  });

  it("submits once: a double submit and a replay after the draft is gone give the same dossier", async () => {
    const { db } = services.database;
    const first = await saveFormStep(services, {
      userId: citizen.userId,
      procedure,
      draft: null,
      form: await formWith(householdValues, { "doc-0": "a.pdf", "doc-1": "b.pdf" }),
      intent: stepIntentOf("continue"),
    });
    const draft = first.draft!;
    const review = () => {
      const form = new FormData();
      form.append("resultDelivery", "2");
      form.append("draftVersion", String(draft.version));
      form.append("idempotencyKey", draft.idempotencyKey);
      return submitReview(services, { userId: citizen.userId, draftId: draft.id, form });
    };
    const [a, b] = await Promise.all([review(), review()]);
    expect(a.kind).toBe("submitted");
    expect(b.kind).toBe("submitted");
    if (a.kind !== "submitted" || b.kind !== "submitted") return;
    expect(a.code).toBe(b.code);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const replay = await review();
    expect(replay).toMatchObject({ kind: "submitted", code: a.code, created: false });
    const made = await db.select().from(dossiers).where(and(eq(dossiers.applicantUserId, citizen.userId), eq(dossiers.idempotencyKey, draft.idempotencyKey)));
    expect(made).toHaveLength(1);
    expect(made[0].applicantPhone).toBe("0912345678");
    expect(made[0].applicantIdNumber).toBe("034090001234");
    expect(await loadDraft(db, citizen.userId, draft.id)).toBeNull();

    // Someone else replaying the key learns nothing.
    const form = new FormData();
    form.append("idempotencyKey", draft.idempotencyKey);
    form.append("draftVersion", "1");
    expect(await submitReview(services, { userId: otherUserId, draftId: draft.id, form })).toMatchObject({ kind: "invalid", status: 404 });
  });

  it("a review page older than the draft is a 409, not a submission of unseen content", async () => {
    const { db } = services.database;
    const draft = await createDraft(db, { ownerUserId: citizen.userId, procedureId: procedure.id, values: householdValues, files: [] });
    await updateDraft(db, { ownerUserId: citizen.userId, id: draft.id, expectedVersion: 1, values: householdValues, files: [] });
    const form = new FormData();
    form.append("resultDelivery", "2");
    form.append("draftVersion", "1");
    form.append("idempotencyKey", draft.idempotencyKey);
    expect(await submitReview(services, { userId: citizen.userId, draftId: draft.id, form })).toMatchObject({ kind: "invalid", status: 409 });
  });

  it("the receiving agency must be one of the procedure's, and the dossier goes to it", async () => {
    const { db } = services.database;
    const communes = await db.select().from(agencies).where(eq(agencies.level, "commune"));
    const [elsewhere] = await db.select().from(agencies).where(eq(agencies.level, "province"));
    const [judicial] = await db.select().from(procedures).where(eq(procedures.code, "1.001193"));
    const receiving = communes.filter((a) => a.identifier).slice(0, 2);
    expect(receiving.length).toBeGreaterThanOrEqual(1);
    await db.insert(procedureAgencies).values([...receiving, elsewhere].slice(0, 2).map((a) => ({ procedureId: judicial.id, agencyId: a.id }))).onConflictDoNothing();
    const allowed = (await db.select().from(procedureAgencies).where(eq(procedureAgencies.procedureId, judicial.id))).map((r) => r.agencyId);
    const notAllowed = (await db.select().from(agencies)).find((a) => !allowed.includes(a.id))!;
    const errorsFor = async (agencyId: string) => (await validateFormStep(services, judicial, { ...householdValues, agencyId }, [])).agencyId;
    expect(await errorsFor("")).toBe("Vui lòng chọn cơ quan tiếp nhận hồ sơ trong danh sách.");
    expect(await errorsFor(String(notAllowed.id))).toBe("Vui lòng chọn cơ quan tiếp nhận hồ sơ trong danh sách.");
    expect(await errorsFor(String(allowed[0]))).toBeUndefined();
    await db.delete(procedureAgencies).where(eq(procedureAgencies.procedureId, judicial.id));
    // No list: the procedure's own agency, nothing to choose.
    expect(await errorsFor("")).toBeUndefined();
  });

  it("preselects the agency whose place appears in the citizen's address, diacritics or not", () => {
    const list = [
      { id: 1, name: "UBND xã Đông Hợp" },
      { id: 2, name: "UBND xã Đông La" },
    ];
    expect(agencyMatchingAddress(list, "Thôn Lạc Thành, xã Đông La, huyện Đông Hưng")).toBe(2);
    expect(agencyMatchingAddress(list, "thon Lac Thanh, xa dong la")).toBe(2);
    expect(agencyMatchingAddress(list, "Phường Đề Thám, TP Thái Bình")).toBeNull();
    expect(agencyMatchingAddress(list, null)).toBeNull();
  });

  it("an address's unit must lie in the province chosen", async () => {
    const { db } = services.database;
    const suffix = crypto.randomUUID().slice(0, 6);
    await db.insert(administrativeUnits).values([
      { code: `P${suffix}`, name: "Tỉnh Mẫu", level: "province" },
      { code: `Q${suffix}`, name: "Tỉnh Khác", level: "province" },
      { code: `C${suffix}`, name: "Xã Mẫu", level: "commune", parentCode: `P${suffix}` },
      { code: `D${suffix}`, name: "Xã Khác", level: "commune", parentCode: `Q${suffix}` },
    ]);
    const withAddress = { ...procedure, formFields: [...procedure.formFields, { name: "home", label: "Nơi ở", type: "address" as const, required: true }] };
    const errorsFor = async (unit: string) =>
      (await validateFormStep(services, withAddress, { ...householdValues, f_home__province: `P${suffix}`, f_home__unit: unit, f_home__street: "Số 1" }, [])).f_home__unit;
    expect(await errorsFor(`C${suffix}`)).toBeUndefined();
    expect(await errorsFor(`D${suffix}`)).toBe('Vui lòng chọn huyện/xã của "Nơi ở" thuộc tỉnh đã chọn.');
  });

  it("the address cascade without JavaScript: 'Chọn' saves the draft and the page comes back with the province's units", async () => {
    const { db } = services.database;
    const suffix = crypto.randomUUID().slice(0, 6);
    await db.insert(administrativeUnits).values([
      { code: `R${suffix}`, name: "Tỉnh Cascade", level: "province" },
      { code: `S${suffix}`, name: "Xã Một", level: "commune", parentCode: `R${suffix}` },
      { code: `T${suffix}`, name: "Xã Hai", level: "commune", parentCode: `R${suffix}` },
    ]);
    // A procedure of this test database only, with an address field.
    const fields = [...procedure.formFields, { name: "home", label: "Nơi ở", type: "address" as const, required: true }];
    await db.update(procedures).set({ formFields: fields }).where(eq(procedures.id, procedure.id));
    try {
      const session = await login(db, services.rateLimits, { username: "congdan", password: DEMO_PASSWORD, clientIp: "192.0.2.77", secure: false });
      if (!session.ok) throw new Error("cannot sign in");
      const cookie = session.setCookie.split(";")[0];
      const base = `http://localhost:3000/thu-tuc/${HOUSEHOLD_BUSINESS}/nop-truc-tuyen`;
      const form = await formWith({ ...householdValues, f_home__province: `R${suffix}`, f_home__unit: "", f_home__street: "Số 1", intent: "choose:f_home" });
      const answer = (await wizardRoute.action({ request: new Request(base, { method: "POST", body: form, headers: { Cookie: cookie } }), params: { code: HOUSEHOLD_BUSINESS }, context: { services } } as never)) as Response;
      expect(answer.status).toBe(302);
      const location = answer.headers.get("Location")!;
      expect(location).toMatch(/\?nhap=[0-9a-f-]{36}#f_home__unit$/);
      const page = (await wizardRoute.loader({ request: new Request(new URL(location, base), { headers: { Cookie: cookie } }), params: { code: HOUSEHOLD_BUSINESS }, context: { services } } as never)) as Response;
      const model = await page.json();
      expect(model.values.f_home__province).toBe(`R${suffix}`);
      expect(model.values.f_businessName).toBe(householdValues.f_businessName);
      expect(model.units.children[`R${suffix}`].map((u: { name: string }) => u.name)).toEqual(["Xã Hai", "Xã Một"]);
    } finally {
      await db.update(procedures).set({ formFields: procedure.formFields }).where(eq(procedures.id, procedure.id));
    }
  });

  it("a self-registered account that has not verified its e-mail or phone keeps its draft but cannot submit", async () => {
    const { db } = services.database;
    const username = `chua-xac-minh-${crypto.randomUUID().slice(0, 8)}`;
    const [newcomer] = await db
      .insert(users)
      .values({ username, passwordHash: await hashPassword(DEMO_PASSWORD), fullName: "Người mới", email: `${username}@example.vn`, origin: "self" })
      .returning({ id: users.id });
    await db.insert(userRoles).values({ userId: newcomer.id, role: "citizen" });
    const first = await saveFormStep(services, { userId: newcomer.id, procedure, draft: null, form: await formWith(householdValues, { "doc-0": "a.pdf", "doc-1": "b.pdf" }), intent: stepIntentOf("continue") });
    const draft = first.draft!;
    const session = await login(db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.78", secure: false });
    if (!session.ok) throw new Error("cannot sign in");
    const form = new URLSearchParams({ resultDelivery: "2", draftVersion: String(draft.version), idempotencyKey: draft.idempotencyKey });
    const request = new Request(`http://localhost:3000/ho-so-nhap/${draft.id}/xem-lai`, {
      method: "POST",
      body: form,
      headers: { Cookie: session.setCookie.split(";")[0], "Content-Type": "application/x-www-form-urlencoded" },
    });
    const answer = (await reviewRoute.action({ request, params: { draftId: draft.id }, context: { services } } as never)) as Response;
    expect(answer.status).toBe(403);
    expect((await answer.json()).formError).toContain("chưa được xác minh");
    expect(await db.select().from(dossiers).where(eq(dossiers.applicantUserId, newcomer.id))).toEqual([]);
    expect(await loadDraft(db, newcomer.id, draft.id)).not.toBeNull();
  });
});
