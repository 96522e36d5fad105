/**
 * The periodic report end to end, at fixed instants (the test owns the clock): the scheduled job on
 * 1 December 2026 makes November's report, on 1 January 2027 December's and the fourth quarter's;
 * each is sealed (pdfsig, openssl cms -verify), prints the service's figures (pdftotext), and reaches
 * each active recipient of its frequency and scope through a real SMTP server on loopback, with the
 * PDF attached; a retried job makes no second report and no second mail.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile, copyFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTransaction } from "../../../db/client";
import { periodicReports, reportRecipients } from "../../../db/schema";
import { appendDossierEvent } from "../dossier-events.server";
import { formatReportCount, formatReportPercent } from "../../../signing";
import { actorOf, submitHouseholdBusiness } from "../../test-support/fixtures";
import { pdfsigReport, pdfText } from "../../test-support/pdf";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { startSmtpSink, type SmtpSink } from "../../test-support/smtp";
import { runPeriodicReportsJob } from "../job-handlers.server";
import { createMailer } from "../mail.server";
import { dispatchOutboxOnce } from "../outbox.server";
import { outboxSenders } from "../outbox-senders.server";
import { dashboardFigures } from "./dashboard.server";
import { agencySubtree, periodContaining, type ReportFilters } from "./filters.server";
import { periodsDue, reportPeriod, type PeriodicReport } from "./periodic-report.server";

const run = promisify(execFile);

const DEC_1 = new Date("2026-12-01T06:30:00+07:00");
const JAN_1 = new Date("2027-01-01T06:30:00+07:00");

let services: TestServices;
let sink: SmtpSink;
let dir: string;
let districtId: number;

const at = (iso: string) => new Date(iso).toISOString();

/** Moves a submitted dossier to a fixed state and fixed instants: the fixture of each case. */
async function place(
  dossierId: string,
  c: { agencyId: number; status: number; submittedAt: string; receivedAt?: string; dueAt?: string; returnedAt?: string },
) {
  await services.database.pool.query(
    `update dossiers set receiving_agency_id = $2, status = $3, submitted_at = $4, received_at = $5, due_at = $6, returned_at = $7 where id = $1`,
    [dossierId, c.agencyId, c.status, at(c.submittedAt), c.receivedAt ? at(c.receivedAt) : null, c.dueAt ? at(c.dueAt) : null, c.returnedAt ? at(c.returnedAt) : null],
  );
}

/** The apology (Mẫu 04) of a late dossier, as the event log records it, with its reason. */
async function apologise(dossierId: string, reason: string, occurredAt: string) {
  // Through the one module that writes history, inside a transaction, like every event.
  await withTransaction(services.database, (tx) =>
    appendDossierEvent(tx, {
      dossierId,
      actorUserId: null,
      actorRole: "leader",
      action: "APOLOGISE",
      fromState: "processing",
      toState: "processing",
      fromStatus: 4,
      toStatus: 4,
      note: reason,
      effects: [],
      occurredAt: new Date(at(occurredAt)),
    }),
  );
}

/** ByteRange and CMS of every signature, found by text search, independent of signing/verify.ts. */
function signaturesOf(pdf: Uint8Array): Array<{ signed: Buffer; cms: Buffer }> {
  const buf = Buffer.from(pdf);
  const text = buf.toString("latin1");
  const out: Array<{ signed: Buffer; cms: Buffer }> = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const [a, b, c, d] = m.slice(1).map(Number);
    const der = Buffer.from(text.slice(b + 1, c - 1), "hex");
    const length = forge.asn1.toDer(forge.asn1.fromDer(der.toString("latin1"), { parseAllBytes: false } as never)).length();
    out.push({ signed: Buffer.concat([buf.subarray(a, a + b), buf.subarray(c, c + d)]), cms: der.subarray(0, length) });
  }
  return out;
}

async function expectSealed(pdf: Uint8Array, name: string) {
  const report = await pdfsigReport(pdf);
  expect(report).toMatch(/Signature is Valid/);
  const signatures = signaturesOf(pdf);
  expect(signatures).toHaveLength(1);
  const ca = path.join(dir, "roots.pem");
  await writeFile(ca, services.signers.trustRootsPem.join("\n"));
  const data = path.join(dir, `${name}.bin`);
  const sig = path.join(dir, `${name}.p7s`);
  await writeFile(data, signatures[0].signed);
  await writeFile(sig, signatures[0].cms);
  const verified = spawnSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-content", data, "-CAfile", ca, "-purpose", "any", "-out", "/dev/null"], {
    encoding: "utf8",
  });
  expect(verified.status, verified.stderr).toBe(0);
  return report;
}

async function reportRow(frequency: "monthly" | "quarterly", start: string, agencyId: number | null): Promise<PeriodicReport> {
  const rows = await services.database.db.select().from(periodicReports);
  const row = rows.find((r) => r.frequency === frequency && r.periodStart === start && r.agencyId === agencyId);
  expect(row, `${frequency} ${start} ${agencyId}`).toBeDefined();
  return row!;
}

/** The figures the service computes for a period and scope, from the same rollup the report read. */
async function serviceFigures(kind: "month" | "quarter", start: string, agencyId: number | null) {
  const filters: ReportFilters = { period: periodContaining(kind, start), agencyId: null, field: null, level: null, procedureId: null, channel: null };
  const ids = agencyId === null ? null : await agencySubtree(services.reports.db, agencyId);
  return dashboardFigures(services.reports.db, ids, filters, services.config.timeZone);
}

/** Every count and indicator the report prints, as it prints them, found in pdftotext's text. */
async function expectFiguresPrinted(pdf: Uint8Array, figures: Awaited<ReturnType<typeof serviceFigures>>) {
  const text = await pdfText(pdf, { raw: true });
  const t = figures.totals;
  const n = formatReportCount;
  expect(text).toContain(
    `Trong kỳ có ${n(t.entered)} hồ sơ, trong đó đã tiếp nhận ${n(t.received)} hồ sơ; đã giải quyết ${n(t.resolved)} hồ sơ ` +
      `(trước hạn ${n(t.early)}, đúng hạn ${n(t.onTime)}, trễ hạn ${n(t.late)}); đang giải quyết ${n(t.inProgress)} hồ sơ, trong đó quá hạn ${n(t.overdueOpen)}.`,
  );
  expect(text).toContain(`Tổng số hồ sơ trong kỳ ${n(t.entered)}`);
  expect(text).toContain(`Rút hồ sơ ${n(t.withdrawn)}`);
  expect(text).toContain(`Từ chối tiếp nhận ${n(t.refused)}`);
  for (const v of figures.indicators) {
    expect(text).toContain(`${v.definition.formula}) ${n(v.numerator)} ${n(v.denominator)} ${formatReportPercent(v.percent)}`);
  }
  for (const a of figures.byAgency) {
    expect(text).toContain(`${n(a.totals.received)} ${n(a.totals.resolved)} ${n(a.totals.early)} ${n(a.totals.onTime)} ${n(a.totals.late)} ${n(a.totals.inProgress)} ${n(a.totals.overdueOpen)}`);
  }
  return text;
}

async function look(pdf: Uint8Array, name: string) {
  await mkdir("/tmp/shots", { recursive: true });
  const file = path.join(dir, `${name}.pdf`);
  await writeFile(file, pdf);
  await run("pdftoppm", ["-png", "-r", "60", file, path.join(dir, name)]);
  for (const png of (await readdir(dir)).filter((f) => f.startsWith(name) && f.endsWith(".png"))) {
    await copyFile(path.join(dir, png), path.join("/tmp/shots", `periodic-report-${png}`));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "motcua-periodic-"));
  sink = await startSmtpSink();
  services = await startTestServices({ mailer: createMailer({ smtpUrl: sink.url, from: "Một Cửa <no-reply@motcua.test>", outboxDir: "/nonexistent" }) });
  const citizen = await actorOf(services, "congdan");
  districtId = (await actorOf(services, "motcua.huyen")).agencyId;
  const departmentId = (await actorOf(services, "motcua.so")).agencyId;
  const submitted = [];
  for (let i = 0; i < 8; i++) submitted.push((await submitHouseholdBusiness(services, citizen)).dossierId);
  const [early, onTime, late, overdue, refused, withdrawn, decEarly, decOpen] = submitted;
  // November 2026, the district: one early, one on time, one late (with an apology), one open past due.
  await place(early, { agencyId: districtId, status: 10, submittedAt: "2026-11-02T08:00:00+07:00", receivedAt: "2026-11-03T09:00:00+07:00", dueAt: "2026-11-10T17:00:00+07:00", returnedAt: "2026-11-06T10:00:00+07:00" });
  await place(onTime, { agencyId: districtId, status: 10, submittedAt: "2026-11-04T08:00:00+07:00", receivedAt: "2026-11-04T09:00:00+07:00", dueAt: "2026-11-12T17:00:00+07:00", returnedAt: "2026-11-12T10:00:00+07:00" });
  await place(late, { agencyId: districtId, status: 10, submittedAt: "2026-11-05T08:00:00+07:00", receivedAt: "2026-11-05T09:00:00+07:00", dueAt: "2026-11-09T17:00:00+07:00", returnedAt: "2026-11-13T10:00:00+07:00" });
  await apologise(late, "Cần xác minh thực địa địa điểm kinh doanh", "2026-11-09T10:00:00+07:00");
  await place(overdue, { agencyId: districtId, status: 4, submittedAt: "2026-11-20T08:00:00+07:00", receivedAt: "2026-11-20T09:00:00+07:00", dueAt: "2026-11-25T17:00:00+07:00" });
  // November 2026, the department: one refused at reception, one withdrawn before it.
  await place(refused, { agencyId: departmentId, status: 3, submittedAt: "2026-11-10T08:00:00+07:00" });
  await place(withdrawn, { agencyId: departmentId, status: 7, submittedAt: "2026-11-11T08:00:00+07:00" });
  // December 2026, the department: one early, one in progress within its time.
  await place(decEarly, { agencyId: departmentId, status: 10, submittedAt: "2026-12-02T08:00:00+07:00", receivedAt: "2026-12-02T09:00:00+07:00", dueAt: "2026-12-09T17:00:00+07:00", returnedAt: "2026-12-04T10:00:00+07:00" });
  await place(decOpen, { agencyId: departmentId, status: 2, submittedAt: "2026-12-15T08:00:00+07:00", receivedAt: "2026-12-15T09:00:00+07:00", dueAt: "2027-01-20T17:00:00+07:00" });
  // The administrator's list: monthly province (active and inactive), quarterly province, monthly district.
  await services.database.db.insert(reportRecipients).values([
    { email: "vanphong.tinh@example.vn", name: "Văn phòng UBND tỉnh", agencyId: null, frequency: "monthly" },
    { email: "nghiviec@example.vn", name: "Cán bộ đã nghỉ việc", agencyId: null, frequency: "monthly", active: false },
    { email: "kiemsoat.tthc@example.vn", name: "Phòng Kiểm soát TTHC", agencyId: null, frequency: "quarterly" },
    { email: "vanphong.huyen@example.vn", name: "Văn phòng UBND huyện", agencyId: districtId, frequency: "monthly" },
  ]);
}, 120_000);

afterAll(async () => {
  await services?.dispose();
  await sink?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The report mails received since `from` (the applicants' own mails about their dossiers leave through the same outbox). */
const reportMails = (from = 0) => sink.received.slice(from).filter((m) => m.parsed.subject?.startsWith("[Một Cửa] Báo cáo"));
const recipientsOf = (from: number) => reportMails(from).flatMap((m) => m.to).sort();

describe(`periodic reports (${databaseKind})`, () => {
  it("knows which periods are due: the month before on the 1st, and the quarter before on the 1st of a quarter", () => {
    expect(periodsDue(DEC_1)).toEqual([reportPeriod("monthly", "2026-11-01")]);
    expect(periodsDue(JAN_1).map((p) => [p.frequency, p.start, p.end, p.title])).toEqual([
      ["monthly", "2026-12-01", "2026-12-31", "tháng 12/2026"],
      ["quarterly", "2026-10-01", "2026-12-31", "quý IV năm 2026"],
    ]);
    expect(periodsDue(new Date("2026-12-02T06:30:00+07:00"))).toEqual([]);
    // 00:30 on the 1st in Vietnam is still the 30th in UTC: the portal's zone decides.
    expect(periodsDue(new Date("2026-11-30T17:30:00Z")).map((p) => p.start)).toEqual(["2026-11-01"]);
  });

  it("makes November's report on 1 December, sealed, with the service's figures, and mails it to the active monthly recipients", async () => {
    const outcomes = await runPeriodicReportsJob(services, DEC_1, DEC_1);
    expect(outcomes.map((o) => [o.agencyId, o.created])).toEqual([
      [null, true],
      [districtId, true],
    ]);

    const province = await reportRow("monthly", "2026-11-01", null);
    expect(province).toMatchObject({ periodEnd: "2026-11-30", number: "1/BC-UBND" });
    expect(province.mailedAt?.toISOString()).toBe(DEC_1.toISOString());
    const pdf = await services.storage.get(province.sha256);
    expect(pdf.byteLength).toBe(province.size);
    const sig = await expectSealed(pdf, "province-2026-11");
    expect(sig).toContain("UBND tỉnh Thái Bình");

    const figures = await serviceFigures("month", "2026-11-01", null);
    // The fixture, counted by hand: 6 dossiers, 4 received, 3 resolved (1 early, 1 on time, 1 late), 1 open past due, 1 refused, 1 withdrawn.
    expect(figures.totals).toMatchObject({ entered: 6, received: 4, resolved: 3, early: 1, onTime: 1, late: 1, inProgress: 1, overdueOpen: 1, refused: 1, withdrawn: 1 });
    const text = await expectFiguresPrinted(pdf, figures);
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(text).toContain("Số: 1/BC-UBND");
    expect(text).toContain("Thái Bình, ngày 01 tháng 12 năm 2026");
    expect(text).toContain("BÁO CÁO Tình hình, kết quả giải quyết thủ tục hành chính tháng 11/2026");
    expect(text).toContain("từ ngày 01/11/2026 đến ngày 30/11/2026");
    expect(text).toContain("Cần xác minh thực địa địa điểm kinh doanh (1)");
    expect(text).toContain("Nơi nhận:");
    expect(text).toContain("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH");
    await look(pdf, "monthly-2026-11");

    const district = await reportRow("monthly", "2026-11-01", districtId);
    const districtPdf = await services.storage.get(district.sha256);
    await expectSealed(districtPdf, "district-2026-11");
    const districtFigures = await serviceFigures("month", "2026-11-01", districtId);
    expect(districtFigures.totals).toMatchObject({ entered: 4, received: 4, resolved: 3, refused: 0, withdrawn: 0 });
    await expectFiguresPrinted(districtPdf, districtFigures);

    // The mails leave through the outbox: one per active recipient of the frequency and scope.
    await dispatchOutboxOnce(services, outboxSenders(), { now: () => new Date(DEC_1.getTime() + 60_000) });
    expect(recipientsOf(0)).toEqual(["vanphong.huyen@example.vn", "vanphong.tinh@example.vn"]);
    const toProvince = reportMails().find((m) => m.to.includes("vanphong.tinh@example.vn"))!;
    expect(toProvince.parsed.subject).toBe("[Một Cửa] Báo cáo tình hình, kết quả giải quyết TTHC tháng 11/2026 — Toàn tỉnh");
    expect(toProvince.parsed.attachments).toHaveLength(1);
    expect(toProvince.parsed.attachments[0]).toMatchObject({ filename: "BaoCao-TTHC-2026-11.pdf", contentType: "application/pdf" });
    expect(Buffer.compare(toProvince.parsed.attachments[0].content, Buffer.from(pdf))).toBe(0);
    const toDistrict = reportMails().find((m) => m.to.includes("vanphong.huyen@example.vn"))!;
    expect(Buffer.compare(toDistrict.parsed.attachments[0].content, Buffer.from(districtPdf))).toBe(0);
  }, 120_000);

  it("makes no second report and no second mail when the job runs again", async () => {
    const before = sink.received.length;
    const outcomes = await runPeriodicReportsJob(services, DEC_1, new Date(DEC_1.getTime() + 5 * 60_000));
    expect(outcomes.map((o) => [o.created, o.queued])).toEqual([
      [false, 0],
      [false, 0],
    ]);
    expect(await services.database.db.select().from(periodicReports)).toHaveLength(2);
    await dispatchOutboxOnce(services, outboxSenders(), { now: () => new Date(DEC_1.getTime() + 10 * 60_000) });
    expect(reportMails(before)).toHaveLength(0);
  }, 60_000);

  it("on 1 January makes December's and the fourth quarter's reports, the quarter's figures summing both months", async () => {
    const before = sink.received.length;
    await runPeriodicReportsJob(services, JAN_1, JAN_1);
    const quarter = await reportRow("quarterly", "2026-10-01", null);
    expect(quarter.periodEnd).toBe("2026-12-31");
    expect(quarter.number).toMatch(/^\d+\/BC-UBND$/);
    const pdf = await services.storage.get(quarter.sha256);
    await expectSealed(pdf, "province-2026-Q4");
    const figures = await serviceFigures("quarter", "2026-10-01", null);
    // November's six and December's two; the December dossier still open is within its time.
    expect(figures.totals).toMatchObject({ entered: 8, received: 6, resolved: 4, early: 2, onTime: 1, late: 1, inProgress: 2, overdueOpen: 1 });
    const text = await expectFiguresPrinted(pdf, figures);
    expect(text).toContain("BÁO CÁO Tình hình, kết quả giải quyết thủ tục hành chính quý IV năm 2026");
    expect(text).toContain("Thái Bình, ngày 01 tháng 01 năm 2027");
    await look(pdf, "quarterly-2026-Q4");

    const december = await reportRow("monthly", "2026-12-01", null);
    await expectFiguresPrinted(await services.storage.get(december.sha256), await serviceFigures("month", "2026-12-01", null));

    await dispatchOutboxOnce(services, outboxSenders(), { now: () => new Date(JAN_1.getTime() + 60_000) });
    // December to the monthly recipients (province and district), the quarter to the quarterly one; never the inactive one.
    expect(recipientsOf(before)).toEqual(["kiemsoat.tthc@example.vn", "vanphong.huyen@example.vn", "vanphong.tinh@example.vn"]);
    const toQuarterly = reportMails(before).find((m) => m.to.includes("kiemsoat.tthc@example.vn"))!;
    expect(toQuarterly.parsed.subject).toContain("quý IV năm 2026");
    expect(Buffer.compare(toQuarterly.parsed.attachments[0].content, Buffer.from(pdf))).toBe(0);
    expect(sink.received.some((m) => m.to.includes("nghiviec@example.vn"))).toBe(false);
    expect(await services.database.db.select().from(periodicReports)).toHaveLength(5);
  }, 120_000);
});
