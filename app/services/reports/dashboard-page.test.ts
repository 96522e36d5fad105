/**
 * The monitoring dashboard's page model (issue 12): who sees what (a leader her agency, the
 * province's monitor everything), how bad input is answered (400/403 with a Vietnamese message), the
 * drill-down behind a figure, and that every download holds exactly the rows the page shows. The
 * hand-computed check of every figure lives in the lead's test; here dossiers are submitted through
 * the real path and counted as deltas, so the demo data's own dossiers do not matter.
 */
import ExcelJS from "exceljs";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../db/demo-data";
import { agencies, dossiers } from "../../../db/schema";
import { localDate } from "../../time";
import { actorOf, JUDICIAL_RECORD, submitDemoDossier, submitHouseholdBusiness, type DemoActor } from "../../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { currentUser, login, type SessionUser } from "../auth.server";
import { dashboardPageModel, drilldownPageModel, periodValueForKind, requestRollupRefresh, type DashboardModel, type DrilldownModel } from "./dashboard-page.server";
import { ReportInputError } from "./filters.server";
import { reportTableCsv, type ReportTable } from "./report-tables.server";
import { refreshReportRollup } from "./rollup.server";
import { loader as dashboardLoader } from "../../routes/giam-sat._index";
import { loader as drilldownLoader } from "../../routes/giam-sat.ho-so";
import { loader as drilldownDownloadLoader } from "../../routes/giam-sat.ho-so_.tai";
import { loader as downloadLoader } from "../../routes/giam-sat.tai";

let services: TestServices;
let citizen: DemoActor;
let monitor: SessionUser, districtLeader: SessionUser, desk: SessionUser;
let districtId: number, justiceId: number;
/** The month the test's dossiers were submitted in ('YYYY-MM'), from the database's own clock. */
let month: string;
const submitted: string[] = [];

const cookies = new Map<string, string>();

async function sessionUser(username: string): Promise<SessionUser> {
  const signedIn = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.91", secure: false });
  if (!signedIn.ok) throw new Error(username);
  cookies.set(username, signedIn.setCookie.split(";")[0]);
  const request = new Request("http://localhost/", { headers: { Cookie: cookies.get(username)! } });
  return (await currentUser(services.database.db, request))!;
}

const refresh = () => refreshReportRollup(services.database, { timeZone: services.config.timeZone, trigger: "test" });

async function dashboard(user: SessionUser, query: string): Promise<DashboardModel> {
  const result = await dashboardPageModel({ services, user, url: new URL(`http://localhost/giam-sat?${query}`), now: new Date(), language: "vi" });
  if (!("model" in result)) throw new Error("expected the page, got a download");
  return result.model;
}

async function dashboardExport(user: SessionUser, query: string): Promise<Response> {
  const result = await dashboardPageModel({ services, user, url: new URL(`http://localhost/giam-sat?${query}`), now: new Date(), language: "vi" });
  if (!("exportResponse" in result)) throw new Error("expected a download");
  return result.exportResponse;
}

async function list(user: SessionUser, query: string): Promise<DrilldownModel> {
  const result = await drilldownPageModel({ services, user, url: new URL(`http://localhost/giam-sat/ho-so?${query}`), now: new Date(), language: "vi" });
  if (!("model" in result)) throw new Error("expected the page");
  return result.model;
}

const count = (model: DashboardModel, measure: string) => model.counts.find((c) => c.measure === measure)!.value;
const table = (model: DashboardModel, key: string) => model.tables.find((t) => t.key === key)!;

async function rejection(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ReportInputError) return { status: error.status, message: error.message };
    if (error instanceof Response) return { status: error.status, message: await error.text() };
    throw error;
  }
  throw new Error("expected a rejection");
}

/** The rows of a sheet below its title, subtitle and header, as the page's cells. */
async function xlsxRows(bytes: ArrayBuffer, tableShape: ReportTable): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes);
  const sheet = workbook.worksheets[0];
  const first = tableShape.subtitle.length + 4;
  const rows: unknown[][] = [];
  for (let r = first; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(tableShape.columns.map((_, i) => row.getCell(i + 1).value ?? null));
  }
  return rows;
}

let before: { monitor: DashboardModel; leader: DashboardModel };
let beforeFirstRefresh: DashboardModel;

beforeAll(async () => {
  services = await startTestServices();
  citizen = await actorOf(services, "congdan");
  // One after another: each sign-in's cookie is kept for the route tests.
  monitor = await sessionUser("giamsat");
  districtLeader = await sessionUser("lanhdao.huyen");
  desk = await sessionUser("motcua.huyen");
  districtId = districtLeader.agencyId;
  justiceId = (await actorOf(services, "lanhdao.so")).agencyId;
  month = localDate(new Date()).slice(0, 7);
  // Before the first rebuild (no worker runs in tests) the page says the figures are being computed.
  beforeFirstRefresh = await dashboard(monitor, "");
  await refresh();
  const query = `ky=custom&tu=${month}&den=${month}`;
  before = { monitor: await dashboard(monitor, query), leader: await dashboard(districtLeader, query) };
  for (let i = 0; i < 2; i++) submitted.push((await submitHouseholdBusiness(services, citizen)).code);
  submitted.push(
    (
      await submitDemoDossier(services, citizen, JUDICIAL_RECORD, {
        recordType: "Phiếu số 2",
        birthDate: "1990-05-01",
        birthPlace: "Đông Hưng, Thái Bình",
        purpose: "Xin việc",
      })
    ).code,
  );
  // Read the month back from the dossiers: the cohort is decided by the database's instants.
  const rows = await services.database.db.select({ submittedAt: dossiers.submittedAt, agency: dossiers.receivingAgencyId }).from(dossiers).where(inArray(dossiers.code, submitted));
  expect(new Set(rows.map((r) => localDate(r.submittedAt).slice(0, 7)))).toEqual(new Set([month]));
  expect(rows.map((r) => r.agency).sort()).toEqual([districtId, districtId, justiceId].sort());
  await refresh();
});
afterAll(async () => services?.dispose());

describe(`monitoring dashboard page model (${databaseKind})`, () => {
  const query = () => `ky=custom&tu=${month}&den=${month}`;

  it("the province's monitor sees every agency; the district leader only hers", async () => {
    const all = await dashboard(monitor, query());
    const own = await dashboard(districtLeader, query());
    expect(count(all, "entered") - count(before.monitor, "entered")).toBe(3);
    expect(count(all, "awaiting") - count(before.monitor, "awaiting")).toBe(3);
    expect(count(own, "entered") - count(before.leader, "entered")).toBe(2);
    expect(all.scopeLabel).not.toBe(own.scopeLabel);
    // The leader's agency choice is hers alone; the monitor's lists every agency.
    const [district] = await services.database.db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, districtId));
    expect(own.choices.agencies).toEqual([expect.objectContaining({ id: districtId, name: district.name })]);
    expect(all.choices.agencies.map((a) => a.id)).toEqual(expect.arrayContaining([districtId, justiceId]));
    expect(table(own, "theo-co-quan").rows.map((r) => r[0])).toEqual([district.name]);
    expect(table(all, "theo-co-quan").rows.length).toBeGreaterThanOrEqual(2);
    // The monitor narrowing to the district, its own desk only (cấp huyện), sees what the leader sees.
    const narrowed = await dashboard(monitor, `${query()}&co-quan=${districtId}&cap=district`);
    expect(narrowed.counts.map((c) => c.value)).toEqual(own.counts.map((c) => c.value));
    expect(all.canRefresh).toBe(true);
    expect(own.canRefresh).toBe(false);
    expect(all.age.asOf).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    expect(all.age.separate).toBe(false);
  });

  it("refuses an agency outside the reader's scope (403), a reader without the permission (403), and bad filters (400)", async () => {
    expect(await rejection(dashboard(districtLeader, `${query()}&co-quan=${justiceId}`))).toEqual({ status: 403, message: "Cơ quan này nằm ngoài phạm vi bạn được xem." });
    expect(await rejection(list(districtLeader, `${query()}&do-do=entered&don-vi=${justiceId}`))).toMatchObject({ status: 403 });
    expect(await rejection(dashboard(desk, query()))).toEqual({ status: 403, message: "Bạn không có quyền xem số liệu theo dõi, báo cáo." });
    expect(await rejection(dashboard(monitor, "ky=tuan"))).toMatchObject({ status: 400, message: expect.stringContaining("Loại kỳ báo cáo không hợp lệ") });
    expect(await rejection(dashboard(monitor, "ky=month&gia-tri=2026-13"))).toMatchObject({ status: 400, message: expect.stringContaining("Tháng không hợp lệ") });
    expect(await rejection(dashboard(monitor, "ky=custom&tu=2026-06&den=2026-01"))).toMatchObject({ status: 400 });
    expect(await rejection(dashboard(monitor, `${query()}&kenh=9`))).toEqual({ status: 400, message: "Kênh nộp không hợp lệ." });
    expect(await rejection(dashboard(monitor, `${query()}&xuat=pdf&bang=so-lieu`))).toMatchObject({ status: 400, message: expect.stringContaining("Định dạng xuất") });
    expect(await rejection(dashboard(monitor, `${query()}&xuat=csv&bang=khong-co`))).toMatchObject({ status: 400 });
    expect(await rejection(list(monitor, `${query()}&do-do=khong-co`))).toEqual({ status: 400, message: "Số liệu cần xem không hợp lệ." });
    expect(await rejection(list(monitor, `${query()}&do-do=entered&trang=0`))).toMatchObject({ status: 400 });
    expect(await rejection(requestRollupRefresh(services, districtLeader))).toMatchObject({ status: 403 });
  });

  it("every figure links to its drill-down, whose count is the figure and whose rows are the dossiers", async () => {
    const own = await dashboard(districtLeader, query());
    for (const figure of own.counts) {
      const drilled = await list(districtLeader, figure.href.split("?")[1]);
      expect([figure.measure, drilled.total]).toEqual([figure.measure, figure.value]);
    }
    const awaiting = await list(districtLeader, own.counts.find((c) => c.measure === "awaiting")!.href.split("?")[1]);
    expect(awaiting.rows.map((r) => r.code)).toEqual(expect.arrayContaining(submitted.slice(0, 2)));
    expect(awaiting.rows.map((r) => r.code)).not.toContain(submitted[2]);
    expect(awaiting.measureLabel).toBe("Chờ tiếp nhận");
    // A breakdown row drills down to exactly its agency.
    const all = await dashboard(monitor, query());
    const byAgency = table(all, "theo-co-quan");
    const justiceRow = byAgency.rows.findIndex((_, r) => byAgency.links![r][2]!.includes(`don-vi=${justiceId}`));
    const justice = await list(monitor, byAgency.links![justiceRow][2]!.split("?")[1]);
    expect(justice.total).toBe(byAgency.rows[justiceRow][2]);
    expect(justice.rows.map((r) => r.code)).toContain(submitted[2]);
    // The shares link their numerator and denominator.
    const online = all.shares.find((s) => s.key === "online")!;
    expect(online.numeratorLinks.map((l) => new URL(l.href, "http://x").searchParams.get("do-do"))).toEqual(["onlinePartial", "onlineFull"]);
    expect((await list(monitor, online.denominatorHref.split("?")[1])).total).toBe(online.denominator);
  });

  it("downloads every table as CSV (with a byte-order mark) and XLSX with the rows the page shows", async () => {
    const all = await dashboard(monitor, query());
    for (const shown of all.tables) {
      const csv = await dashboardExport(monitor, `${all.search}&xuat=csv&bang=${shown.key}`);
      expect(csv.headers.get("Content-Type")).toContain("text/csv");
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await csv.arrayBuffer());
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text).toBe(reportTableCsv(shown));
      expect(text.split("\r\n").length).toBe(shown.rows.length + 2);
      const xlsx = await dashboardExport(monitor, `${all.search}&xuat=xlsx&bang=${shown.key}`);
      expect(xlsx.headers.get("Content-Disposition")).toContain(`${shown.key}-${month}`);
      expect(await xlsxRows(await xlsx.arrayBuffer(), shown)).toEqual(shown.rows);
    }
  });

  it("downloads the whole drill-down selection, not only the page", async () => {
    const result = await drilldownPageModel({
      services,
      user: districtLeader,
      url: new URL(`http://localhost/giam-sat/ho-so?${query()}&do-do=entered&trang=1&xuat=xlsx`),
      now: new Date(),
      language: "vi",
    });
    if (!("exportResponse" in result)) throw new Error("expected a download");
    const page = await list(districtLeader, `${query()}&do-do=entered`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await result.exportResponse.arrayBuffer());
    const codes: string[] = [];
    workbook.worksheets[0].eachRow((row, r) => {
      if (r > 6) codes.push(String(row.getCell(1).value));
    });
    expect(codes.length).toBe(page.total);
    expect(codes).toEqual(expect.arrayContaining(submitted.slice(0, 2)));
    const csv = await drilldownPageModel({ services, user: districtLeader, url: new URL(`http://localhost/giam-sat/ho-so?${query()}&do-do=entered&xuat=csv`), now: new Date(), language: "vi" });
    if (!("exportResponse" in csv)) throw new Error("expected a download");
    const text = await csv.exportResponse.text();
    expect(text.split("\r\n").filter(Boolean).length).toBe(page.total + 1);
  });

  it("reads the form's one period value as the period of the chosen kind that contains it", async () => {
    const read = (q: string) => periodValueForKind(new URLSearchParams(q)).get("gia-tri");
    expect(read("ky=year&gia-tri=2026-12")).toBe("2026");
    expect(read("ky=quarter&gia-tri=2026-11")).toBe("2026-Q4");
    expect(read("ky=month&gia-tri=2026-Q2")).toBe("2026-04");
    expect(read("ky=month&gia-tri=2026-13")).toBe("2026-13");
    expect((await dashboard(monitor, "ky=year&gia-tri=2026-12")).periodLabel).toBe("Năm 2026");
  });

  it("the routes: sign-in redirect, 403 without the permission, downloads from the resource routes", async () => {
    const call = async (loader: (args: never) => Promise<Response>, path: string, username: string | null) => {
      const request = new Request(`http://localhost:3000${path}`, { headers: username ? { Cookie: cookies.get(username)! } : {} });
      try {
        return await loader({ request, params: {}, context: { services } } as never);
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const anonymous = await call(dashboardLoader, `/giam-sat?${query()}`, null);
    expect([anonymous.status, anonymous.headers.get("Location")]).toEqual([302, `/dang-nhap?redirectTo=${encodeURIComponent(`/giam-sat?${query()}`)}`]);
    expect((await call(dashboardLoader, "/giam-sat", "motcua.huyen")).status).toBe(403);
    expect((await call(dashboardLoader, "/giam-sat", "giamsat")).status).toBe(200);
    expect((await call(dashboardLoader, "/giam-sat", "lanhdao.huyen")).status).toBe(200);
    const moved = await call(dashboardLoader, `/giam-sat?${query()}&xuat=csv&bang=so-lieu`, "giamsat");
    expect([moved.status, moved.headers.get("Location")]).toEqual([302, `/giam-sat/tai?${query()}&xuat=csv&bang=so-lieu`]);
    const file = await call(downloadLoader, `/giam-sat/tai?${query()}&xuat=csv&bang=so-lieu`, "giamsat");
    expect([file.status, file.headers.get("Content-Type")]).toEqual([200, "text/csv; charset=utf-8"]);
    expect((await call(downloadLoader, `/giam-sat/tai?${query()}&xuat=csv&bang=so-lieu`, "motcua.huyen")).status).toBe(403);
    const list = await call(drilldownDownloadLoader, `/giam-sat/ho-so/tai?${query()}&do-do=late&xuat=xlsx`, "lanhdao.huyen");
    expect(list.status).toBe(200);
    expect((await call(drilldownLoader, `/giam-sat/ho-so?${query()}&do-do=khong-co`, "giamsat")).status).toBe(400);
  });

  it("shows the data's age, 'being computed' before the first rebuild, and a replica's lag", async () => {
    expect(beforeFirstRefresh.age.asOf).toBeNull();
    expect(table(beforeFirstRefresh, "so-lieu").subtitle).toContain("Số liệu đang được tính lần đầu; vui lòng quay lại sau ít phút.");
    expect(count(beforeFirstRefresh, "entered")).toBe(0);
    // Reports read from a replica: the page shows how far it lags (the replica itself is the lead's test).
    const replica = { ...services, reports: { ...services.reports, separate: true, lagSeconds: async () => 3.4 } };
    const result = await dashboardPageModel({ services: replica, user: monitor, url: new URL(`http://localhost/giam-sat?${query()}`), now: new Date(), language: "vi" });
    if (!("model" in result)) throw new Error("expected the page");
    expect(result.model.age).toMatchObject({ separate: true, lagSeconds: 3 });
  });

  it("queues a rebuild when the monitor asks for one", async () => {
    await expect(requestRollupRefresh(services, monitor)).resolves.toBeUndefined();
  });
});
