/**
 * Administration (issue 10, point 7): every change audited with before and after and no secrets;
 * accounts that are deactivated cannot sign in and lose their sessions; the last administrator is
 * kept; a bound certificate is enforced at signing; publishing a step list makes a new version for
 * new dossiers only; an agency's office hours move its due times; a mail template override is what
 * the applicant receives.
 */
import { readFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../db/demo-data";
import { adminAuditLog, agencies, dossiers, sessions, userRoles, users, workflowVersions } from "../../../db/schema";
import { ensureDevPki } from "../../../signing";
import { actorOf, HOUSEHOLD_BUSINESS, submitHouseholdBusiness } from "../../test-support/fixtures";
import { startSmtpSink, type SmtpSink } from "../../test-support/smtp";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { currentUser, login } from "../auth.server";
import { performDossierAction } from "../dossier-actions.server";
import { jobHandlers } from "../job-handlers.server";
import { QUEUES } from "../jobs.server";
import { createMailer } from "../mail.server";
import { saveMailTemplate } from "../mail-templates.server";
import { dispatchOutboxOnce } from "../outbox.server";
import { outboxSenders } from "../outbox-senders.server";
import { enforceBoundCertificates, SigningCertificateMismatch, type SignerDirectory } from "../signers.server";
import { saveCalendarDay } from "../calendar-admin.server";
import { parseOfficeHours, saveAgency, saveOfficeHours } from "./agencies.server";
import { listAuditEntries, REDACTED } from "./audit.server";
import { publishSteps, stepsFromForm, workflowDiagram } from "./procedures.server";
import {
  AdminInputError,
  bindCertificate,
  createUser,
  grantRole,
  resetPassword,
  setUnit,
  setUserActive,
  withdrawRole,
} from "./users.server";

let services: TestServices;
let smtp: SmtpSink;
let adminId: number;

beforeAll(async () => {
  smtp = await startSmtpSink();
  services = await startTestServices({ mailer: createMailer({ smtpUrl: smtp.url, from: "Một Cửa <no-reply@motcua.test>", outboxDir: "/nonexistent" }) });
  adminId = (await actorOf(services, "quantri")).userId;
});
afterAll(async () => {
  await services?.dispose();
  await smtp?.stop();
});

const request = (token?: string) => new Request("http://localhost:3000/", { headers: token ? { Cookie: token } : {} });
const noLimits = { beforeLogin: async () => {}, loginFailed: async () => {}, loginSucceeded: async () => {} } as unknown as Parameters<typeof login>[1];

async function signIn(username: string, password: string) {
  return login(services.database.db, noLimits, { username, password, clientIp: "127.0.0.1", secure: false });
}

async function lastAudit(entity: string) {
  const [row] = await services.database.db.select().from(adminAuditLog).where(eq(adminAuditLog.entity, entity)).orderBy(desc(adminAuditLog.id)).limit(1);
  return row;
}

async function agencyId(identifier: string) {
  const [row] = await services.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.identifier, identifier));
  return row.id;
}

async function unitId(name: string) {
  const [row] = await services.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.name, name));
  return row.id;
}

describe(`accounts (${databaseKind})`, () => {
  it("creates an officer with a typed password, audits it without the password, and she signs in", async () => {
    const created = await createUser(services, adminId, {
      username: "chuyenvien3.huyen",
      fullName: "Trần Thị Hoa",
      title: "Chuyên viên",
      email: "hoa@example.vn",
      phone: "0912000111",
      password: "mat-khau-du-dai-2026",
      generate: false,
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.generatedPassword).toBeNull();
    const dongHung = await agencyId("000.00.15.H54");
    await grantRole(services, adminId, created.value.id, "specialist", dongHung);
    await setUnit(services, adminId, created.value.id, await unitId("Phòng Tài chính - Kế hoạch huyện Đông Hưng"));

    const signedIn = await signIn("chuyenvien3.huyen", "mat-khau-du-dai-2026");
    expect(signedIn.ok && signedIn.user.role).toBe("specialist");

    const audit = await lastAudit("user");
    expect(audit).toMatchObject({ actorUserId: adminId, entityKey: "chuyenvien3.huyen", action: "set-unit" });
    expect(audit.before).toMatchObject({ unitId: null, roles: [`specialist@${dongHung}`] });
    expect(audit.after).toMatchObject({ unitId: expect.any(Number) });
    const all = await services.database.db.select().from(adminAuditLog).where(eq(adminAuditLog.entityKey, "chuyenvien3.huyen"));
    expect(all.map((a) => a.action)).toEqual(["create", "grant-role", "set-unit"]);
    expect(JSON.stringify(all)).not.toMatch(/argon2|mat-khau-du-dai/);
  });

  it("refuses a short password and a unit of another agency, keeping nothing", async () => {
    const short = await createUser(services, adminId, { username: "ngan.matkhau", fullName: "Mật Khẩu Ngắn", password: "ngan", generate: false });
    expect(short).toEqual({ ok: false, errors: { password: "Mật khẩu phải có ít nhất 12 ký tự." } });
    const [user] = await services.database.db.select().from(users).where(eq(users.username, "chuyenvien3.huyen"));
    await expect(setUnit(services, adminId, user.id, await unitId("Phòng Hành chính tư pháp"))).rejects.toThrow(AdminInputError);
  });

  it("a deactivated user cannot sign in and her open sessions end at once; a reset password ends them too", async () => {
    const generated = await createUser(services, adminId, { username: "tam.thoi", fullName: "Tài Khoản Tạm", generate: true });
    if (!generated.ok) throw new Error("not created");
    const password = generated.value.generatedPassword!;
    expect(password).toHaveLength(16);
    await grantRole(services, adminId, generated.value.id, "desk", await agencyId("000.00.15.H54"));
    const session = await signIn("tam.thoi", password);
    if (!session.ok) throw new Error("no session");
    const cookie = session.setCookie.split(";")[0];
    expect(await currentUser(services.database.db, request(cookie))).not.toBeNull();

    await setUserActive(services, adminId, generated.value.id, false);
    expect(await currentUser(services.database.db, request(cookie))).toBeNull();
    const [revoked] = await services.database.db.select().from(sessions).where(eq(sessions.userId, generated.value.id));
    expect(revoked.revokedAt).not.toBeNull();
    expect(await signIn("tam.thoi", password)).toMatchObject({ ok: false, status: 401 });

    await setUserActive(services, adminId, generated.value.id, true);
    const again = await signIn("tam.thoi", password);
    if (!again.ok) throw new Error("reactivated user cannot sign in");
    const { generatedPassword } = await resetPassword(services, adminId, generated.value.id, { generate: true });
    expect(await currentUser(services.database.db, request(again.setCookie.split(";")[0]))).toBeNull();
    expect((await signIn("tam.thoi", password)).ok).toBe(false);
    expect((await signIn("tam.thoi", generatedPassword!)).ok).toBe(true);
    const audit = await lastAudit("user");
    expect(audit.action).toBe("reset-password");
    expect(JSON.stringify(audit)).not.toContain(generatedPassword!);
  });

  it("an administrator cannot deactivate herself, and the last administrator keeps her account and role", async () => {
    await expect(setUserActive(services, adminId, adminId, false)).rejects.toThrow("Bạn không thể tự khóa tài khoản của mình.");
    const province = await agencyId("000.00.00.H54");
    const second = await createUser(services, adminId, { username: "quantri2", fullName: "Quản Trị Hai", password: "quan-tri-thu-hai-2026", generate: false });
    if (!second.ok) throw new Error("not created");
    await grantRole(services, adminId, second.value.id, "admin", province);
    // With a second administrator the first may lose her role; then the second is the last one.
    await withdrawRole(services, second.value.id, adminId, "admin", province);
    await expect(setUserActive(services, adminId, second.value.id, false)).rejects.toThrow("Không thể khóa quản trị viên cuối cùng");
    await expect(withdrawRole(services, second.value.id, second.value.id, "admin", province)).rejects.toThrow("quản trị viên cuối cùng");
    const held = await services.database.db.select().from(userRoles).where(and(eq(userRoles.userId, second.value.id), eq(userRoles.role, "admin")));
    expect(held).toHaveLength(1);
    // Give the demo administrator her role back for the other tests.
    await grantRole(services, second.value.id, adminId, "admin", province);
  });
});

describe(`signing certificate binding (${databaseKind})`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "motcua-bind-"));
  });
  afterAll(async () => dir && rm(dir, { recursive: true, force: true }));

  it("refuses a key whose certificate differs from the bound one, and signs with the bound one", async () => {
    const pki = await ensureDevPki(dir, [
      { id: "leader", name: "Hoàng Văn Đức", title: "Phó Chủ tịch", agency: "UBND huyện Đông Hưng" },
      { id: "other", name: "Người Khác", title: "Chuyên viên", agency: "UBND huyện Đông Hưng" },
    ]);
    const leader = await actorOf(services, "lanhdao.huyen");
    const inner: SignerDirectory = { trustRootsPem: [pki.rootCertPem], forUser: () => pki.loadSigner("leader"), forAgency: () => pki.loadSigner("other") };
    const directory = enforceBoundCertificates(inner, services.database);
    // Nothing bound: the key signs as before.
    await expect(directory.forUser(leader.userId)).resolves.toBeTruthy();

    await bindCertificate(services, adminId, leader.userId, await readFile(pki.people.other.certPath));
    await expect(directory.forUser(leader.userId)).rejects.toThrow(SigningCertificateMismatch);

    const info = await bindCertificate(services, adminId, leader.userId, await readFile(pki.people.leader.certPath));
    const signer = await directory.forUser(leader.userId);
    expect(info.subject).toContain("Hoàng Văn Đức");
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(signer.identity.name).toBe("Hoàng Văn Đức");
    const audit = await lastAudit("user");
    expect(audit).toMatchObject({ action: "bind-certificate", entityKey: "lanhdao.huyen" });
    expect((audit.after as Record<string, unknown>).signingCertificateSha256).toBe(info.sha256);
    // Leave the demo leader unbound: the demo signer directory of other tests has its own keys.
    await services.database.db.update(users).set({ signingCertificatePem: null, signingCertificateSha256: null }).where(eq(users.id, leader.userId));
  });

  it("refuses a private key uploaded as a certificate", async () => {
    const leader = await actorOf(services, "lanhdao.huyen");
    await expect(bindCertificate(services, adminId, leader.userId, Buffer.from("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))).rejects.toThrow("khóa bí mật");
  });
});

describe(`step lists and office hours (${databaseKind})`, () => {
  const form = (rows: Array<Record<string, string>>) => {
    const data = new FormData();
    rows.forEach((row, i) => Object.entries(row).forEach(([k, v]) => data.append(`step[${i}].${k}`, v)));
    return data;
  };

  it("publishes version 2 for new dossiers while a dossier in flight keeps version 1, with its diagram and audit", async () => {
    const citizen = await actorOf(services, "congdan");
    const desk = await actorOf(services, "motcua.huyen");
    const inFlight = await submitHouseholdBusiness(services, citizen);
    const parsed = stepsFromForm(
      form([
        { key: "examination", name: "Thụ lý, thẩm định hồ sơ", role: "specialist", amount: "1.5", unit: "workingDay", kind: "process" },
        { key: "verification", name: "Kiểm tra thực địa", role: "specialist", amount: "4", unit: "workingHour", kind: "process" },
        { key: "review", name: "Lãnh đạo phòng xem xét", role: "unitHead", amount: "0.5", unit: "workingDay", kind: "process" },
        { key: "approval", name: "Lãnh đạo UBND phê duyệt, ký số", role: "leader", amount: "0.5", unit: "workingDay", kind: "process" },
        { key: "", name: "", role: "specialist", amount: "", unit: "workingDay", kind: "process" },
      ]),
    );
    if (!parsed.ok) throw new Error(parsed.errors.join(" "));
    expect(parsed.steps.map((s) => s.key)).toEqual(["examination", "verification", "review", "approval"]);
    const diagram = workflowDiagram(HOUSEHOLD_BUSINESS, 2, parsed.steps);
    expect(diagram.mermaid).toContain("Kiểm tra thực địa");
    expect(diagram.states.find((s) => s.label.startsWith("Kiểm tra thực địa"))?.transitions.map((t) => t.event).join(" ")).toContain("Hoàn thành bước, chuyển bước tiếp");

    const { version } = await publishSteps(services, adminId, HOUSEHOLD_BUSINESS, parsed.steps);
    expect(version).toBe(2);
    const versionOf = async (dossierId: string) => {
      const [row] = await services.database.db
        .select({ version: workflowVersions.version })
        .from(dossiers)
        .innerJoin(workflowVersions, eq(workflowVersions.id, dossiers.workflowVersionId))
        .where(eq(dossiers.id, dossierId));
      return row.version;
    };
    expect(await versionOf(inFlight.dossierId)).toBe(1);
    const fresh = await submitHouseholdBusiness(services, citizen);
    expect(await versionOf(fresh.dossierId)).toBe(2);
    // Each dossier moves on its own version's steps: after examination, v1 goes to the unit head's
    // review, v2 to the new verification step.
    const specialist = await actorOf(services, "chuyenvien.huyen");
    const stepAfterExamination = async (dossierId: string) => {
      await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
      await performDossierAction(services, { dossierId, actor: desk, event: { type: "TRANSFER" } });
      await performDossierAction(services, {
        dossierId,
        actor: specialist,
        event: { type: "COMPLETE_STEP", draftResult: { title: "Giấy chứng nhận đăng ký hộ kinh doanh", fields: [{ label: "Tên hộ kinh doanh", value: "Tạp hoá An Bình" }] } },
      });
      const [row] = await services.database.db.select({ stepKey: dossiers.stepKey }).from(dossiers).where(eq(dossiers.id, dossierId));
      return row.stepKey;
    };
    expect(await stepAfterExamination(inFlight.dossierId)).toBe("review");
    expect(await stepAfterExamination(fresh.dossierId)).toBe("verification");

    const audit = await lastAudit("workflow");
    expect(audit).toMatchObject({ entityKey: HOUSEHOLD_BUSINESS, action: "publish", actorUserId: adminId });
    expect((audit.before as { version: number }).version).toBe(1);
    expect((audit.after as { version: number; steps: unknown[] }).steps).toHaveLength(4);

    const invalid = stepsFromForm(form([{ key: "fee", name: "Nộp phí", role: "citizen", amount: "1", unit: "workingDay", kind: "payment" }]));
    expect(invalid.ok).toBe(false);
  });

  it("an agency with Saturday-morning hours gets a different due time for the same reception", async () => {
    const citizen = await actorOf(services, "congdan");
    const desk = await actorOf(services, "motcua.huyen");
    const dongHung = await agencyId("000.00.15.H54");
    // Friday 6 March 2026, 10:00 in Vietnam; 1.001612 allows 3 working days (online: the same or shorter).
    const friday = new Date("2026-03-06T03:00:00Z");
    const receive = async () => {
      const { dossierId } = await submitHouseholdBusiness(services, citizen);
      await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" }, now: friday });
      const [row] = await services.database.db.select({ dueAt: dossiers.dueAt }).from(dossiers).where(eq(dossiers.id, dossierId));
      return row.dueAt!;
    };
    const byDefault = await receive();
    const hours = parseOfficeHours({ 1: "07:00-11:30, 13:30-17:00", 2: "07:00-11:30, 13:30-17:00", 3: "07:00-11:30, 13:30-17:00", 4: "07:00-11:30, 13:30-17:00", 5: "07:00-11:30, 13:30-17:00", 6: "07:30-11:30", 7: "" });
    await saveOfficeHours(services, adminId, dongHung, hours);
    const withSaturday = await receive();
    expect(withSaturday.getTime()).toBeLessThan(byDefault.getTime());
    await saveOfficeHours(services, adminId, dongHung, null);
    expect((await receive()).getTime()).toBe(byDefault.getTime());
    const audit = await lastAudit("officeHours");
    expect(audit).toMatchObject({ action: "reset", entityKey: "000.00.15.H54" });
    expect(() => parseOfficeHours({ 1: "07:00-11:30", 6: "11:30-07:00" })).toThrow("Thứ Bảy");
  });
});

describe(`agencies, calendar and audit view (${databaseKind})`, () => {
  it("adds a commune directly under the province (two levels), checks QCVN identifiers, and shows the differences", async () => {
    const province = await agencyId("000.00.00.H54");
    const base = { name: "UBND xã Thử Nghiệm", level: "commune" as const, kind: "government" as const, parentId: province, identifier: "099.00.00.H54", identifierIsSample: true, sealAppliedBy: "clerk" as const, active: true };
    const created = await saveAgency(services, adminId, null, base);
    expect(created.ok).toBe(true);
    expect(await saveAgency(services, adminId, null, { ...base, identifier: "H54-000" })).toMatchObject({ ok: false, errors: { identifier: expect.stringContaining("QCVN") } });
    expect(await saveAgency(services, adminId, null, { ...base, name: "Trùng mã" })).toMatchObject({ ok: false, errors: { identifier: expect.stringContaining("đã được dùng") } });
    // A province-level agency cannot sit under a commune.
    if (!created.ok) return;
    expect(await saveAgency(services, adminId, null, { ...base, identifier: "", level: "province", kind: "department", parentId: created.id })).toMatchObject({ ok: false, errors: { parentId: expect.any(String) } });
    await saveAgency(services, adminId, created.id, { ...base, active: false });
    const audit = await lastAudit("agency");
    expect(audit).toMatchObject({ action: "deactivate", entityKey: "099.00.00.H54" });

    await saveCalendarDay(services, { date: "2027-12-31", name: "Nghỉ thử", kind: "holiday" }, adminId);
    const page = await listAuditEntries(services, { entity: "agency", actor: String(adminId) });
    expect(page.entries[0].changes).toEqual([{ field: "active", before: "true", after: "false" }]);
    const calendar = await listAuditEntries(services, { entity: "calendar" });
    expect(calendar.entries[0]).toMatchObject({ entityKey: "2027-12-31", action: "create" });
  });

  it("never stores credentials in the audit, whatever a caller passes", async () => {
    const { recordAdminChange } = await import("./audit.server");
    const { withTransaction } = await import("../../../db/client");
    await withTransaction(services.database, (tx) =>
      recordAdminChange(tx, adminId, "partner", "thu", "create", null, { name: "Đối tác", webhookSecret: "whsec_abc", apiKey: "mcpk_x", note: "whsec_lọt" }),
    );
    const audit = await lastAudit("partner");
    expect(audit.after).toEqual({ name: "Đối tác", webhookSecret: REDACTED, apiKey: REDACTED, note: REDACTED });
  });
});

describe(`mail templates (${databaseKind})`, () => {
  it("a mail sent after the administrator's override uses it, filled in and escaped in HTML", async () => {
    const saved = await saveMailTemplate(services, adminId, {
      template: "submitted",
      language: "vi",
      subject: "Đã nhận hồ sơ {{procedure}}",
      body: "Kính báo {{applicantName}}: hồ sơ {{code}} đã được gửi <b>thành công</b>.\n\nHạn giải quyết: {{dueDate}}.",
    });
    expect(saved).toEqual({ ok: true });
    expect(await saveMailTemplate(services, adminId, { template: "submitted", language: "vi", subject: "Tiêu đề", body: "Có biến {{khong_co}} lạ ở đây." })).toMatchObject({ ok: false });

    const citizen = await actorOf(services, "congdan");
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const { rows } = await services.database.pool.query(`select data from pgboss.job where name = $1 and data->>'dossierId' = $2`, [QUEUES.issueDocument, dossierId]);
    for (const { data } of rows) await jobHandlers(services).issueDocument(data);
    const before = smtp.received.length;
    await dispatchOutboxOnce(services, outboxSenders(), { now: () => new Date(Date.now() + 60_000) });
    const mail = smtp.received.slice(before).find((m) => m.parsed.subject?.includes(code));
    expect(mail?.parsed.subject).toBe(`[Một Cửa Thái Bình] Đã nhận hồ sơ Đăng ký thành lập hộ kinh doanh — ${code}`);
    expect(mail?.parsed.text).toContain(`Kính báo Nguyễn Văn An: hồ sơ ${code} đã được gửi <b>thành công</b>.`);
    expect(mail?.parsed.html).toContain("&lt;b&gt;thành công&lt;/b&gt;");
    expect(mail?.parsed.html).not.toContain("<b>thành công</b>");
    const audit = await lastAudit("mailTemplate");
    expect(audit).toMatchObject({ entityKey: "submitted/vi", action: "create" });
    expect((audit.before as { subject: string }).subject).toBe("Hồ sơ đã được nộp trực tuyến");
  });
});

it("the demo administrator lands on the administration home", async () => {
  const { homeOf } = await import("../permissions.server");
  expect(homeOf("admin")).toBe("/quan-tri");
  expect((await signIn("quantri", DEMO_PASSWORD)).ok).toBe(true);
});
