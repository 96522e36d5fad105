/**
 * The permission matrix of the administration pages (issue 10): every /quan-tri route refuses each
 * non-administrator role with 403 and sends an anonymous visitor to sign in, for the page and for a
 * forged POST alike, and a refused POST changes nothing (no audit row, no account). The
 * administrator gets every page.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../db/demo-data";
import { adminAuditLog, users } from "../../../db/schema";
import * as adminHome from "../../routes/quan-tri._index";
import * as auditLog from "../../routes/quan-tri.nhat-ky";
import * as agencyTree from "../../routes/quan-tri.co-quan._index";
import * as agencyPage from "../../routes/quan-tri.co-quan.$id";
import * as userList from "../../routes/quan-tri.nguoi-dung._index";
import * as userPage from "../../routes/quan-tri.nguoi-dung.$id";
import * as procedureList from "../../routes/quan-tri.thu-tuc._index";
import * as procedurePage from "../../routes/quan-tri.thu-tuc.$code._index";
import * as stepList from "../../routes/quan-tri.thu-tuc.$code.quy-trinh";
import * as mailTemplates from "../../routes/quan-tri.mau-thu";
import * as holidays from "../../routes/quan-tri.ngay-nghi";
import * as partners from "../../routes/quan-tri.doi-tac";
import * as failedJobs from "../../routes/quan-tri.tac-vu-loi";
import * as partnerSync from "../../routes/quan-tri.dong-bo";
import * as periodicReportsPage from "../../routes/quan-tri.bao-cao-dinh-ky";
import * as periodicReportDownload from "../../routes/quan-tri.bao-cao-dinh-ky.tai-ve.$id";
import { actorOf } from "../../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { login } from "../auth.server";

let services: TestServices;
let leaderId: number;
let dongHungId: number;
beforeAll(async () => {
  services = await startTestServices();
  leaderId = (await actorOf(services, "lanhdao.huyen")).userId;
  dongHungId = (await actorOf(services, "motcua.huyen")).agencyId;
});
afterAll(async () => services?.dispose());

type RouteModule = { loader?: (args: never) => Promise<Response>; action?: (args: never) => Promise<Response> };

/** Each route, where it lives, and a forged POST that would change something if it were let through. */
const ROUTES = (): Array<{ name: string; module: RouteModule; path: string; params: Record<string, string>; forged?: Record<string, string> }> => [
  { name: "home", module: adminHome, path: "/quan-tri", params: {} },
  { name: "audit log", module: auditLog, path: "/quan-tri/nhat-ky", params: {} },
  { name: "agency tree", module: agencyTree, path: "/quan-tri/co-quan", params: {}, forged: { intent: "save", name: "Cơ quan giả", level: "commune", kind: "government", parentId: String(dongHungId), identifier: "", sealAppliedBy: "clerk", active: "on" } },
  { name: "agency page", module: agencyPage, path: `/quan-tri/co-quan/${dongHungId}`, params: { id: String(dongHungId) }, forged: { intent: "office-hours", day1: "00:00-24:00", day6: "00:00-24:00" } },
  { name: "user list", module: userList, path: "/quan-tri/nguoi-dung", params: {}, forged: { username: "ke.gia.mao", fullName: "Kẻ Giả Mạo", passwordMode: "typed", password: "mat-khau-gia-mao-2026" } },
  { name: "user page", module: userPage, path: `/quan-tri/nguoi-dung/${leaderId}`, params: { id: String(leaderId) }, forged: { intent: "grant-role", role: "admin", agencyId: String(dongHungId) } },
  { name: "procedure list", module: procedureList, path: "/quan-tri/thu-tuc", params: {} },
  { name: "procedure page", module: procedurePage, path: "/quan-tri/thu-tuc/1.001612", params: { code: "1.001612" }, forged: { intent: "save", name: "Thủ tục bị sửa" } },
  {
    name: "step list",
    module: stepList,
    path: "/quan-tri/thu-tuc/1.001612/quy-trinh",
    params: { code: "1.001612" },
    forged: { intent: "publish", "step[0].key": "approval", "step[0].name": "Duyệt", "step[0].role": "leader", "step[0].amount": "1", "step[0].unit": "workingDay", "step[0].kind": "process" },
  },
  { name: "mail templates", module: mailTemplates, path: "/quan-tri/mau-thu", params: {}, forged: { intent: "save", template: "submitted", language: "vi", subject: "Thư giả", body: "Nội dung giả mạo của thư." } },
  { name: "holidays", module: holidays, path: "/quan-tri/ngay-nghi", params: {}, forged: { intent: "save", date: "2030-01-02", name: "Ngày giả", kind: "holiday" } },
  { name: "postal partners", module: partners, path: "/quan-tri/doi-tac", params: {}, forged: { intent: "create", name: "Đối tác giả", code: "gia-mao", endpointUrl: "https://gia.example/orders" } },
  { name: "failed jobs", module: failedJobs, path: "/quan-tri/tac-vu-loi", params: {}, forged: { queue: "dossier-notify", id: "00000000-0000-0000-0000-000000000000" } },
  { name: "partner sync", module: partnerSync, path: "/quan-tri/dong-bo", params: {}, forged: { channel: "mail", dossierId: "00000000-0000-0000-0000-000000000000" } },
  { name: "periodic reports", module: periodicReportsPage, path: "/quan-tri/bao-cao-dinh-ky", params: {}, forged: { intent: "add", email: "ke.gia.mao@example.vn", name: "Kẻ giả mạo", frequency: "monthly", agencyId: "" } },
];

/** Routes that answer only GET (downloads); the administrator's 404 for a report not made yet is still past the permission check. */
const DOWNLOADS = () => [{ name: "periodic report download", module: periodicReportDownload, path: "/quan-tri/bao-cao-dinh-ky/tai-ve/999999", params: { id: "999999" } }];

const REFUSED_USERS = ["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen", "lanhdao.huyen", "vanthu.huyen", "giamsat"];

async function cookieOf(username: string): Promise<string> {
  const result = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.80", secure: false });
  if (!result.ok) throw new Error(`cannot sign in ${username}`);
  return result.setCookie.split(";")[0];
}

async function call(fn: (args: never) => Promise<Response>, request: Request, params: Record<string, string>): Promise<{ status: number; location: string | null }> {
  try {
    const response = await fn({ request, params, context: { services } } as never);
    return { status: response.status, location: response.headers.get("Location") };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

const get = (path: string, cookie: string | null) => new Request(`http://localhost:3000${path}`, { headers: cookie ? { Cookie: cookie } : {} });
const post = (path: string, cookie: string | null, fields: Record<string, string>) =>
  new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });

const auditCount = async () => (await services.database.db.select({ n: count() }).from(adminAuditLog))[0].n;

describe(`administration routes refuse everyone but the administrator (${databaseKind})`, () => {
  it("anonymous: every page and every forged POST goes to sign-in, and nothing changes", async () => {
    const before = await auditCount();
    const seen: string[] = [];
    for (const route of ROUTES()) {
      const page = await call(route.module.loader!, get(route.path, null), route.params);
      seen.push(`${route.name} GET ${page.status} ${page.location?.startsWith("/dang-nhap?redirectTo=") ? "sign-in" : page.location}`);
      if (route.module.action) {
        const forged = await call(route.module.action, post(route.path, null, route.forged ?? { intent: "save" }), route.params);
        seen.push(`${route.name} POST ${forged.status} ${forged.location?.startsWith("/dang-nhap?redirectTo=") ? "sign-in" : forged.location}`);
      }
    }
    for (const route of DOWNLOADS()) {
      const page = await call(route.module.loader, get(route.path, null), route.params);
      seen.push(`${route.name} GET ${page.status} ${page.location?.startsWith("/dang-nhap?redirectTo=") ? "sign-in" : page.location}`);
    }
    expect(seen.every((line) => line.endsWith("302 sign-in")), seen.join("\n")).toBe(true);
    expect(await auditCount()).toBe(before);
  });

  for (const username of REFUSED_USERS) {
    it(`${username}: 403 for every page and every forged POST, and nothing changes`, async () => {
      const cookie = await cookieOf(username);
      const before = await auditCount();
      const wrong: string[] = [];
      for (const route of ROUTES()) {
        const page = await call(route.module.loader!, get(route.path, cookie), route.params);
        if (page.status !== 403) wrong.push(`${route.name} GET ${page.status}`);
        if (route.module.action) {
          const forged = await call(route.module.action, post(route.path, cookie, route.forged ?? { intent: "save" }), route.params);
          if (forged.status !== 403) wrong.push(`${route.name} POST ${forged.status}`);
        }
      }
      for (const route of DOWNLOADS()) {
        const page = await call(route.module.loader, get(route.path, cookie), route.params);
        if (page.status !== 403) wrong.push(`${route.name} GET ${page.status}`);
      }
      expect(wrong).toEqual([]);
      expect(await auditCount()).toBe(before);
      expect(await services.database.db.select().from(users).where(eq(users.username, "ke.gia.mao"))).toHaveLength(0);
    });
  }

  it("the administrator gets every page", async () => {
    const cookie = await cookieOf("quantri");
    const statuses = [];
    for (const route of ROUTES()) statuses.push(`${route.name} ${(await call(route.module.loader!, get(route.path, cookie), route.params)).status}`);
    expect(statuses).toEqual(ROUTES().map((r) => `${r.name} 200`));
    for (const route of DOWNLOADS()) expect((await call(route.module.loader, get(route.path, cookie), route.params)).status).toBe(404);
  });
});
