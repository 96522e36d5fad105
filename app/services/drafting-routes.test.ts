/**
 * The permission matrix of issue 10's drafting and bulk-signing routes, through the real route
 * loaders and actions with real sessions: every role (and anonymous) on the drafting page, the
 * draft preview and the bulk-signing page.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { dossiers } from "../../db/schema";
import { action as bulkAction, loader as bulkLoader } from "../routes/can-bo_.ky-so";
import { loader as previewLoader } from "../routes/ho-so.$code.ban-du-thao";
import { action as draftAction, loader as draftLoader } from "../routes/ho-so.$code.du-thao";
import { actorOf, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { signAs } from "../test-support/signing";
import { login } from "./auth.server";
import { bulkSigningList } from "./documents/bulk-signing.server";
import { performDossierAction } from "./dossier-actions.server";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, specialist: DemoActor, unitHead: DemoActor;
let atExamination: { dossierId: string; code: string };
let atApproval: { dossierId: string; code: string };

const USERS = {
  anonymous: null,
  citizen: "congdan",
  desk: "motcua.huyen",
  specialist: "chuyenvien.huyen",
  unitHead: "truongphong.huyen",
  leader: "lanhdao.huyen",
  clerk: "vanthu.huyen",
  admin: "quantri",
  monitor: "giamsat",
  otherAgencyLeader: "lanhdao.xa",
} as const;
type Who = keyof typeof USERS;
const cookies = new Map<Who, string | null>();

async function sessionCookie(username: string): Promise<string> {
  const result = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.71", secure: false });
  if (!result.ok) throw new Error(`cannot sign in ${username}`);
  return result.setCookie.split(";")[0];
}

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, unitHead] = await Promise.all(["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen"].map((u) => actorOf(services, u)));
  for (const [who, username] of Object.entries(USERS) as Array<[Who, string | null]>) cookies.set(who, username ? await sessionCookie(username) : null);
  const act = (id: string, actor: DemoActor, event: Parameters<typeof performDossierAction>[1]["event"]) => performDossierAction(services, { dossierId: id, actor, event });
  atExamination = await submitHouseholdBusiness(services, citizen);
  atApproval = await submitHouseholdBusiness(services, citizen);
  for (const d of [atExamination, atApproval]) {
    await act(d.dossierId, desk, { type: "RECEIVE" });
    await act(d.dossierId, desk, { type: "TRANSFER" });
  }
  await act(atApproval.dossierId, specialist, { type: "COMPLETE_STEP", draftResult: { title: "Giấy chứng nhận đăng ký hộ kinh doanh", fields: [] } });
  await signAs(services, unitHead, atApproval.dossierId, "REVIEW_SIGNED");
});
afterAll(async () => services?.dispose());

type Handler = (args: never) => Promise<Response>;
async function call(handler: Handler, url: string, who: Who, params: Record<string, string>, body?: BodyInit): Promise<number> {
  const cookie = cookies.get(who);
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  if (typeof body === "string") headers["Content-Type"] = "application/x-www-form-urlencoded";
  const request = new Request(`http://localhost:3000${url}`, { method: body ? "POST" : "GET", body, headers });
  try {
    return (await handler({ request, params, context: { services } } as never)).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const ALL: Who[] = Object.keys(USERS) as Who[];
const expectStatuses = async (expected: Record<Who, number>, run: (who: Who) => Promise<number>) => {
  const got: Partial<Record<Who, number>> = {};
  for (const who of ALL) got[who] = await run(who);
  expect(got).toEqual(expected);
};

describe(`drafting and bulk-signing routes × roles (${databaseKind})`, () => {
  it("the drafting page: only the specialist holding the step; others of the agency 403, strangers 404, anonymous to sign-in", async () => {
    const { code } = atExamination;
    await expectStatuses(
      { anonymous: 302, citizen: 403, desk: 403, specialist: 200, unitHead: 403, leader: 403, clerk: 403, admin: 403, monitor: 403, otherAgencyLeader: 404 },
      (who) => call(draftLoader as Handler, `/ho-so/${code}/du-thao`, who, { code }),
    );
  });

  it("saving a draft: the same gate before the body is read; the specialist's save redirects back to the page", async () => {
    const { code, dossierId } = atExamination;
    const form = () => {
      const f = new FormData();
      f.set("intent", "save");
      f.set("draftVersion", "0");
      f.set("title", "Giấy chứng nhận đăng ký hộ kinh doanh");
      f.set("f.businessName", "Hộ kinh doanh Tạp hoá An Bình");
      return f;
    };
    await expectStatuses(
      { anonymous: 302, citizen: 403, desk: 403, specialist: 302, unitHead: 403, leader: 403, clerk: 403, admin: 403, monitor: 403, otherAgencyLeader: 404 },
      (who) => call(draftAction as Handler, `/ho-so/${code}/du-thao`, who, { code }, form()),
    );
    // Saved once, by the specialist; a second "new" save from a stale page is refused with 409.
    expect(await call(draftAction as Handler, `/ho-so/${code}/du-thao`, "specialist", { code }, form())).toBe(409);
    expect((await services.database.db.select().from(dossiers).where(eq(dossiers.id, dossierId)))[0].statePath).toBe("processing.examination");
  });

  it("the draft preview: officers who may read drafts (and the administrator and monitor); not the clerk or the applicant", async () => {
    const { code } = atExamination;
    await expectStatuses(
      { anonymous: 302, citizen: 403, desk: 200, specialist: 200, unitHead: 200, leader: 200, clerk: 403, admin: 200, monitor: 200, otherAgencyLeader: 404 },
      (who) => call(previewLoader as Handler, `/ho-so/${code}/ban-du-thao?trang=1`, who, { code }),
    );
  });

  it("the bulk-signing page: the leader and the unit head only", async () => {
    await expectStatuses(
      { anonymous: 302, citizen: 403, desk: 403, specialist: 403, unitHead: 200, leader: 200, clerk: 403, admin: 403, monitor: 403, otherAgencyLeader: 200 },
      (who) => call(bulkLoader as Handler, "/can-bo/ky-so", who, {}),
    );
  });

  it("bulk signing through the route: a wrong password 400 and nothing signed; another agency's leader cannot sign; her own signs", async () => {
    const leader = await actorOf(services, "lanhdao.huyen");
    const [item] = (await bulkSigningList(services, { id: leader.userId, role: "leader", agencyId: leader.agencyId, roles: [], username: "lanhdao.huyen", fullName: "", title: null, email: null, phone: null, idNumber: null, address: null })).filter(
      (i) => i.dossierId === atApproval.dossierId,
    );
    const body = (password: string) =>
      new URLSearchParams({ dossier: atApproval.dossierId, [`sha256:${atApproval.dossierId}`]: item.sha256!, [`version:${atApproval.dossierId}`]: String(item.version), password }).toString();
    expect(await call(bulkAction as Handler, "/can-bo/ky-so", "anonymous", {}, body(DEMO_PASSWORD))).toBe(302);
    expect(await call(bulkAction as Handler, "/can-bo/ky-so", "specialist", {}, body(DEMO_PASSWORD))).toBe(403);
    expect(await call(bulkAction as Handler, "/can-bo/ky-so", "leader", {}, body("sai-mat-khau"))).toBe(400);
    const state = async () => (await services.database.db.select().from(dossiers).where(eq(dossiers.id, atApproval.dossierId)))[0].statePath;
    expect(await state()).toBe("processing.approval");
    // Another agency's leader is answered per document: not found, nothing signed.
    expect(await call(bulkAction as Handler, "/can-bo/ky-so", "otherAgencyLeader", {}, body(DEMO_PASSWORD))).toBe(200);
    expect(await state()).toBe("processing.approval");
    expect(await call(bulkAction as Handler, "/can-bo/ky-so", "leader", {}, body(DEMO_PASSWORD))).toBe(200);
    expect(await state()).toBe("approved");
  });
});
