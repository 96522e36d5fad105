/**
 * Issue 12, the indicator page (Decision 766) and the public statistics: their values are the
 * indicators of the rollup's totals, the scope is the reader's (403 outside it), an empty denominator
 * is "no dossier" and never 0%, and the public page carries no personal data even when the dossiers
 * behind its figures have codes and applicants.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agencies, dossiers } from "../../../db/schema";
import { actorOf, JUDICIAL_RECORD, submitDemoDossier, submitHouseholdBusiness, type DemoActor } from "../../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { localDate } from "../../time";
import { performDossierAction } from "../dossier-actions.server";
import { reportTotals } from "./dashboard.server";
import { agencySubtree, parseReportFilters, ReportInputError } from "./filters.server";
import { INDICATOR_GROUPS, indicatorValues } from "./indicators.server";
import { indicatorPageModel } from "./indicator-page.server";
import { publicFigures, publicStatisticsModel } from "./public-statistics.server";
import { exportRequested, reportTableCsv } from "./report-tables.server";
import { refreshReportRollup } from "./rollup.server";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, provinceDesk: DemoActor;
let monitor: DemoActor, districtLeader: DemoActor, departmentLeader: DemoActor;
let month: string;
let submittedAt: Date;
const codes: string[] = [];
let ids: Record<"dongHung" | "justiceDept" | "province", number>;

const APPLICANT_NAME = "Nguyễn Văn An";
const APPLICANT_ID = "034090001234";

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, provinceDesk, monitor, districtLeader, departmentLeader] = await Promise.all(
    ["congdan", "motcua.huyen", "motcua.so", "giamsat", "lanhdao.huyen", "lanhdao.so"].map((u) => actorOf(services, u)),
  );
  ids = { dongHung: desk.agencyId, justiceDept: provinceDesk.agencyId, province: monitor.agencyId };
  // Two household businesses at the district (one received), one judicial record at the department.
  const first = await submitHouseholdBusiness(services, citizen);
  const second = await submitHouseholdBusiness(services, citizen);
  const third = await submitDemoDossier(services, citizen, JUDICIAL_RECORD, {
    recordType: "Phiếu số 2",
    birthDate: "1990-05-01",
    birthPlace: "Đông Hưng, Thái Bình",
    purpose: "Xin việc",
  });
  await performDossierAction(services, { dossierId: first.dossierId, actor: desk, event: { type: "RECEIVE" } });
  for (const s of [first, second, third]) {
    const [row] = await services.database.db.select().from(dossiers).where(eq(dossiers.id, s.dossierId));
    codes.push(row.code);
    submittedAt = row.submittedAt;
  }
  // The period the dossiers belong to, from their own instants: the test never depends on the day.
  month = localDate(submittedAt).slice(0, 7);
  await refreshReportRollup(services.database, { timeZone: "Asia/Ho_Chi_Minh", trigger: "test" });
});
afterAll(async () => services?.dispose());

const pageUrl = (query: string) => new URL(`http://localhost/giam-sat/chi-so?${query}`);
const statsUrl = (query: string) => new URL(`http://localhost/thong-ke?${query}`);
const asUser = (actor: DemoActor) => ({ role: actor.role, agencyId: actor.agencyId });

describe(`the indicator page (${databaseKind})`, () => {
  it("shows, for the province, every indicator of the rollup's totals, in Decision 766's group order, each number linked to its dossiers", async () => {
    const model = await indicatorPageModel(services.reports.db, asUser(monitor), pageUrl(`ky=month&gia-tri=${month}`), { now: submittedAt, language: "vi" });
    const filters = parseReportFilters(new URLSearchParams(`ky=month&gia-tri=${month}`), submittedAt);
    const totals = await reportTotals(services.reports.db, null, filters);
    expect(model.totals).toEqual(totals);
    expect(totals.entered).toBeGreaterThanOrEqual(3);
    expect(totals.received).toBeGreaterThanOrEqual(1);

    expect(model.groups.map((g) => g.group)).toEqual(INDICATOR_GROUPS.filter((g) => model.groups.some((m) => m.group === g)));
    expect(model.groups.map((g) => g.group)).toEqual([...INDICATOR_GROUPS]);
    const shown = model.groups.flatMap((g) => g.indicators);
    const expected = indicatorValues(totals);
    expect(shown.map((f) => [f.key, f.numerator, f.denominator.count, f.percent])).toEqual(
      expected.map((v) => [v.definition.key, v.numerator, v.denominator, v.percent]),
    );
    for (const f of shown) {
      expect(f.formula).toBe(expected.find((v) => v.definition.key === f.key)!.definition.formula);
      expect(f.denominator.href).toBe(`/giam-sat/ho-so?do-do=${f.denominator.measure}&ky=month&gia-tri=${month}`);
      for (const part of f.numeratorParts) expect(part.href).toBe(`/giam-sat/ho-so?do-do=${part.measure}&ky=month&gia-tri=${month}`);
      expect(f.numeratorParts.reduce((sum, p) => sum + p.count, 0)).toBe(f.numerator);
    }
    // No share passes 100%: a dossier waiting at the desk with its files is not yet a digitised received one.
    for (const f of shown) expect(f.numerator).toBeLessThanOrEqual(f.denominator.count);
    expect(shown.find((f) => f.key === "digitised")).toMatchObject({ numerator: totals.received, denominator: { count: totals.received }, percent: 100 });
    // Early + on time: each part its own list.
    expect(shown.find((f) => f.key === "onTime")!.numeratorParts.map((p) => p.measure)).toEqual(["early", "onTime"]);
    expect(model.asOfText).not.toBeNull();
    expect(model.scopeLabel).toBeTruthy();
  });

  it("says 'no dossier' for an empty denominator, never 0%, and no average rating without a rating", async () => {
    const model = await indicatorPageModel(services.reports.db, asUser(monitor), pageUrl(`ky=month&gia-tri=${month}`), { now: submittedAt, language: "vi" });
    const onTime = model.groups.flatMap((g) => g.indicators).find((f) => f.key === "onTime")!;
    expect(model.totals.resolved).toBe(0);
    expect(onTime.denominator.count).toBe(0);
    expect(onTime.percent).toBeNull();
    expect(model.rating.average).toBeNull();
    // The export leaves the value empty and says why in its subtitle.
    const csv = reportTableCsv(model.tables[0]);
    const row = csv.split("\r\n").find((line) => line.includes("trước hạn và đúng hạn"))!;
    expect(row.endsWith(`,"0","0",""`)).toBe(true);
    expect(model.tables[0].subtitle.join(" ")).toContain("chưa có hồ sơ");
    // A month without any dossier: every indicator is empty.
    const empty = await indicatorPageModel(services.reports.db, asUser(monitor), pageUrl("ky=month&gia-tri=2001-01"), { now: submittedAt, language: "vi" });
    expect(empty.groups.flatMap((g) => g.indicators).every((f) => f.percent === null)).toBe(true);
    expect(empty.tables[1].rows).toEqual([]);
  });

  it("for one agency (?co-quan) counts it and the agencies under it, and compares every agency of the scope", async () => {
    const query = `ky=month&gia-tri=${month}&co-quan=${ids.dongHung}`;
    const model = await indicatorPageModel(services.reports.db, asUser(monitor), pageUrl(query), { now: submittedAt, language: "vi" });
    const filters = parseReportFilters(new URLSearchParams(query), submittedAt);
    const totals = await reportTotals(services.reports.db, await agencySubtree(services.reports.db, ids.dongHung), filters);
    expect(model.agency?.id).toBe(ids.dongHung);
    expect(model.totals).toEqual(totals);
    expect(model.groups.flatMap((g) => g.indicators).map((f) => f.percent)).toEqual(indicatorValues(totals).map((v) => v.percent));
    const numerator = model.groups.flatMap((g) => g.indicators).find((f) => f.key === "digitised")!.numeratorParts[0];
    expect(numerator.href).toBe(`/giam-sat/ho-so?do-do=digitised&ky=month&gia-tri=${month}&co-quan=${ids.dongHung}`);

    // The comparison: one row per agency of the scope with dossiers, each as its own page counts it.
    const comparison = model.tables[1];
    const names = comparison.rows.map((r) => r[0]);
    const [dongHung] = await services.database.db.select().from(agencies).where(eq(agencies.id, ids.dongHung));
    const [justice] = await services.database.db.select().from(agencies).where(eq(agencies.id, ids.justiceDept));
    expect(names).toContain(dongHung.name);
    expect(names).toContain(justice.name);
    const justiceRow = comparison.rows[names.indexOf(justice.name)];
    const justicePage = await indicatorPageModel(services.reports.db, asUser(monitor), pageUrl(`ky=month&gia-tri=${month}&co-quan=${ids.justiceDept}`), {
      now: submittedAt,
      language: "vi",
    });
    expect(justiceRow[2]).toBe(justicePage.totals.entered);
    expect(justiceRow.slice(3, 3 + 9)).toEqual(indicatorValues(justicePage.totals).map((v) => v.percent));
    expect(comparison.links![names.indexOf(justice.name)][0]).toBe(`/giam-sat/chi-so?ky=month&gia-tri=${month}&co-quan=${ids.justiceDept}`);
  });

  it("keeps a leader to her agency: another agency is a 403, and an officer without a reports permission gets a 403", async () => {
    const own = await indicatorPageModel(services.reports.db, asUser(districtLeader), pageUrl(`ky=month&gia-tri=${month}`), { now: submittedAt, language: "vi" });
    const filters = parseReportFilters(new URLSearchParams(`ky=month&gia-tri=${month}`), submittedAt);
    expect(own.totals).toEqual(await reportTotals(services.reports.db, [ids.dongHung], filters));
    expect(own.tables[1].rows.map((r) => r[0])).toHaveLength(1);
    expect(own.agencyChoices.map((a) => a.id)).toEqual([ids.dongHung]);

    await expect(
      indicatorPageModel(services.reports.db, asUser(districtLeader), pageUrl(`co-quan=${ids.justiceDept}`), { now: submittedAt, language: "vi" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      indicatorPageModel(services.reports.db, asUser(departmentLeader), pageUrl(`co-quan=${ids.dongHung}`), { now: submittedAt, language: "vi" }),
    ).rejects.toBeInstanceOf(ReportInputError);
    await expect(indicatorPageModel(services.reports.db, asUser(desk), pageUrl(""), { now: submittedAt, language: "vi" })).rejects.toMatchObject({ status: 403 });
    await expect(indicatorPageModel(services.reports.db, asUser(citizen), pageUrl(""), { now: submittedAt, language: "vi" })).rejects.toMatchObject({ status: 403 });
    await expect(indicatorPageModel(services.reports.db, asUser(monitor), pageUrl("ky=month&gia-tri=2026-13"), { now: submittedAt, language: "vi" })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("exports each of its tables as CSV and XLSX, in English too", async () => {
    const url = pageUrl(`ky=month&gia-tri=${month}&xuat=csv&bang=so-sanh-co-quan`);
    const model = await indicatorPageModel(services.reports.db, asUser(monitor), url, { now: submittedAt, language: "en" });
    expect(model.groups[0].label).toBe("Transparency");
    expect(model.groups.flatMap((g) => g.indicators).find((f) => f.key === "onTime")!.formula).toBe("(Early + on time) ÷ resolved × 100%");
    const csv = await exportRequested(url, model.tables, model.periodSlug);
    expect(csv!.headers.get("content-type")).toContain("text/csv");
    expect(csv!.headers.get("content-disposition")).toContain(`so-sanh-co-quan-${month}.csv`);
    expect(await csv!.text()).toContain("Early or on time (%)");
    const xlsx = await exportRequested(pageUrl(`xuat=xlsx&bang=chi-so`), model.tables, model.periodSlug);
    expect(new Uint8Array(await xlsx!.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });
});

describe(`the public statistics (${databaseKind})`, () => {
  it("gives this year's figures by default, the province's and each agency's, from the rollup", async () => {
    const model = await publicStatisticsModel(services.reports.db, statsUrl(""), { now: submittedAt, language: "vi", provinceName: "Thái Bình" });
    expect(model.period.kind).toBe("year");
    expect(model.period.value).toBe(month.slice(0, 4));
    expect(model.period.label).toBe(`Năm ${month.slice(0, 4)} (đến nay)`);
    const filters = parseReportFilters(new URLSearchParams(`ky=year&gia-tri=${month.slice(0, 4)}`), submittedAt);
    const totals = await reportTotals(services.reports.db, null, filters);
    expect(model.figures).toEqual(publicFigures(totals));
    const onTime = model.figures.find((f) => f.key === "onTimeRate")!;
    expect(onTime).toMatchObject({ kind: "rate", denominator: 0, percent: null });
    const received = model.figures.find((f) => f.key === "received")!;
    expect(received).toMatchObject({ kind: "count", value: totals.received });
    const justice = model.byAgency.find((r) => r.agencyId === ids.justiceDept)!;
    expect(justice.figures.find((f) => f.key === "received")).toMatchObject({ value: 0 });
    expect(model.byAgency.map((r) => r.agencyId)).toContain(ids.dongHung);
    expect(model.tables.map((t) => t.key)).toEqual(["so-lieu-chinh", "theo-co-quan"]);
  });

  it("carries no dossier code, no applicant's name or number, and no link to a dossier, in the page or its exports", async () => {
    for (const language of ["vi", "en"] as const) {
      for (const query of ["", `ky=month&gia-tri=${month}`, `co-quan=${ids.dongHung}`]) {
        const model = await publicStatisticsModel(services.reports.db, statsUrl(query), { now: submittedAt, language, provinceName: "Thái Bình" });
        const text = JSON.stringify(model) + model.tables.map(reportTableCsv).join("");
        expect(model.figures.find((f) => f.key === "received")).toBeTruthy();
        for (const code of codes) expect(text).not.toContain(code);
        expect(text).not.toContain(APPLICANT_NAME);
        expect(text).not.toContain(APPLICANT_ID);
        expect(text).not.toContain("/ho-so");
        expect(model.tables.every((t) => t.links === undefined)).toBe(true);
      }
    }
  });

  it("reads only the period and the agency: other parameters change nothing, a closed or silent agency is refused", async () => {
    const plain = await publicStatisticsModel(services.reports.db, statsUrl(`ky=month&gia-tri=${month}`), { now: submittedAt, language: "vi", provinceName: "Thái Bình" });
    const noisy = await publicStatisticsModel(services.reports.db, statsUrl(`ky=month&gia-tri=${month}&thu-tuc=1&kenh=2&cap=commune&linh-vuc=x`), {
      now: submittedAt,
      language: "vi",
      provinceName: "Thái Bình",
    });
    expect(noisy.figures).toEqual(plain.figures);
    const options = { now: submittedAt, language: "vi" as const, provinceName: "Thái Bình" };
    await expect(publicStatisticsModel(services.reports.db, statsUrl("ky=custom&tu=2026-01&den=2026-02"), options)).rejects.toMatchObject({ status: 400 });
    await expect(publicStatisticsModel(services.reports.db, statsUrl("co-quan=999999"), options)).rejects.toMatchObject({ status: 400 });
    // An agency without a dossier is not offered and not answered.
    const silent = (await services.database.db.select().from(agencies)).find((a) => a.kind === "government" && a.level === "commune" && !plain.agencyChoices.some((c) => c.id === a.id))!;
    await expect(publicStatisticsModel(services.reports.db, statsUrl(`co-quan=${silent.id}`), options)).rejects.toMatchObject({ status: 400 });
    // A closed agency is neither, even with dossiers.
    await services.database.db.update(agencies).set({ active: false }).where(eq(agencies.id, ids.justiceDept));
    try {
      const model = await publicStatisticsModel(services.reports.db, statsUrl(""), options);
      expect(model.agencyChoices.map((a) => a.id)).not.toContain(ids.justiceDept);
      expect(model.byAgency.map((r) => r.agencyId)).not.toContain(ids.justiceDept);
      await expect(publicStatisticsModel(services.reports.db, statsUrl(`co-quan=${ids.justiceDept}`), options)).rejects.toMatchObject({ status: 400 });
    } finally {
      await services.database.db.update(agencies).set({ active: true }).where(eq(agencies.id, ids.justiceDept));
    }
    // One agency: its tree's figures.
    const dongHung = await publicStatisticsModel(services.reports.db, statsUrl(`co-quan=${ids.dongHung}`), options);
    const filters = parseReportFilters(new URLSearchParams(`ky=year&gia-tri=${month.slice(0, 4)}`), submittedAt);
    expect(dongHung.figures).toEqual(publicFigures(await reportTotals(services.reports.db, await agencySubtree(services.reports.db, ids.dongHung), filters)));
  });
});
