/**
 * The workflow engine through the one path, on a real database: versions, liên thông between
 * agencies, apology, stop, withdrawal, a lapsed supplement deadline and the deadline scan.
 */
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachments, dossierEvents, dossierReminders, dossiers, procedures } from "../../db/schema";
import { verifyPdf } from "../../signing";
import type { WorkflowStep } from "../../workflows/dossier-machine";
import { actorOf, BIRTH_REGISTRATION, HOUSEHOLD_BUSINESS, JUDICIAL_RECORD, queuedApplicantMails, submitDemoDossier, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { pdfText } from "../test-support/pdf";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { scanDeadlines } from "./deadlines.server";
import { performDossierAction } from "./dossier-actions.server";
import { listInbox } from "./dossier-queries.server";
import { jobHandlers } from "./job-handlers.server";
import type { IssueDocumentJob } from "./jobs.server";
import { QUEUES } from "./jobs.server";
import { publishWorkflowVersion } from "./workflow-admin.server";
import { signAs } from "../test-support/signing";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, specialist: DemoActor, unitHead: DemoActor, leader: DemoActor, provinceSpecialist: DemoActor;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, unitHead, leader, provinceSpecialist] = await Promise.all(
    ["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen", "lanhdao.huyen", "chuyenvien.so"].map((u) => actorOf(services, u)),
  );
});
afterAll(async () => services?.dispose());

const row = async (id: string) => (await services.database.db.select().from(dossiers).where(eq(dossiers.id, id)))[0];
const actions = async (id: string) =>
  (await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, id)).orderBy(asc(dossierEvents.seq))).map((e) => e.action);
async function jobsFor(name: string, dossierId: string) {
  const { rows } = await services.database.pool.query(`select data from pgboss.job where name = $1 and data->>'dossierId' = $2`, [name, dossierId]);
  return rows.map((r: { data: unknown }) => r.data);
}
async function issuedPdfText(dossierId: string, kind: "apology" | "stopNotice" | "refusal"): Promise<string> {
  const [file] = await services.database.db.select().from(attachments).where(and(eq(attachments.dossierId, dossierId), eq(attachments.kind, kind)));
  expect(file, `${kind} attachment`).toBeDefined();
  const pdf = await services.storage.get(file.sha256);
  expect((await verifyPdf(pdf, { trustRoots: services.signers.trustRootsPem })).ok).toBe(true);
  return pdfText(pdf);
}
async function runIssueJobs(dossierId: string) {
  for (const job of (await jobsFor(QUEUES.issueDocument, dossierId)) as IssueDocumentJob[]) await jobHandlers(services).issueDocument(job);
}
const act = (dossierId: string, actor: DemoActor, event: Parameters<typeof performDossierAction>[1]["event"], extra: { note?: string; now?: Date } = {}) =>
  performDossierAction(services, { dossierId, actor, event, ...extra });

async function receivedAndTransferred() {
  const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
  await act(dossierId, desk, { type: "RECEIVE" });
  await act(dossierId, desk, { type: "TRANSFER" });
  return { dossierId, code };
}

describe(`workflow engine (${databaseKind})`, () => {
  it("apology: a new due time, Mẫu 04 signed by the officer, the applicant told", async () => {
    const { dossierId } = await receivedAndTransferred();
    const before = (await row(dossierId)).dueAt!;
    const newDueAt = new Date(before.getTime() + 3 * 86_400_000);
    await act(dossierId, specialist, { type: "APOLOGISE", newDueAt: newDueAt.toISOString(), reason: "Chờ xác minh địa điểm kinh doanh" }, { note: "Chờ xác minh địa điểm kinh doanh" });
    expect((await row(dossierId)).dueAt!.toISOString()).toBe(newDueAt.toISOString());
    expect(await queuedApplicantMails(services, dossierId)).toContain("apology");
    await runIssueJobs(dossierId);
    const text = await issuedPdfText(dossierId, "apology");
    expect(text).toContain("Chờ xác minh địa điểm kinh doanh");
    expect(text.toUpperCase()).toContain("XIN LỖI");
  });

  it("an apology cannot move the due time backwards", async () => {
    const { dossierId } = await receivedAndTransferred();
    const earlier = new Date((await row(dossierId)).dueAt!.getTime() - 3600_000);
    await expect(act(dossierId, specialist, { type: "APOLOGISE", newDueAt: earlier.toISOString(), reason: "x" })).rejects.toMatchObject({ status: 400 });
  });

  it("stop: status 8 with Mẫu 05; the citizen cannot withdraw a stopped dossier", async () => {
    const { dossierId } = await receivedAndTransferred();
    await act(dossierId, leader, { type: "STOP", reason: "Người đề nghị đã chết (hồ sơ thử)" }, { note: "Người đề nghị đã chết (hồ sơ thử)" });
    expect((await row(dossierId)).status).toBe(8);
    await runIssueJobs(dossierId);
    expect((await issuedPdfText(dossierId, "stopNotice")).toUpperCase()).toContain("DỪNG GIẢI QUYẾT");
    await expect(act(dossierId, citizen, { type: "WITHDRAW" })).rejects.toMatchObject({ status: 409 });
  });

  it("withdrawal by the citizen before a result exists", async () => {
    const { dossierId } = await receivedAndTransferred();
    await act(dossierId, citizen, { type: "WITHDRAW", reason: "Không còn nhu cầu" });
    expect((await row(dossierId))).toMatchObject({ status: 7, statePath: "withdrawn" });
  });

  it("a lapsed supplement deadline refuses the dossier; an early or stale job changes nothing", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const asked = new Date(Date.now() - 2 * 3600_000);
    const deadline = new Date(Date.now() - 3600_000).toISOString();
    await act(dossierId, desk, { type: "REQUEST_SUPPLEMENT", note: "Thiếu bản sao CCCD", deadline }, { note: "Thiếu bản sao CCCD", now: asked });
    const scheduled = (await jobsFor(QUEUES.supplementDeadline, dossierId)) as Array<{ deadline: string }>;
    expect(scheduled).toEqual([{ dossierId, deadline }]);
    await jobHandlers(services).supplementDeadline({ dossierId, deadline: "2020-01-01T00:00:00.000Z" }); // another round's job
    expect((await row(dossierId)).status).toBe(5);
    await jobHandlers(services).supplementDeadline({ dossierId, deadline });
    expect((await row(dossierId))).toMatchObject({ status: 3, statePath: "refused" });
    expect(await actions(dossierId)).toEqual(["SUBMIT", "REQUEST_SUPPLEMENT", "SUPPLEMENT_DEADLINE_LAPSED"]);
    await runIssueJobs(dossierId);
    expect((await issuedPdfText(dossierId, "refusal")).toUpperCase()).toContain("TỪ CHỐI");
  });

  it("liên thông: forwarded from the district to the province and back; both see it, only the holder acts", async () => {
    const liaisonSteps: WorkflowStep[] = [
      { key: "examination", name: "Thụ lý, thẩm định hồ sơ", role: "specialist", allowance: { amount: 1, unit: "workingDay" } },
      { key: "province", name: "Liên thông lấy ý kiến Sở Tư pháp", role: "specialist", kind: "forward", allowance: { amount: 1, unit: "workingDay" } },
      { key: "review", name: "Lãnh đạo phòng xem xét", role: "unitHead", allowance: { amount: 4, unit: "workingHour" } },
      { key: "approval", name: "Lãnh đạo UBND phê duyệt, ký số", role: "leader", allowance: { amount: 4, unit: "workingHour" } },
    ];
    const { dossierId: startedOnV1 } = await receivedAndTransferred();
    const { version } = await publishWorkflowVersion(services, HOUSEHOLD_BUSINESS, liaisonSteps);
    expect(version).toBe(2);

    const { dossierId, code } = await receivedAndTransferred();
    const province = String(provinceSpecialist.agencyId);
    await act(dossierId, specialist, { type: "FORWARD", targetAgency: province, note: "Đề nghị cho ý kiến" });
    expect((await row(dossierId)).statePath).toBe("processing.province");
    expect(await jobsFor(QUEUES.notifyOfficers, dossierId)).toEqual([{ dossierId, reminder: "forwarded", agencyId: provinceSpecialist.agencyId }]);

    const provinceUser = { ...provinceSpecialist, id: provinceSpecialist.userId, fullName: "", title: null, email: null, phone: null, idNumber: null, address: null, username: "chuyenvien.so" };
    expect((await listInbox(services, provinceUser)).map((d) => d.code)).toContain(code);
    const districtUser = { ...provinceUser, id: specialist.userId, agencyId: specialist.agencyId };
    expect((await listInbox(services, districtUser)).map((d) => d.code)).not.toContain(code);
    await expect(act(dossierId, specialist, { type: "FORWARD_RETURNED" })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("chỉ được xem"),
    });

    await act(dossierId, provinceSpecialist, { type: "FORWARD_RETURNED", note: "Sở Tư pháp thống nhất" });
    expect((await row(dossierId))).toMatchObject({ statePath: "processing.review" });
    await signAs(services, unitHead, dossierId, "REVIEW_SIGNED");
    await signAs(services, leader, dossierId, "APPROVE");
    expect(await actions(dossierId)).toEqual(["SUBMIT", "RECEIVE", "TRANSFER", "FORWARD", "FORWARD_RETURNED", "REVIEW_SIGNED", "APPROVE"]);

    // The dossier started before version 2 still runs on version 1: no forward step in its path.
    await act(startedOnV1, specialist, { type: "COMPLETE_STEP" });
    expect((await row(startedOnV1)).statePath).toBe("processing.review");
    expect((await row(startedOnV1)).snapshot.machineVersion).toBe(1);
    expect((await row(dossierId)).snapshot.machineVersion).toBe(2);
  });

  it("fee payment: status 6 with the clock stopped, the applicant asked to pay; the desk confirms and processing starts", async () => {
    const provinceDesk = await actorOf(services, "motcua.so");
    const { dossierId } = await submitDemoDossier(services, citizen, JUDICIAL_RECORD, {
      recordType: "Phiếu số 2",
      birthDate: "1990-05-01",
      birthPlace: "Đông Hưng, Thái Bình",
      purpose: "Bổ sung hồ sơ xin việc",
    });
    const monday = new Date("2026-11-23T02:00:00Z"); // 09:00
    await act(dossierId, provinceDesk, { type: "RECEIVE" }, { now: monday });
    await act(dossierId, provinceDesk, { type: "TRANSFER" }, { now: monday });
    const waiting = await row(dossierId);
    expect(waiting).toMatchObject({ status: 6, statePath: "processing.fee" });
    expect(waiting.pausedAt).not.toBeNull();
    expect(await queuedApplicantMails(services, dossierId)).toContain("feeRequested");
    await expect(act(dossierId, citizen, { type: "FEE_PAID" })).rejects.toMatchObject({ status: 409 });
    await act(dossierId, provinceDesk, { type: "FEE_PAID", reference: "BL-000123" }, { note: "Biên lai BL-000123", now: new Date("2026-11-23T03:00:00Z") });
    const paid = await row(dossierId);
    expect(paid).toMatchObject({ status: 4, statePath: "processing.examination", pausedAt: null });
    // One working hour waited for the fee moves the due time by exactly one hour.
    expect(paid.dueAt!.getTime() - waiting.dueAt!.getTime()).toBe(3600_000);
  });

  it("an online dossier runs on the procedure's shorter online allowance when it has one", async () => {
    await services.database.db
      .update(procedures)
      .set({ onlineAllowance: { amount: 1, unit: "workingDay" } })
      .where(eq(procedures.code, HOUSEHOLD_BUSINESS));
    try {
      const { dossierId } = await submitHouseholdBusiness(services, citizen);
      const monday = new Date("2026-11-23T02:00:00Z"); // 09:00, allowance 3 working days offline
      await act(dossierId, desk, { type: "RECEIVE" }, { now: monday });
      expect((await row(dossierId)).dueAt!.toISOString()).toBe("2026-11-24T02:00:00.000Z");
    } finally {
      await services.database.db.update(procedures).set({ onlineAllowance: null }).where(eq(procedures.code, HOUSEHOLD_BUSINESS));
    }
  });

  it("a commune birth registration ends with a signed Giấy khai sinh built from the checked draft", async () => {
    const [communeDesk, communeSpecialist, communeLeader] = await Promise.all(["motcua.xa", "tuphap.xa", "lanhdao.xa"].map((u) => actorOf(services, u)));
    const { dossierId } = await submitDemoDossier(services, citizen, BIRTH_REGISTRATION, {
      childName: "Nguyễn Minh Khôi",
      childBirthDate: "2026-11-10",
      childSex: "Nam",
      childBirthPlace: "Bệnh viện Đa khoa huyện Đông Hưng",
      childEthnicity: "Kinh",
      childNationality: "Việt Nam",
      motherName: "Trần Thị Mai",
      fatherName: "Nguyễn Văn An",
    });
    await act(dossierId, communeDesk, { type: "RECEIVE" });
    await act(dossierId, communeDesk, { type: "TRANSFER" });
    // The specialist corrects the place of birth while checking the draft.
    await act(dossierId, communeSpecialist, {
      type: "COMPLETE_STEP",
      draftResult: {
        title: "Giấy khai sinh",
        fields: [
          { label: "Họ, chữ đệm và tên của trẻ", value: "Nguyễn Minh Khôi", name: "childName" },
          { label: "Nơi sinh", value: "Bệnh viện Đa khoa tỉnh Thái Bình", name: "childBirthPlace" },
        ],
      },
    });
    await signAs(services, communeLeader, dossierId, "APPROVE");
    // The commune seals by the system, right after the chairwoman's signature (the sealResult job).
    const [sealJob] = (await jobsFor(QUEUES.sealResult, dossierId)) as Array<{ dossierId: string; eventId: number }>;
    expect(sealJob).toMatchObject({ dossierId });
    await jobHandlers(services).sealResult(sealJob);
    await jobHandlers(services).sealResult(sealJob); // a retry changes nothing
    expect(await actions(dossierId)).toEqual(["SUBMIT", "RECEIVE", "TRANSFER", "COMPLETE_STEP", "APPROVE", "SEAL"]);
    const [file] = await services.database.db.select().from(attachments).where(and(eq(attachments.dossierId, dossierId), eq(attachments.kind, "result")));
    const pdf = await services.storage.get(file.sha256);
    const report = await verifyPdf(pdf, { trustRoots: services.signers.trustRootsPem });
    expect(report.ok).toBe(true);
    expect(report.signatures.map((s) => s.signerName)).toEqual(["Bùi Thị Lan", "UBND xã Đông La"]); // no unit head at a commune
    const text = await pdfText(pdf, { raw: true });
    expect(text).toContain("GIẤY KHAI SINH");
    expect(text).toContain("NGUYỄN MINH KHÔI");
    expect(text).toContain("10/11/2026");
    expect(text).toContain("Bệnh viện Đa khoa tỉnh Thái Bình");
    expect(text).toContain("Trần Thị Mai");
  });

  it("the deadline scan records due-soon and overdue once per due time and reminds the officers holding the dossier", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const longAgo = new Date(Date.now() - 30 * 86_400_000);
    await act(dossierId, desk, { type: "RECEIVE" }, { now: longAgo });
    await act(dossierId, desk, { type: "TRANSFER" }, { now: longAgo });
    const first = await scanDeadlines(services);
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    expect(await actions(dossierId)).toEqual(["SUBMIT", "RECEIVE", "TRANSFER", "OVERDUE"]);
    expect(await jobsFor(QUEUES.notifyOfficers, dossierId)).toEqual([{ dossierId, reminder: "overdue" }]);
    await scanDeadlines(services);
    expect(await actions(dossierId)).toHaveLength(4);
    const reminders = await services.database.db.select().from(dossierReminders).where(eq(dossierReminders.dossierId, dossierId));
    expect(reminders.map((r) => r.kind)).toEqual(["overdue"]);
    // The next action still appends to the hash chain after the scan's event.
    await act(dossierId, specialist, { type: "REQUEST_SUPPLEMENT", note: "Bổ sung hợp đồng thuê địa điểm" });
    expect((await actions(dossierId)).at(-1)).toBe("REQUEST_SUPPLEMENT");
  });
});
