/**
 * Who works on a dossier (issue 10): claiming (nhận xử lý), assigning and reassigning (phân công),
 * and the unit and person a hand-over names. The statechart records the assignment per step; what
 * it cannot know is who exists: these checks read the database, on the server, for every caller
 * of performDossierAction. The form never says who the actor is or which agency she serves.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agencies, ROLES, userRoles, users, type dossiers, type UserRole } from "../../db/schema";
import type { DossierEvent, DossierView, Role, StepAssignment, WorkflowDefinition } from "../../workflows/dossier-machine";
import type { AppServices } from "./context.server";
import { DossierActionError } from "./dossier-errors.server";
import { agencyHolding, hasPermission, type Actor } from "./permissions.server";

/** The role that acts at a step key: the desk at reception and return, the clerk at signing, else the step's. */
export function roleOfStep(definition: WorkflowDefinition, stepKey: string | null): Role | null {
  if (stepKey === "reception" || stepKey === "return") return "desk";
  if (stepKey === "signing") return "clerk";
  return definition.steps.find((s) => s.key === stepKey)?.role ?? null;
}

/** The role as the users' table knows it; null for roles no account holds (the system, the postal partner). */
const accountRole = (role: Role | null): UserRole | null => (role && (ROLES as readonly string[]).includes(role) ? (role as UserRole) : null);

/** Whether the event names a unit or a person: only those need the checks below. */
export function namesAssignment(event: DossierEvent): boolean {
  if (event.type === "ASSIGN") return true;
  if (event.type === "TRANSFER" || event.type === "COMPLETE_STEP") return event.unitId !== undefined || event.assigneeUserId !== undefined;
  return false;
}

type AssignmentCheck = {
  actor: Actor;
  dossier: Pick<typeof dossiers.$inferSelect, "receivingAgencyId" | "snapshot">;
  definition: WorkflowDefinition;
  event: DossierEvent;
  /** The state the pure transition produced: its assignment is what would be stored. */
  before: StepAssignment | null;
  next: DossierView;
};

const refuse = (status: 400 | 403 | 409, message: string) => new DossierActionError(status, message);

/**
 * Throws a DossierActionError when the assignment the event would store is not allowed; returns a
 * line for the timeline ("Giao: Lê Văn Cường — Phòng Tài chính - Kế hoạch"; "Chuyển tới: …" for a hand-over) otherwise.
 */
export async function checkAssignment(db: Database, check: AssignmentCheck): Promise<string> {
  const { actor, dossier, definition, event, next, before } = check;
  const holding = agencyHolding(dossier);
  const after = next.assignment ?? { unitId: null, userId: null };
  const stepRole = roleOfStep(definition, next.stepKey);
  const named: { unitId?: number | null; assigneeUserId?: number | null } =
    event.type === "ASSIGN" || event.type === "TRANSFER" || event.type === "COMPLETE_STEP" ? event : {};

  if (event.type === "ASSIGN" && !hasPermission(actor, "assign:dossier:agency")) {
    // A claim: only herself, never a unit, and not a dossier someone else already holds.
    if (event.assigneeUserId !== actor.userId || event.unitId !== undefined) {
      throw refuse(403, "Bạn chỉ được nhận xử lý hồ sơ cho chính mình; việc phân công do lãnh đạo phòng, lãnh đạo cơ quan thực hiện.");
    }
    if (before?.userId != null && before.userId !== actor.userId) throw refuse(409, "Hồ sơ đã có cán bộ khác nhận xử lý.");
  }

  if (event.type === "ASSIGN" && hasPermission(actor, "assign:dossier:agency") && actor.role === "unitHead" && actor.userId !== null) {
    // A unit head assigns within her own unit (phòng); the leader assigns across the agency.
    const [head] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.id, actor.userId));
    if (head?.unitId != null && after.unitId !== null && after.unitId !== head.unitId) {
      throw refuse(403, "Lãnh đạo phòng chỉ phân công hồ sơ trong phòng của mình.");
    }
    if (head?.unitId != null && after.unitId === null && event.assigneeUserId != null) {
      const [assignee] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.id, event.assigneeUserId));
      if (assignee?.unitId !== head.unitId) throw refuse(403, "Lãnh đạo phòng chỉ phân công hồ sơ trong phòng của mình.");
    }
  }

  const parts: string[] = [];
  const unitNamed = named.unitId !== undefined && named.unitId !== null;
  if (unitNamed || after.unitId !== null) {
    const [unit] = await db.select().from(agencies).where(eq(agencies.id, after.unitId ?? 0));
    if (unitNamed && (!unit || unit.kind !== "unit" || unit.parentId !== holding || !unit.active)) {
      throw refuse(400, "Phòng được chọn không thuộc cơ quan đang giải quyết hồ sơ.");
    }
    if (unit) parts.push(unit.name);
  }
  const personNamed = named.assigneeUserId != null;
  if (personNamed && after.userId !== null) {
    const role = accountRole(stepRole);
    const [person] = !role
      ? []
      : await db
          .select({ id: users.id, fullName: users.fullName, unitId: users.unitId, active: users.active })
          .from(users)
          .innerJoin(userRoles, eq(userRoles.userId, users.id))
          .where(and(eq(users.id, after.userId), eq(userRoles.agencyId, holding), eq(userRoles.role, role)));
    if (!person || !person.active) {
      throw refuse(400, "Người được chọn không phải cán bộ đang làm việc của cơ quan giải quyết hồ sơ với vai trò của bước này.");
    }
    if (after.unitId !== null && person.unitId !== after.unitId) throw refuse(400, "Người được chọn không thuộc phòng được giao hồ sơ.");
    parts.unshift(person.fullName);
  }
  if (event.type === "ASSIGN" && after.userId === null && after.unitId === null) return "Bỏ phân công";
  const verb = event.type !== "ASSIGN" ? "Chuyển tới" : after.userId !== null && after.userId === actor.userId ? "Nhận xử lý" : "Giao";
  return parts.length > 0 ? `${verb}: ${parts.join(" — ")}` : "";
}

export type AssignmentOption = { id: string; name: string };
export type AssigneeOption = AssignmentOption & { unitId: string | null };

/**
 * Who a step can be handed to at an agency: its active units, and its active officers of the role,
 * with their unit. `unitOnly` narrows both to one unit (a unit head assigns within hers).
 */
export async function assignmentOptions(services: AppServices, agencyId: number, role: Role | null, unitOnly: number | null = null) {
  const { db } = services.database;
  const units = await db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(and(eq(agencies.parentId, agencyId), eq(agencies.kind, "unit"), eq(agencies.active, true)))
    .orderBy(asc(agencies.name));
  const held = accountRole(role);
  const people = held
    ? await db
        .selectDistinct({ id: users.id, name: users.fullName, unitId: users.unitId, title: users.title })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(userRoles.agencyId, agencyId), eq(userRoles.role, held), eq(users.active, true)))
        .orderBy(asc(users.fullName))
    : [];
  return {
    units: units.filter((u) => unitOnly === null || u.id === unitOnly).map((u) => ({ id: String(u.id), name: u.name })),
    people: people
      .filter((p) => unitOnly === null || p.unitId === unitOnly)
      .map((p) => ({ id: String(p.id), name: p.title ? `${p.name} (${p.title})` : p.name, unitId: p.unitId === null ? null : String(p.unitId) })),
  };
}

export type AssignmentPanel = {
  /** Who holds the current step now, for the page to say. */
  unitName: string | null;
  userName: string | null;
  /** The signed-in officer may take the step for herself (nhận xử lý). */
  canClaim: boolean;
  /** The signed-in unit head or leader may assign it; with the choices she has. */
  canAssign: boolean;
  units: AssignmentOption[];
  people: AssigneeOption[];
  transactionIds: { claim: string; assign: string };
};

/**
 * The dossier page's claim and assign block, for one viewer; null when ASSIGN is not hers to send
 * now. `assignAvailable` is what the statechart and the object-level check already said.
 */
export async function assignmentPanelFor(
  services: AppServices,
  user: { id: number; role: Role; agencyId: number },
  dossier: Pick<typeof dossiers.$inferSelect, "receivingAgencyId" | "snapshot" | "assignedUserId" | "assignedUnitId" | "stepKey">,
  definition: WorkflowDefinition,
  assignAvailable: boolean,
  newId: () => string,
): Promise<AssignmentPanel | null> {
  if (!assignAvailable) return null;
  const { db } = services.database;
  const canAssign = hasPermission(user, "assign:dossier:agency");
  const stepRole = roleOfStep(definition, dossier.stepKey);
  const canClaim =
    hasPermission(user, "claim:dossier:agency") && user.role === stepRole && dossier.assignedUserId !== user.id && (canAssign || dossier.assignedUserId === null);
  const ids = [dossier.assignedUnitId, dossier.assignedUserId];
  const [unit] = ids[0] ? await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, ids[0])) : [];
  const [person] = ids[1] ? await db.select({ name: users.fullName }).from(users).where(eq(users.id, ids[1])) : [];
  let options: { units: AssignmentOption[]; people: AssigneeOption[] } = { units: [], people: [] };
  if (canAssign) {
    const [me] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.id, user.id));
    const ownUnit = user.role === "unitHead" ? (me?.unitId ?? null) : null;
    options = await assignmentOptions(services, agencyHolding(dossier), stepRole, ownUnit);
  }
  if (!canClaim && !canAssign) return null;
  return {
    unitName: unit?.name ?? null,
    userName: person?.name ?? null,
    canClaim,
    canAssign,
    ...options,
    transactionIds: { claim: newId(), assign: newId() },
  };
}

/** The units and officers a TRANSFER or COMPLETE_STEP can name: those of the step it enters. */
export async function handOverOptionsFor(
  services: AppServices,
  dossier: Pick<typeof dossiers.$inferSelect, "receivingAgencyId" | "snapshot" | "stepKey" | "statePath">,
  definition: WorkflowDefinition,
) {
  const steps = definition.steps;
  const index = dossier.statePath === "received" ? 0 : steps.findIndex((s) => s.key === dossier.stepKey) + 1;
  const entering = index > 0 || dossier.statePath === "received" ? steps[index] : undefined;
  if (!entering || (entering.kind ?? "process") !== "process") return null;
  return { stepName: entering.name, ...(await assignmentOptions(services, agencyHolding(dossier), entering.role)) };
}
