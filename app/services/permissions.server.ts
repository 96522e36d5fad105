/**
 * Permissions (quyền), decided on the server. A permission reads `action:entity:scope`
 * (`approve:dossier:agency`); roles are granted permissions in one table, `GRANTS`. Scopes:
 * - `own`: the dossier's applicant (the citizen who submitted it);
 * - `agency`: for reading, any agency the dossier has been at (the receiving one, and every agency
 *   it was forwarded to); for acting, only the agency holding it now;
 * - `all`: every dossier;
 * - `partner`: a postal partner's dossiers: those whose orders it holds (`dossiers.postal_partner_id`).
 *
 * Routes ask `requirePermission(request, permission)`; everything about one dossier asks
 * `requireDossierAccess(actor, dossier, action)` — every `ho-so.*` route and performDossierAction.
 * The statechart then decides whether the action fits the dossier's step (409 when it does not).
 */
import { redirect } from "@remix-run/node";
import { inArray } from "drizzle-orm";
import { agencies, type dossiers } from "../../db/schema";
import { roleChoiceLabel, roleChoiceValue, type RoleChoice } from "../components/role-switcher";
import type { DossierEventType, Role } from "../../workflows/dossier-machine";
import { RESULT_DELIVERY } from "../../workflows/dossier-status";
import { currentUser, type SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { DossierActionError } from "./dossier-errors.server";

export const PERMISSIONS = [
  "read:dossier:own",
  "read:dossier:agency",
  "read:dossier:all",
  "submit:dossier:own",
  "supplement:dossier:own",
  "withdraw:dossier:own",
  "pay:dossier:own",
  "receive:dossier:agency",
  /** The desk takes a paper dossier at the counter (walk-in): creates it for the applicant and receives it. */
  "intake:dossier:agency",
  "transfer:dossier:agency",
  "request-supplement:dossier:agency",
  "process:dossier:agency",
  "approve:dossier:agency",
  "stop:dossier:agency",
  "apologise:dossier:agency",
  "confirm-payment:dossier:agency",
  "forward:dossier:agency",
  "return:dossier:agency",
  "sign-review:dossier:agency",
  "seal:dossier:agency",
  "read:control-sheet:agency",
  "read:control-sheet:all",
  "read:inbox:agency",
  "read:register:agency",
  "read:draft-result:agency",
  "read:draft-result:all",
  "manage:calendar:all",
  "read:failed-jobs:all",
  "manage:partner-sync:all",
  "system:dossier:all",
  "manage:partner:all",
  // Administration (issue 10): the agency tree, accounts, the catalog and its step lists, mails, the audit log.
  "manage:agencies:all",
  "manage:users:all",
  "manage:procedures:all",
  "manage:mail-templates:all",
  "read:audit:all",
  /** The postal partner reads its dossiers, reports its orders' statuses, and returns a result it delivered. */
  "read:dossier:partner",
  "report-postal:dossier:partner",
  "return-by-post:dossier:partner",
  /** Issue 10: an officer takes a dossier waiting at her step for herself (nhận xử lý). */
  "claim:dossier:agency",
  /** Issue 10: the unit head and the leader assign and reassign a step to an officer of the agency (phân công). */
  "assign:dossier:agency",
  /** Issue 11: the applicant rates the service once her dossier is returned, and sends feedback (phản ánh, kiến nghị). */
  "rate:dossier:own",
  "feedback:dossier:own",
  /** Issue 11: an officer of the receiving agency answers the applicant's feedback. */
  "answer-feedback:dossier:agency",
  /**
   * Issue 12: monitoring figures. A leader reads her agency's; a monitor reads those of every agency
   * in her agency's tree (the provincial monitor sits at the root: the whole province).
   */
  "read:reports:agency",
  "read:reports:all",
  /** Issue 12: the administrator names who receives the periodic reports by mail. */
  "manage:report-recipients:all",
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type PermissionScope = "own" | "agency" | "all" | "partner";

const OFFICER_COMMON: Permission[] = [
  "read:dossier:agency",
  "read:control-sheet:agency",
  "read:inbox:agency",
  "read:draft-result:agency",
  "apologise:dossier:agency",
  "forward:dossier:agency",
  "claim:dossier:agency",
  "answer-feedback:dossier:agency",
];

/** The one table of grants. */
export const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  citizen: [
    "read:dossier:own",
    "submit:dossier:own",
    "supplement:dossier:own",
    "withdraw:dossier:own",
    "pay:dossier:own",
    "rate:dossier:own",
    "feedback:dossier:own",
  ],
  desk: [
    ...OFFICER_COMMON,
    "receive:dossier:agency",
    "intake:dossier:agency",
    "transfer:dossier:agency",
    // At reception the desk asks for what is missing (the statechart's reception step).
    "request-supplement:dossier:agency",
    "confirm-payment:dossier:agency",
    "return:dossier:agency",
    "read:register:agency",
  ],
  specialist: [...OFFICER_COMMON, "request-supplement:dossier:agency", "process:dossier:agency"],
  unitHead: [
    ...OFFICER_COMMON,
    "process:dossier:agency",
    "sign-review:dossier:agency",
    "stop:dossier:agency",
    "read:register:agency",
    "assign:dossier:agency",
  ],
  // The records clerk (văn thư) seals results where the agency names her for it, and reads what she seals.
  clerk: ["read:dossier:agency", "read:inbox:agency", "read:control-sheet:agency", "read:register:agency", "seal:dossier:agency"],
  leader: [
    ...OFFICER_COMMON,
    "process:dossier:agency",
    "approve:dossier:agency",
    "stop:dossier:agency",
    "read:register:agency",
    "assign:dossier:agency",
    "read:reports:agency",
  ],
  admin: [
    "read:dossier:all",
    "read:control-sheet:all",
    "read:draft-result:all",
    "manage:calendar:all",
    "read:failed-jobs:all",
    "manage:partner-sync:all",
    "manage:partner:all",
    "manage:agencies:all",
    "manage:users:all",
    "manage:procedures:all",
    "manage:mail-templates:all",
    "read:audit:all",
    "manage:report-recipients:all",
  ],
  monitor: ["read:dossier:all", "read:control-sheet:all", "read:draft-result:all", "read:reports:all"],
  // Only what the postal API needs: its own dossiers, their order statuses, the return it delivered.
  postal: ["read:dossier:partner", "report-postal:dossier:partner", "return-by-post:dossier:partner"],
  system: ["read:dossier:all", "system:dossier:all"],
};

/** What someone does to a dossier: read it, or send one of the statechart's events. */
export type DossierAccessAction = "read" | "read:control-sheet" | "read:draft-result" | DossierEventType;

/** Which permission (any one of them) allows each action, before its scope is checked. */
const ACTION_PERMISSIONS: Record<DossierAccessAction, readonly Permission[]> = {
  read: ["read:dossier:own", "read:dossier:agency", "read:dossier:all", "read:dossier:partner"],
  "read:control-sheet": ["read:control-sheet:agency", "read:control-sheet:all"],
  "read:draft-result": ["read:draft-result:agency", "read:draft-result:all"],
  RECEIVE: ["receive:dossier:agency"],
  REFUSE: ["receive:dossier:agency"],
  TRANSFER: ["transfer:dossier:agency"],
  REQUEST_SUPPLEMENT: ["request-supplement:dossier:agency"],
  SUPPLEMENT_PROVIDED: ["supplement:dossier:own"],
  SUPPLEMENT_DEADLINE_LAPSED: ["system:dossier:all"],
  COMPLETE_STEP: ["process:dossier:agency"],
  SEND_BACK: ["process:dossier:agency"],
  APPROVE: ["approve:dossier:agency"],
  REVIEW_SIGNED: ["sign-review:dossier:agency"],
  SEAL: ["seal:dossier:agency", "system:dossier:all"],
  RETURN_RESULT: ["return:dossier:agency", "return-by-post:dossier:partner"],
  WITHDRAW: ["withdraw:dossier:own"],
  STOP: ["stop:dossier:agency"],
  APOLOGISE: ["apologise:dossier:agency"],
  FEE_PAID: ["pay:dossier:own", "confirm-payment:dossier:agency", "system:dossier:all"],
  FORWARD: ["forward:dossier:agency"],
  FORWARD_RETURNED: ["forward:dossier:agency"],
  POSTAL_STATUS: ["report-postal:dossier:partner"],
  // Which assignee a claimer may name (only herself) is checked in assignments.server.ts.
  ASSIGN: ["claim:dossier:agency", "assign:dossier:agency"],
};

/**
 * Whoever acts: a signed-in user's active role, the system, or a postal partner (role `postal`,
 * with its `partnerId`).
 */
export type Actor = { userId: number | null; role: Role; agencyId: number; partnerId?: number };

/** The actor a signed-in user is in their active role. */
export function actorOf(user: SessionUser): Actor {
  return { userId: user.id, role: user.role, agencyId: user.agencyId };
}

const asActor = (who: Actor | SessionUser): Actor => ("userId" in who ? who : actorOf(who));

export function hasPermission(actor: Pick<Actor, "role">, permission: Permission): boolean {
  return GRANTS[actor.role]?.includes(permission) ?? false;
}

type DossierScopeFields = Pick<typeof dossiers.$inferSelect, "receivingAgencyId" | "snapshot" | "applicantUserId"> &
  Partial<Pick<typeof dossiers.$inferSelect, "postalPartnerId" | "resultDelivery">>;

/**
 * The agency that holds the dossier now: the receiving agency, or the last one it was forwarded to
 * (liên thông). Agencies in the statechart are our agency ids as strings.
 */
export function agencyHolding(dossier: Pick<DossierScopeFields, "receivingAgencyId" | "snapshot">): number {
  const forwardedTo = dossier.snapshot.context.agencyStack?.at(-1);
  return forwardedTo ? Number(forwardedTo) : dossier.receivingAgencyId;
}

/** Every agency that has held the dossier; all of them may read it and its history. */
export function agenciesInvolved(dossier: Pick<DossierScopeFields, "receivingAgencyId" | "snapshot">): number[] {
  return [dossier.receivingAgencyId, ...(dossier.snapshot.context.visitedAgencies ?? []).map(Number)];
}

const scopeOf = (permission: Permission) => permission.split(":")[2] as PermissionScope;

function inScope(actor: Actor, dossier: DossierScopeFields, permission: Permission, reading: boolean): boolean {
  const scope = scopeOf(permission);
  switch (scope) {
    case "partner":
      if (actor.partnerId === undefined || dossier.postalPartnerId == null || dossier.postalPartnerId !== actor.partnerId) return false;
      // The partner returns a result only to an applicant who asked for it by post.
      return permission !== "return-by-post:dossier:partner" || dossier.resultDelivery === RESULT_DELIVERY.post;
    case "all":
      return true;
    case "own":
      return actor.userId !== null && dossier.applicantUserId === actor.userId;
    case "agency":
      return reading ? agenciesInvolved(dossier).includes(actor.agencyId) : agencyHolding(dossier) === actor.agencyId;
  }
}

const NOT_FOUND = "Không tìm thấy hồ sơ.";

/**
 * The one object-level check. Throws DossierActionError: 401 without a session, 404 when the actor
 * may not even read the dossier (a code must not be confirmable by someone who cannot see it), 403
 * when they may read it but not do this.
 */
export function requireDossierAccess(who: Actor | SessionUser | null, dossier: DossierScopeFields, action: DossierAccessAction): void {
  if (!who) throw new DossierActionError(401, "Vui lòng đăng nhập để xem hồ sơ.");
  const actor = asActor(who);
  const can = (a: DossierAccessAction) =>
    ACTION_PERMISSIONS[a].some((p) => hasPermission(actor, p) && inScope(actor, dossier, p, a.startsWith("read")));
  if (!can("read")) throw new DossierActionError(404, NOT_FOUND);
  if (action === "read" || can(action)) return;
  const agencyWide = ACTION_PERMISSIONS[action].some((p) => hasPermission(actor, p) && scopeOf(p) === "agency");
  if (agencyWide) {
    throw new DossierActionError(403, "Hồ sơ đang được xử lý tại cơ quan khác; cơ quan của bạn chỉ được xem.");
  }
  throw new DossierActionError(
    403,
    actor.role === "citizen" ? "Bạn chỉ được thao tác trên hồ sơ của chính mình." : "Vai trò của bạn không được thực hiện thao tác này.",
  );
}

/** Whether `requireDossierAccess` would let the actor do this; for showing only usable buttons. */
export function mayAccessDossier(actor: Actor | SessionUser | null, dossier: DossierScopeFields, action: DossierAccessAction): boolean {
  try {
    requireDossierAccess(actor, dossier, action);
    return true;
  } catch (error) {
    if (error instanceof DossierActionError) return false;
    throw error;
  }
}

/** The signed-in user holding `permission` in the active role; a redirect to sign in, or 403. */
export async function requirePermission(services: AppServices, request: Request, permission: Permission): Promise<SessionUser> {
  const user = await currentUser(services.database.db, request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!hasPermission(user, permission)) throw new Response("Bạn không có quyền truy cập trang này.", { status: 403 });
  return user;
}

/** The header's role switcher: every role the user holds, the active one marked; empty with one role. */
export async function roleChoicesFor(services: AppServices, user: SessionUser): Promise<RoleChoice[]> {
  if (user.roles.length < 2) return [];
  const ids = user.roles.map((r) => r.agencyId).filter((id) => id !== 0);
  const names = new Map(
    ids.length === 0
      ? []
      : (await services.database.db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(inArray(agencies.id, ids))).map((a) => [a.id, a.name]),
  );
  return user.roles.map((r) => ({
    value: roleChoiceValue(r.role, r.agencyId),
    label: roleChoiceLabel(r.role, names.get(r.agencyId) ?? null),
    active: r.role === user.role && r.agencyId === user.agencyId,
  }));
}

/** Whether the role reads the monitoring pages (the header's "Theo dõi, báo cáo" link). */
export function readsReports(role: Role): boolean {
  return hasPermission({ role }, "read:reports:agency") || hasPermission({ role }, "read:reports:all");
}

/** The page a role starts on. */
export function homeOf(role: Role): string {
  if (hasPermission({ role }, "read:inbox:agency")) return "/can-bo";
  if (hasPermission({ role }, "read:dossier:own")) return "/ho-so-cua-toi";
  if (hasPermission({ role }, "manage:users:all")) return "/quan-tri";
  // The monitor's work is the dashboard (issue 12); a leader keeps her queues and gets the nav link.
  if (hasPermission({ role }, "read:reports:all")) return "/giam-sat";
  return "/";
}

/** A DossierActionError as the HTTP answer a route throws (401 becomes the sign-in redirect). */
export function accessErrorResponse(error: DossierActionError, request: Request): Response {
  if (error.status === 401) {
    const url = new URL(request.url);
    return redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return new Response(error.message, { status: error.status });
}
