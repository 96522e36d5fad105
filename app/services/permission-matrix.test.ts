/**
 * The permission matrix (issue 8, point 2): every role × every dossier action × scope, allowed or
 * refused with the right status — at the object-level check, through performDossierAction on the
 * database, and for a sample through the real route action with a real session.
 *
 * The expectations are written out here on purpose, not derived from GRANTS: this is the spec.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { dossierEvents, dossiers, userRoles, users } from "../../db/schema";
import { DOSSIER_EVENT_TYPES, type DossierEventType, type Role } from "../../workflows/dossier-machine";
import { action as dossierPageAction } from "../routes/ho-so.$code._index";
import { action as chooseRoleAction } from "../routes/vai-tro";
import { loader as queuesLoader } from "../routes/can-bo";
import { actorOf, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { currentUser, login } from "./auth.server";
import { DossierActionError, performDossierAction, type DossierCommand } from "./dossier-actions.server";
import { requireDossierAccess, type Actor, type DossierAccessAction } from "./permissions.server";

const ROLES_UNDER_TEST: Role[] = ["citizen", "desk", "specialist", "unitHead", "leader", "clerk", "admin", "monitor", "postal", "system"];
const SCOPES = ["ownAgency", "otherAgency", "ownerCitizen", "otherCitizen"] as const;
type Scope = (typeof SCOPES)[number];
const ALL: Scope[] = [...SCOPES];
const AGENCY: Scope[] = ["ownAgency"];
const OWNER: Scope[] = ["ownerCitizen"];
const READS: DossierAccessAction[] = ["read", "read:control-sheet", "read:draft-result"];
const ACTIONS: DossierAccessAction[] = [...READS, ...DOSSIER_EVENT_TYPES];

/** Where each role may do each action; everything not listed is refused. */
const EXPECTED: Record<Role, Partial<Record<DossierAccessAction, Scope[]>>> = {
  citizen: { read: OWNER, SUPPLEMENT_PROVIDED: OWNER, WITHDRAW: OWNER, FEE_PAID: OWNER },
  desk: {
    read: AGENCY,
    "read:control-sheet": AGENCY,
    "read:draft-result": AGENCY,
    RECEIVE: AGENCY,
    REFUSE: AGENCY,
    TRANSFER: AGENCY,
    REQUEST_SUPPLEMENT: AGENCY,
    FEE_PAID: AGENCY,
    RETURN_RESULT: AGENCY,
    APOLOGISE: AGENCY,
    FORWARD: AGENCY,
    FORWARD_RETURNED: AGENCY,
    ASSIGN: AGENCY,
  },
  specialist: {
    read: AGENCY,
    "read:control-sheet": AGENCY,
    "read:draft-result": AGENCY,
    REQUEST_SUPPLEMENT: AGENCY,
    COMPLETE_STEP: AGENCY,
    SEND_BACK: AGENCY,
    APOLOGISE: AGENCY,
    FORWARD: AGENCY,
    FORWARD_RETURNED: AGENCY,
    ASSIGN: AGENCY,
  },
  unitHead: {
    read: AGENCY,
    "read:control-sheet": AGENCY,
    "read:draft-result": AGENCY,
    COMPLETE_STEP: AGENCY,
    REVIEW_SIGNED: AGENCY,
    SEND_BACK: AGENCY,
    STOP: AGENCY,
    APOLOGISE: AGENCY,
    FORWARD: AGENCY,
    FORWARD_RETURNED: AGENCY,
    ASSIGN: AGENCY,
  },
  leader: {
    read: AGENCY,
    "read:control-sheet": AGENCY,
    "read:draft-result": AGENCY,
    COMPLETE_STEP: AGENCY,
    SEND_BACK: AGENCY,
    APPROVE: AGENCY,
    STOP: AGENCY,
    APOLOGISE: AGENCY,
    FORWARD: AGENCY,
    FORWARD_RETURNED: AGENCY,
    ASSIGN: AGENCY,
  },
  // The records clerk seals what her agency's leader signed, and reads it; she takes no other step.
  clerk: { read: AGENCY, "read:control-sheet": AGENCY, SEAL: AGENCY },
  admin: { read: ALL, "read:control-sheet": ALL, "read:draft-result": ALL },
  monitor: { read: ALL, "read:control-sheet": ALL, "read:draft-result": ALL },
  // A postal actor without a partner (and any partner on a dossier it holds no order of) sees nothing.
  postal: {},
  system: { read: ALL, SEAL: ALL, SUPPLEMENT_DEADLINE_LAPSED: ALL, FEE_PAID: ALL },
};

/** 200 allowed; 404 when the actor may not even read the dossier; 403 when they may read it but not do this. */
function expectedStatus(role: Role, action: DossierAccessAction, scope: Scope): 200 | 403 | 404 {
  if (EXPECTED[role][action]?.includes(scope)) return 200;
  return EXPECTED[role].read?.includes(scope) ? 403 : 404;
}

function statusOf(work: () => void): number {
  try {
    work();
    return 200;
  } catch (error) {
    if (error instanceof DossierActionError) return error.status;
    throw error;
  }
}

const HOLDING = 10;
const OTHER_AGENCY = 20;
const OWNER_ID = 100;
const OTHER_CITIZEN_ID = 200;

function actorFor(role: Role, scope: Scope, ids = { owner: OWNER_ID, other: OTHER_CITIZEN_ID, holding: HOLDING, otherAgency: OTHER_AGENCY }): Actor {
  switch (scope) {
    case "ownAgency":
      return { userId: ids.other, role, agencyId: ids.holding };
    case "otherAgency":
      return { userId: ids.other, role, agencyId: ids.otherAgency };
    case "ownerCitizen":
      return { userId: ids.owner, role, agencyId: 0 };
    case "otherCitizen":
      return { userId: ids.other, role, agencyId: 0 };
  }
}

const plainDossier = {
  receivingAgencyId: HOLDING,
  applicantUserId: OWNER_ID,
  snapshot: { machineId: "m", machineVersion: 1, value: "submitted", context: { resumeAt: null, draftResult: null } },
};

describe("the object-level check: every role × action × scope", () => {
  for (const role of ROLES_UNDER_TEST) {
    it(`${role}`, () => {
      const seen: string[] = [];
      const wanted: string[] = [];
      for (const action of ACTIONS) {
        for (const scope of SCOPES) {
          seen.push(`${action} ${scope} ${statusOf(() => requireDossierAccess(actorFor(role, scope), plainDossier, action))}`);
          wanted.push(`${action} ${scope} ${expectedStatus(role, action, scope)}`);
        }
      }
      expect(seen).toEqual(wanted);
    });
  }

  it("anonymous: 401 for every action", () => {
    for (const action of ACTIONS) expect(statusOf(() => requireDossierAccess(null, plainDossier, action))).toBe(401);
  });

  it("a postal partner: only the dossiers it holds orders of, and a return only for a result asked by post", () => {
    const partner: Actor = { userId: null, role: "postal", agencyId: HOLDING, partnerId: 7 };
    const byPost = { ...plainDossier, postalPartnerId: 7, resultDelivery: 1 };
    expect(statusOf(() => requireDossierAccess(partner, byPost, "read"))).toBe(200);
    expect(statusOf(() => requireDossierAccess(partner, byPost, "POSTAL_STATUS"))).toBe(200);
    expect(statusOf(() => requireDossierAccess(partner, byPost, "RETURN_RESULT"))).toBe(200);
    expect(statusOf(() => requireDossierAccess(partner, byPost, "RECEIVE"))).toBe(403);
    expect(statusOf(() => requireDossierAccess(partner, { ...byPost, resultDelivery: 0 }, "RETURN_RESULT"))).toBe(403);
    expect(statusOf(() => requireDossierAccess(partner, { ...byPost, postalPartnerId: 8 }, "POSTAL_STATUS"))).toBe(404);
    expect(statusOf(() => requireDossierAccess(partner, { ...byPost, postalPartnerId: null }, "read"))).toBe(404);
    expect(statusOf(() => requireDossierAccess({ ...partner, partnerId: undefined }, byPost, "read"))).toBe(404);
  });

  it("an agency the dossier was forwarded from may read it but not act on it", () => {
    const forwarded = { ...plainDossier, snapshot: { ...plainDossier.snapshot, context: { resumeAt: null, draftResult: null, agencyStack: ["30"], visitedAgencies: ["30"] } } };
    const receivingDesk: Actor = { userId: 1, role: "desk", agencyId: HOLDING };
    const forwardedTo: Actor = { userId: 1, role: "desk", agencyId: 30 };
    expect(statusOf(() => requireDossierAccess(receivingDesk, forwarded, "read"))).toBe(200);
    expect(statusOf(() => requireDossierAccess(receivingDesk, forwarded, "RETURN_RESULT"))).toBe(403);
    expect(statusOf(() => requireDossierAccess(forwardedTo, forwarded, "FORWARD_RETURNED"))).toBe(200);
  });
});

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, otherDesk: DemoActor;
let otherCitizenId: number;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, otherDesk] = await Promise.all(["congdan", "motcua.huyen", "motcua.xa"].map((u) => actorOf(services, u)));
  const [other] = await services.database.db
    .insert(users)
    .values({ username: "congdan.khac", passwordHash: "x", fullName: "Trần Văn Khác" })
    .returning({ id: users.id });
  await services.database.db.insert(userRoles).values({ userId: other.id, role: "citizen", agencyId: 0 });
  otherCitizenId = other.id;
});
afterAll(async () => services?.dispose());

const PAYLOADS: Record<DossierEventType, DossierCommand> = {
  RECEIVE: { type: "RECEIVE" },
  REFUSE: { type: "REFUSE", reason: "Không thuộc thẩm quyền" },
  TRANSFER: { type: "TRANSFER" },
  REQUEST_SUPPLEMENT: { type: "REQUEST_SUPPLEMENT", note: "Thiếu bản sao" },
  SUPPLEMENT_PROVIDED: { type: "SUPPLEMENT_PROVIDED" },
  SUPPLEMENT_DEADLINE_LAPSED: { type: "SUPPLEMENT_DEADLINE_LAPSED", at: "2000-01-01T00:00:00Z" },
  COMPLETE_STEP: { type: "COMPLETE_STEP" },
  SEND_BACK: { type: "SEND_BACK", note: "Xem lại" },
  APPROVE: { type: "APPROVE", sealBy: "system" },
  REVIEW_SIGNED: { type: "REVIEW_SIGNED" },
  SEAL: { type: "SEAL" },
  RETURN_RESULT: { type: "RETURN_RESULT" },
  WITHDRAW: { type: "WITHDRAW" },
  STOP: { type: "STOP", reason: "Dừng" },
  APOLOGISE: { type: "APOLOGISE", newDueAt: "2099-01-01T00:00:00Z", reason: "Chậm" },
  FEE_PAID: { type: "FEE_PAID" },
  FORWARD: { type: "FORWARD", targetAgency: "1" },
  FORWARD_RETURNED: { type: "FORWARD_RETURNED" },
  POSTAL_STATUS: { type: "POSTAL_STATUS", kind: "pickup", status: "collecting" },
  // Replaced in the loop by a claim for the acting user herself (the only assignment every officer may make).
  ASSIGN: { type: "ASSIGN" },
};

describe(`performDossierAction: every role × event × scope on a submitted dossier (${databaseKind})`, () => {
  it("refuses with the matrix's status and writes nothing; what it allows, only the statechart may still refuse (409)", async () => {
    let current = await submitHouseholdBusiness(services, citizen);
    const mismatches: string[] = [];
    for (const role of ROLES_UNDER_TEST) {
      for (const type of DOSSIER_EVENT_TYPES) {
        for (const scope of SCOPES) {
          const actor = actorFor(role, scope, {
            owner: citizen.userId,
            other: role === "citizen" ? otherCitizenId : desk.userId,
            holding: desk.agencyId,
            otherAgency: otherDesk.agencyId,
          });
          const before = await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, current.dossierId));
          let status: number;
          try {
            const event: DossierCommand = type === "ASSIGN" ? { type, assigneeUserId: actor.userId ?? undefined } : PAYLOADS[type];
            await performDossierAction(services, { dossierId: current.dossierId, actor, event });
            status = 200;
          } catch (error) {
            if (!(error instanceof DossierActionError)) throw error;
            status = error.status;
          }
          const wanted = expectedStatus(role, type, scope);
          const ok = wanted === 200 ? status === 200 || status === 409 || status === 400 : status === wanted;
          if (!ok) mismatches.push(`${role} ${type} ${scope}: ${status}, expected ${wanted === 200 ? "allowed" : wanted}`);
          const after = await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, current.dossierId));
          if (status !== 200 && after.length !== before.length) mismatches.push(`${role} ${type} ${scope}: refused but wrote an event`);
          // An accepted action moved the dossier on: the next combination starts on a fresh one.
          if (status === 200) current = await submitHouseholdBusiness(services, citizen);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

async function sessionCookie(username: string): Promise<string> {
  const result = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.70", secure: false });
  if (!result.ok) throw new Error(`cannot sign in ${username}`);
  return result.setCookie.split(";")[0];
}

async function postAction(code: string, cookie: string | null, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const request = new Request(`http://localhost:3000/ho-so/${code}`, { method: "POST", body: form, headers: cookie ? { Cookie: cookie } : {} });
  try {
    const response = await dossierPageAction({ request, params: { code }, context: { services } } as never);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: { location: thrown.headers.get("Location") } };
    throw thrown;
  }
}

const version = async (dossierId: string) => (await services.database.db.select().from(dossiers).where(eq(dossiers.id, dossierId)))[0].version;

describe(`through the real route action, with real sessions (${databaseKind})`, () => {
  it("a sample of the matrix answers with the same statuses", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const receive = { intent: "RECEIVE", version: "1", transactionId: crypto.randomUUID() };
    expect((await postAction(code, null, receive)).status).toBe(302); // anonymous → sign in
    expect((await postAction(code, await sessionCookie("motcua.xa"), receive)).status).toBe(404); // another agency
    expect((await postAction(code, await sessionCookie("chuyenvien.huyen"), receive)).status).toBe(403); // own agency, wrong role
    expect((await postAction(code, await sessionCookie("quantri"), receive)).status).toBe(403); // administrator
    // The owner cannot receive her own dossier. A form that claims a role is refused outright: the
    // dossier page's forms have no such field (400); without it, the citizen is refused as herself (403).
    expect((await postAction(code, await sessionCookie("congdan"), { ...receive, role: "desk" })).status).toBe(400);
    expect((await postAction(code, await sessionCookie("congdan"), receive)).status).toBe(403);
    expect(await version(dossierId)).toBe(1);
    const done = await postAction(code, await sessionCookie("motcua.huyen"), receive);
    expect(done.status).toBe(200);
    expect(await version(dossierId)).toBe(2);
  });

  it("a replayed POST with the same transaction id yields one event and the same answer", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const cookie = await sessionCookie("motcua.huyen");
    const fields = { intent: "RECEIVE", version: "1", transactionId: crypto.randomUUID() };
    const [a, b] = await Promise.all([postAction(code, cookie, fields), postAction(code, cookie, fields)]);
    const c = await postAction(code, cookie, fields);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    const events = await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossierId));
    expect(events.map((e) => e.action).sort()).toEqual(["RECEIVE", "SUBMIT"]);
  });

  it("a user with two roles acts in the active one, chosen on the server; the default is ordered", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const cookie = await sessionCookie("kiemnhiem.huyen");
    const request = (init?: RequestInit) => new Request("http://localhost:3000/vai-tro", { headers: { Cookie: cookie }, ...init });
    const user = await currentUser(services.database.db, request());
    expect(user?.roles.map((r) => r.role)).toEqual(["desk", "specialist"]);
    expect(user?.role).toBe("desk");

    const choose = async (value: string) => {
      // As the header's switcher sends it: a plain URL-encoded form.
      const body = new URLSearchParams({ role: value });
      try {
        return await chooseRoleAction({ request: request({ method: "POST", body }), params: {}, context: { services } } as never);
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    expect((await choose(`leader@${desk.agencyId}`)).status).toBe(400); // not one of hers
    expect((await currentUser(services.database.db, request()))?.role).toBe("desk");
    const switched = await choose(`specialist@${desk.agencyId}`);
    expect(switched.status).toBe(302);
    expect(switched.headers.get("Location")).toBe("/can-bo");
    expect((await currentUser(services.database.db, request()))?.role).toBe("specialist");
    // As specialist she may not receive; the same session back as desk may.
    const receive = { intent: "RECEIVE", version: "1", transactionId: crypto.randomUUID() };
    expect((await postAction(code, cookie, receive)).status).toBe(403);
    await choose(`desk@${desk.agencyId}`);
    expect((await postAction(code, cookie, receive)).status).toBe(200);
    const [event] = (await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossierId))).filter(
      (e) => e.action === "RECEIVE",
    );
    expect(event.actorRole).toBe("desk");
  });
});

describe(`issue 10: the queues, claiming and assigning, for every role (${databaseKind})`, () => {
  async function queueStatus(cookie: string | null): Promise<number> {
    const request = new Request("http://localhost:3000/can-bo?hang=xu-ly", { headers: cookie ? { Cookie: cookie } : {} });
    try {
      return (await queuesLoader({ request, params: {}, context: { services } } as never)).status;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown.status;
      throw thrown;
    }
  }

  it("/can-bo: every officer role gets its queues; citizen, administrator and monitor are refused; anonymous signs in", async () => {
    const seen: Record<string, number> = {};
    for (const username of ["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen", "lanhdao.huyen", "vanthu.huyen", "quantri", "giamsat"]) {
      seen[username] = await queueStatus(await sessionCookie(username));
    }
    seen.anonymous = await queueStatus(null);
    expect(seen).toEqual({
      congdan: 403,
      "motcua.huyen": 200,
      "chuyenvien.huyen": 200,
      "truongphong.huyen": 200,
      "lanhdao.huyen": 200,
      "vanthu.huyen": 200,
      quantri: 403,
      giamsat: 403,
      anonymous: 302,
    });
  });

  it("claim and assign through the page's action: who may, whom, and forged fields that change nothing", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "TRANSFER" } });
    const [specialist2, foreignSpecialist, specialist] = await Promise.all(["chuyenvien2.huyen", "chuyenvien.so", "chuyenvien.huyen"].map((u) => actorOf(services, u)));
    const [retired] = await services.database.db
      .insert(users)
      .values({ username: "chuyenvien.nghi", passwordHash: "x", fullName: "Cán bộ Đã Nghỉ", active: false, unitId: (await services.database.db.select().from(users).where(eq(users.id, specialist.userId)))[0].unitId })
      .returning({ id: users.id });
    await services.database.db.insert(userRoles).values({ userId: retired.id, role: "specialist", agencyId: desk.agencyId });
    const form = async (intent: string, extra: Record<string, string> = {}) => ({
      intent,
      version: String(await version(dossierId)),
      transactionId: crypto.randomUUID(),
      ...extra,
    });
    const assignedTo = async () => (await services.database.db.select().from(dossiers).where(eq(dossiers.id, dossierId)))[0].assignedUserId;
    const start = await version(dossierId);

    const outcomes: Record<string, number> = {
      anonymous: (await postAction(code, null, await form("CLAIM"))).status,
      citizen: (await postAction(code, await sessionCookie("congdan"), await form("CLAIM"))).status,
      administrator: (await postAction(code, await sessionCookie("quantri"), await form("CLAIM"))).status,
      monitor: (await postAction(code, await sessionCookie("giamsat"), await form("CLAIM"))).status,
      clerk: (await postAction(code, await sessionCookie("vanthu.huyen"), await form("CLAIM"))).status,
      "desk (not its step)": (await postAction(code, await sessionCookie("motcua.huyen"), await form("CLAIM"))).status,
      "another agency's specialist": (await postAction(code, await sessionCookie("chuyenvien.so"), await form("CLAIM"))).status,
      "specialist assigns someone else": (
        await postAction(code, await sessionCookie("chuyenvien.huyen"), await form("ASSIGN", { assigneeUserId: String(specialist2.userId) }))
      ).status,
      "unit head: deactivated assignee": (
        await postAction(code, await sessionCookie("truongphong.huyen"), await form("ASSIGN", { assigneeUserId: String(retired.id) }))
      ).status,
      "leader: another agency's assignee": (
        await postAction(code, await sessionCookie("lanhdao.huyen"), await form("ASSIGN", { assigneeUserId: String(foreignSpecialist.userId) }))
      ).status,
      "leader claims a specialist's step": (await postAction(code, await sessionCookie("lanhdao.huyen"), await form("CLAIM"))).status,
      "forged role and agency": (
        await postAction(code, await sessionCookie("chuyenvien.huyen"), await form("CLAIM", { role: "unitHead", agencyId: String(foreignSpecialist.agencyId) }))
      ).status,
    };
    expect(outcomes).toEqual({
      anonymous: 302,
      citizen: 403, // the applicant herself: she sees her dossier, and may not claim it
      administrator: 403,
      monitor: 403,
      clerk: 403,
      "desk (not its step)": 409,
      "another agency's specialist": 404,
      "specialist assigns someone else": 403,
      "unit head: deactivated assignee": 400,
      "leader: another agency's assignee": 400,
      "leader claims a specialist's step": 400,
      "forged role and agency": 400,
    });
    expect(await version(dossierId)).toBe(start);
    expect(await assignedTo()).toBeNull();

    // A claim naming someone else in a forged field claims for the signed-in officer, nobody else.
    const claimed = await postAction(code, await sessionCookie("chuyenvien.huyen"), await form("CLAIM", { assigneeUserId: String(specialist2.userId) }));
    expect(claimed.status).toBe(200);
    expect(await assignedTo()).toBe(specialist.userId);
    // The unit head assigns and reassigns within her unit.
    expect((await postAction(code, await sessionCookie("truongphong.huyen"), await form("ASSIGN", { assigneeUserId: String(specialist2.userId) }))).status).toBe(200);
    expect(await assignedTo()).toBe(specialist2.userId);
    expect((await postAction(code, await sessionCookie("truongphong.huyen"), await form("ASSIGN", { assigneeUserId: String(specialist.userId) }))).status).toBe(200);
    expect(await assignedTo()).toBe(specialist.userId);
    expect(await version(dossierId)).toBe(start + 3);
    // Now held: the other specialist's claim is refused (409), nothing written.
    expect((await postAction(code, await sessionCookie("chuyenvien2.huyen"), await form("CLAIM"))).status).toBe(409);
    expect(await version(dossierId)).toBe(start + 3);
  });
});
