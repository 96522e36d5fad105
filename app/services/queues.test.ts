/**
 * The officers' queues and the claim/assign checks (issue 10, point 1), on the demo district
 * (UBND huyện Đông Hưng): which dossier is in which role's queue, the counts, search without
 * diacritics, filters, the "came back" line, and who may claim or assign whom.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agencies, dossierEvents, dossiers, users } from "../../db/schema";
import { actorOf, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import type { SessionUser } from "./auth.server";
import { officersHolding } from "./deadlines.server";
import { DossierActionError, performDossierAction, type DossierCommand } from "./dossier-actions.server";
import { describeRemaining, pageLinks, parseQueueQuery, queuePageModel, type QueueKey } from "./queues.server";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, specialist: DemoActor, specialist2: DemoActor, head: DemoActor, leader: DemoActor, otherSpecialist: DemoActor;
let financeUnit: number;
let otherUnit: number;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, specialist2, head, leader, otherSpecialist] = await Promise.all(
    ["congdan", "motcua.huyen", "chuyenvien.huyen", "chuyenvien2.huyen", "truongphong.huyen", "lanhdao.huyen", "chuyenvien.so"].map((u) => actorOf(services, u)),
  );
  const [unit] = await services.database.db.select().from(agencies).where(eq(agencies.name, "Phòng Tài chính - Kế hoạch huyện Đông Hưng"));
  financeUnit = unit.id;
  const [other] = await services.database.db
    .insert(agencies)
    .values({ name: "Phòng Tư pháp huyện Đông Hưng", level: "district", kind: "unit", parentId: desk.agencyId })
    .returning({ id: agencies.id });
  otherUnit = other.id;
});
afterAll(async () => services?.dispose());

const asUser = (actor: DemoActor) => ({ id: actor.userId, username: actor.username, role: actor.role, agencyId: actor.agencyId, roles: [] }) as unknown as SessionUser;

async function queue(actor: DemoActor, key: QueueKey, extra: Record<string, string> = {}, now?: Date) {
  return queuePageModel(services, asUser(actor), new URLSearchParams({ hang: key, ...extra }), now);
}
const codesIn = async (actor: DemoActor, key: QueueKey, extra: Record<string, string> = {}, now?: Date) => (await queue(actor, key, extra, now)).rows.map((r) => r.code);
const act = (dossierId: string, actor: DemoActor, event: DossierCommand, note?: string) => performDossierAction(services, { dossierId, actor, event, note });
async function statusOf(work: Promise<unknown>): Promise<number> {
  try {
    await work;
    return 200;
  } catch (error) {
    if (error instanceof DossierActionError) return error.status;
    throw error;
  }
}
const columns = async (dossierId: string) => {
  const [row] = await services.database.db.select().from(dossiers).where(eq(dossiers.id, dossierId));
  return { userId: row.assignedUserId, unitId: row.assignedUnitId, version: row.version };
};

describe(`queues per role and unit (${databaseKind})`, () => {
  it("follow dossiers from the desk to the specialist, the unit head and back, with counts and the step's officer", async () => {
    const a = await submitHouseholdBusiness(services, citizen);
    const b = await submitHouseholdBusiness(services, citizen);

    // New online dossiers wait for any desk officer; a claim moves one to her own "to receive".
    expect(await codesIn(desk, "moi")).toEqual(expect.arrayContaining([a.code, b.code]));
    const offered = (await queue(desk, "moi")).rows.find((r) => r.code === a.code)?.claim;
    expect(offered).toMatchObject({ version: 1, transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    await act(a.dossierId, desk, { type: "ASSIGN", assigneeUserId: desk.userId });
    expect(await columns(a.dossierId)).toMatchObject({ userId: desk.userId, unitId: null });
    const [claimEvent] = (await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, a.dossierId))).filter((e) => e.action === "ASSIGN");
    expect(claimEvent.note).toBe("Nhận xử lý: Trần Thị Bình");
    const deskPage = await queue(desk, "moi");
    expect(deskPage.rows.map((r) => r.code)).not.toContain(a.code);
    expect(await codesIn(desk, "tiep-nhan")).toContain(a.code);
    expect((await queue(desk, "tiep-nhan")).rows.find((r) => r.code === a.code)?.claim).toBeNull();
    expect(deskPage.tabs.map((t) => t.key)).toEqual(["moi", "tiep-nhan", "tra-ket-qua", "bo-sung", "sap-den-han", "qua-han", "da-xong"]);
    expect(deskPage.tabs.find((t) => t.key === "moi")!.count).toBe(deskPage.total);

    // Reception, then the transfer names the unit (A: and the specialist; B: the unit only).
    await act(a.dossierId, desk, { type: "RECEIVE" });
    await act(a.dossierId, desk, { type: "TRANSFER", unitId: financeUnit, assigneeUserId: specialist.userId });
    expect(await columns(a.dossierId)).toMatchObject({ userId: specialist.userId, unitId: financeUnit });
    await act(b.dossierId, desk, { type: "RECEIVE" });
    await act(b.dossierId, desk, { type: "TRANSFER", unitId: financeUnit });
    expect(await columns(b.dossierId)).toMatchObject({ userId: null, unitId: financeUnit });

    expect(await codesIn(specialist, "xu-ly")).toEqual(expect.arrayContaining([a.code, b.code]));
    // Deadline reminders go to the assigned officer, else to the officers of the unit.
    expect((await officersHolding(services, a.dossierId))!.officers.map((o) => o.fullName)).toEqual(["Lê Văn Cường"]);
    expect((await officersHolding(services, b.dossierId))!.officers.map((o) => o.fullName).sort()).toEqual(
      expect.arrayContaining(["Lê Văn Cường", "Nguyễn Thị Yến"]),
    );
    const second = await codesIn(specialist2, "xu-ly");
    expect(second).toContain(b.code);
    expect(second).not.toContain(a.code);
    expect(await codesIn(head, "chua-phan-cong")).toContain(b.code);
    expect(await codesIn(head, "trong-phong")).toContain(a.code);
    const headPage = await queue(head, "trong-phong");
    expect(headPage.tabs.map((t) => t.key)).toEqual(["xem-xet", "chua-phan-cong", "trong-phong", "sap-den-han", "qua-han", "da-xong"]);
    expect(headPage.rows.find((r) => r.code === a.code)).toMatchObject({ assignee: "Lê Văn Cường", unitName: "Phòng Tài chính - Kế hoạch huyện Đông Hưng" });

    // The unit head assigns B, then reassigns it; one event each, the columns follow the snapshot.
    await act(b.dossierId, head, { type: "ASSIGN", assigneeUserId: specialist2.userId });
    expect(await columns(b.dossierId)).toMatchObject({ userId: specialist2.userId, unitId: financeUnit });
    expect(await codesIn(specialist, "xu-ly")).not.toContain(b.code);
    await act(b.dossierId, head, { type: "ASSIGN", assigneeUserId: specialist.userId });
    expect(await columns(b.dossierId)).toMatchObject({ userId: specialist.userId });
    const notes = (await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, b.dossierId)))
      .filter((e) => e.action === "ASSIGN")
      .map((e) => e.note);
    expect(notes).toEqual(["Giao: Nguyễn Thị Yến — Phòng Tài chính - Kế hoạch huyện Đông Hưng", "Giao: Lê Văn Cường — Phòng Tài chính - Kế hoạch huyện Đông Hưng"]);

    // A goes to review (the unit carried over, nobody named), then back with a note.
    await act(a.dossierId, specialist, { type: "COMPLETE_STEP" });
    expect(await columns(a.dossierId)).toMatchObject({ userId: null, unitId: financeUnit });
    expect(await codesIn(head, "xem-xet")).toContain(a.code);
    expect(await codesIn(specialist, "xu-ly")).not.toContain(a.code);
    await act(a.dossierId, head, { type: "SEND_BACK", note: "Đề nghị kiểm tra lại vốn kinh doanh" }, "Đề nghị kiểm tra lại vốn kinh doanh");
    expect(await columns(a.dossierId)).toMatchObject({ userId: specialist.userId, unitId: financeUnit });
    const back = (await queue(specialist, "xu-ly")).rows.find((r) => r.code === a.code);
    expect(back?.cameBack).toBe("Bị trả lại: Đề nghị kiểm tra lại vốn kinh doanh");
    expect(back?.stepName).toBe("Thụ lý, thẩm định hồ sơ");

    // History: the desk acted on both.
    expect(await codesIn(desk, "da-xong")).toEqual(expect.arrayContaining([a.code, b.code]));
    // Overdue and due soon are read against the nearer of the step's and the dossier's due times.
    const [row] = await services.database.db.select().from(dossiers).where(eq(dossiers.id, a.dossierId));
    const later = new Date(row.dueAt!.getTime() + 30 * 86_400_000);
    expect(await codesIn(specialist, "qua-han", {}, later)).toContain(a.code);
    expect((await queue(specialist, "qua-han", {}, later)).rows.find((r) => r.code === a.code)?.stepRemaining?.tone).toBe("late");
    const justBefore = new Date(row.stepDueAt!.getTime() - 60_000);
    expect(await codesIn(specialist, "sap-den-han", {}, justBefore)).toContain(a.code);
    expect(await codesIn(specialist, "qua-han", {}, justBefore)).not.toContain(a.code);
    // The leader has nothing of these to sign; the specialist's other agency colleague sees none of them.
    expect(await codesIn(leader, "ky-duyet")).not.toContain(a.code);
    expect(await codesIn(otherSpecialist, "xu-ly")).not.toContain(b.code);
  });

  it("searches by code, name without diacritics, ID number and phone; filters and pages on the server", async () => {
    const c = await submitHouseholdBusiness(services, citizen);
    const search = (q: string) => codesIn(desk, "moi", { q });
    expect(await search(c.code)).toEqual([c.code]);
    expect(await search("nguyen van an")).toContain(c.code);
    expect(await search("NGUYỄN VĂN")).toContain(c.code);
    expect(await search("034090001234")).toContain(c.code);
    expect(await search("0912345678")).toContain(c.code);
    expect(await search("Trần Thị Không Có")).toEqual([]);
    expect(await search("100%_")).toEqual([]);
    expect(await codesIn(desk, "moi", { kenh: "1" })).toEqual([]);
    expect(await codesIn(desk, "moi", { kenh: "2" })).toContain(c.code);
    expect(await codesIn(desk, "moi", { "trang-thai": "4" })).toEqual([]);
    expect(await codesIn(desk, "moi", { "tu-ngay": "2000-01-01", "den-ngay": "2000-01-02" })).toEqual([]);
    const sorted = await codesIn(desk, "moi", { "sap-xep": "ma" });
    expect(sorted).toEqual([...sorted].sort());
    const page = await queue(desk, "moi", { q: "nguyen", trang: "99" });
    expect(page.pagination.page).toBe(page.pagination.pageCount);
    expect(page.filtered).toBe(true);
  });

  it("a dossier waiting for a supplement is in 'Chờ bổ sung'; once supplied it is back in 'to process' and says so", async () => {
    const d = await submitHouseholdBusiness(services, citizen);
    await act(d.dossierId, desk, { type: "RECEIVE" });
    await act(d.dossierId, desk, { type: "TRANSFER", unitId: financeUnit, assigneeUserId: specialist.userId });
    await act(d.dossierId, specialist, { type: "REQUEST_SUPPLEMENT", note: "Thiếu bản sao CCCD" });
    expect(await codesIn(specialist, "bo-sung")).toContain(d.code);
    expect(await codesIn(desk, "bo-sung")).toContain(d.code);
    expect(await codesIn(specialist, "xu-ly")).not.toContain(d.code);
    const waiting = (await queue(specialist, "bo-sung")).rows.find((r) => r.code === d.code)!;
    expect(waiting.remaining?.text).toBe("Tạm dừng tính thời gian");
    await act(d.dossierId, citizen, { type: "SUPPLEMENT_PROVIDED" });
    const row = (await queue(specialist, "xu-ly")).rows.find((r) => r.code === d.code);
    expect(row?.cameBack).toBe("Công dân đã bổ sung hồ sơ");
    expect(row?.assignee).toBe("Lê Văn Cường");
  });

  it("pages by twenty on the server, with links that keep the filters", async () => {
    for (let i = 0; i < 21; i++) await submitHouseholdBusiness(services, citizen);
    const first = await queue(desk, "moi", { q: "nguyen", "sap-xep": "ma" });
    expect(first.total).toBeGreaterThanOrEqual(21);
    expect(first.rows).toHaveLength(20);
    expect(first.pagination.next).toBe("/can-bo?hang=moi&q=nguyen&sap-xep=ma&trang=2");
    const second = await queue(desk, "moi", { q: "nguyen", "sap-xep": "ma", trang: "2" });
    expect(second.pagination.previous).toBe("/can-bo?hang=moi&q=nguyen&sap-xep=ma&trang=1");
    expect(second.rows.length).toBe(Math.min(20, first.total - 20));
    const codes = [...first.rows, ...second.rows].map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
    expect(first.tabs.find((t) => t.key === "moi")!.count).toBe(first.total);
  });

  it("reads unusable parameters as defaults, never as errors", () => {
    const q = parseQueueQuery(new URLSearchParams({ hang: "ky-duyet", kenh: "9", "trang-thai": "abc", "tu-ngay": "2026-02-30", trang: "-3", "sap-xep": "x" }), "specialist");
    expect(q).toMatchObject({ queue: "xu-ly", channel: null, status: null, from: null, page: 1, sort: "han" });
    expect(parseQueueQuery(new URLSearchParams({ hang: "da-xong" }), "desk").sort).toBe("nop-moi");
  });
});

describe(`claiming and assigning: who may name whom (${databaseKind})`, () => {
  it("refuses a claim for someone else, another agency, a foreign unit, a deactivated or foreign assignee", async () => {
    const d = await submitHouseholdBusiness(services, citizen);
    await act(d.dossierId, desk, { type: "RECEIVE" });
    await act(d.dossierId, desk, { type: "TRANSFER" });
    const before = await columns(d.dossierId);

    // A specialist claims only for herself and names no unit.
    expect(await statusOf(act(d.dossierId, specialist, { type: "ASSIGN", assigneeUserId: specialist2.userId }))).toBe(403);
    expect(await statusOf(act(d.dossierId, specialist, { type: "ASSIGN", assigneeUserId: specialist.userId, unitId: financeUnit }))).toBe(403);
    // An officer of another agency cannot even see it.
    expect(await statusOf(act(d.dossierId, otherSpecialist, { type: "ASSIGN", assigneeUserId: otherSpecialist.userId }))).toBe(404);
    // The unit head: not someone of another agency, not a unit of another agency, not outside her unit.
    expect(await statusOf(act(d.dossierId, head, { type: "ASSIGN", assigneeUserId: otherSpecialist.userId }))).toBe(403);
    expect(await statusOf(act(d.dossierId, leader, { type: "ASSIGN", assigneeUserId: otherSpecialist.userId }))).toBe(400);
    const [foreignUnit] = await services.database.db.select().from(agencies).where(eq(agencies.name, "Phòng Hành chính tư pháp"));
    expect(await statusOf(act(d.dossierId, leader, { type: "ASSIGN", unitId: foreignUnit.id }))).toBe(400);
    expect(await statusOf(act(d.dossierId, head, { type: "ASSIGN", unitId: otherUnit }))).toBe(403);
    // Nobody of the wrong role: the leader cannot be handed the specialist's step.
    expect(await statusOf(act(d.dossierId, leader, { type: "ASSIGN", assigneeUserId: leader.userId }))).toBe(400);
    expect(await columns(d.dossierId)).toEqual(before);

    // Deactivated: refused, and accepted again once active.
    await services.database.db.update(users).set({ active: false }).where(eq(users.id, specialist2.userId));
    expect(await statusOf(act(d.dossierId, head, { type: "ASSIGN", assigneeUserId: specialist2.userId }))).toBe(400);
    await services.database.db.update(users).set({ active: true }).where(eq(users.id, specialist2.userId));
    expect(await statusOf(act(d.dossierId, head, { type: "ASSIGN", assigneeUserId: specialist2.userId }))).toBe(200);

    // Held by someone: another specialist may not take it over by claiming; the leader may reassign across units.
    expect(await statusOf(act(d.dossierId, specialist, { type: "ASSIGN", assigneeUserId: specialist.userId }))).toBe(409);
    expect(await statusOf(act(d.dossierId, leader, { type: "ASSIGN", unitId: otherUnit, assigneeUserId: null }))).toBe(200);
    expect(await columns(d.dossierId)).toMatchObject({ unitId: otherUnit, userId: null });
    // Now in another unit: the finance specialist's claim is refused (she is not of that unit).
    expect(await statusOf(act(d.dossierId, specialist, { type: "ASSIGN", assigneeUserId: specialist.userId }))).toBe(400);
  });

  it("a hand-over naming a unit or a person outside the holding agency is refused and writes nothing", async () => {
    const d = await submitHouseholdBusiness(services, citizen);
    await act(d.dossierId, desk, { type: "RECEIVE" });
    const [foreignUnit] = await services.database.db.select().from(agencies).where(eq(agencies.name, "Phòng Hành chính tư pháp"));
    expect(await statusOf(act(d.dossierId, desk, { type: "TRANSFER", unitId: foreignUnit.id }))).toBe(400);
    expect(await statusOf(act(d.dossierId, desk, { type: "TRANSFER", assigneeUserId: otherSpecialist.userId }))).toBe(400);
    expect(await statusOf(act(d.dossierId, desk, { type: "TRANSFER", assigneeUserId: head.userId }))).toBe(400);
    expect((await columns(d.dossierId)).version).toBe(2);
  });
});

describe("time left, in Vietnamese", () => {
  const now = new Date("2026-03-02T03:00:00Z");
  it("counts days, hours and minutes to or past the due time", () => {
    expect(describeRemaining(new Date("2026-03-04T06:30:00Z"), now, false)).toEqual({ text: "Còn 2 ngày 3 giờ", tone: "ok" });
    expect(describeRemaining(new Date("2026-03-02T05:15:00Z"), now, false)).toEqual({ text: "Còn 2 giờ 15 phút", tone: "soon" });
    expect(describeRemaining(new Date("2026-03-02T02:15:00Z"), now, false)).toEqual({ text: "Quá hạn 45 phút", tone: "late" });
    expect(describeRemaining(new Date("2026-02-27T03:00:00Z"), now, false)).toEqual({ text: "Quá hạn 3 ngày", tone: "late" });
    expect(describeRemaining(new Date("2026-03-02T02:59:50Z"), now, false)).toEqual({ text: "Quá hạn 1 phút", tone: "late" });
    expect(describeRemaining(null, now, false).text).toBe("Chưa tính hạn");
    expect(describeRemaining(new Date("2026-03-01T00:00:00Z"), now, true).text).toBe("Tạm dừng tính thời gian");
  });
  it("links the first, last and nearby pages", () => {
    expect(pageLinks(1, 1)).toEqual([1]);
    expect(pageLinks(5, 10)).toEqual([1, null, 3, 4, 5, 6, 7, null, 10]);
    expect(pageLinks(2, 4)).toEqual([1, 2, 3, 4]);
  });
});
