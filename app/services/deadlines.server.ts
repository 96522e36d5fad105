/**
 * The scheduled deadline scan (every 15 minutes): turns "due soon" and "overdue" into dossier events
 * and reminds the officers who hold the dossier. Deadlines are columns, never timers in the machine.
 */
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { withTransaction } from "../../db/client";
import { dossierReminders, dossiers, procedures, ROLES, userRoles, users, workflowVersions, type UserRole } from "../../db/schema";
import type { WorkCalendar } from "../../workflows/calendar";
import { isDueSoon, isOverdue } from "../../workflows/timeliness";
import type { Role, WorkflowStep } from "../../workflows/dossier-machine";
import { CLOCK_RUNNING_STATUSES } from "../../workflows/dossier-status";
import { calendarForAgency } from "./agency-calendar.server";
import type { AppServices } from "./context.server";
import { agencyHolding } from "./dossier-actions.server";
import { reactToDossierEvent } from "./event-reactions.server";
import { appendDossierEvent } from "./dossier-events.server";
import { QUEUES, sendInTransaction, type OfficerReminder } from "./jobs.server";

/** "Due soon" means at most half a working day of working time left. */
export const DUE_SOON_WORKING_MINUTES = 240;

const EVENT_BY_REMINDER: Record<Exclude<OfficerReminder, "forwarded">, string> = { dueSoon: "DUE_SOON", overdue: "OVERDUE" };

/** The role that must act on a dossier at its current step. */
export function roleAtStep(steps: WorkflowStep[], stepKey: string | null): UserRole {
  // Signed by the leader, waiting for the seal (issue #8): the records clerk applies it.
  if (stepKey === "signing") return "clerk";
  const role: Role = steps.find((s) => s.key === stepKey)?.role ?? "desk";
  // Steps done by the citizen or the system (a fee paid online) have no officer to remind: the desk follows them up.
  return (ROLES as readonly string[]).includes(role) && role !== "citizen" ? (role as UserRole) : "desk";
}

export async function scanDeadlines(services: AppServices, now = new Date()): Promise<{ dueSoon: number; overdue: number }> {
  const { db } = services.database;
  // "Due soon" is counted in the working time of the dossier's receiving agency, as its due time was.
  const calendars = new Map<number, Promise<WorkCalendar>>();
  const calendarOf = (agencyId: number) => {
    if (!calendars.has(agencyId)) calendars.set(agencyId, calendarForAgency(services, agencyId));
    return calendars.get(agencyId)!;
  };
  // Paused dossiers (waiting for a supplement or a fee) are not counted: their clock is stopped.
  const open = await db
    .select({ id: dossiers.id, dueAt: dossiers.dueAt, agencyId: dossiers.receivingAgencyId })
    .from(dossiers)
    .where(and(inArray(dossiers.status, [...CLOCK_RUNNING_STATUSES]), isNotNull(dossiers.dueAt), isNull(dossiers.pausedAt)));
  const counts = { dueSoon: 0, overdue: 0 };
  for (const { id, dueAt, agencyId } of open) {
    const calendar = await calendarOf(agencyId);
    const reminder = isOverdue(dueAt!, now) ? "overdue" : isDueSoon(dueAt!, now, calendar, DUE_SOON_WORKING_MINUTES) ? "dueSoon" : null;
    if (!reminder) continue;
    const sent = await withTransaction(services.database, async (tx, client) => {
      // The row lock orders this event after any action committing on the same dossier.
      const [dossier] = await tx.select().from(dossiers).where(eq(dossiers.id, id)).for("update");
      if (!dossier.dueAt || dossier.dueAt.getTime() !== dueAt!.getTime()) return false; // moved meanwhile
      const inserted = await tx.insert(dossierReminders).values({ dossierId: id, kind: reminder, dueAt: dossier.dueAt, sentAt: now }).onConflictDoNothing().returning();
      if (inserted.length === 0) return false;
      const appended = await appendDossierEvent(tx, {
        dossierId: id,
        actorUserId: null,
        actorRole: "system",
        action: EVENT_BY_REMINDER[reminder],
        fromState: dossier.statePath,
        toState: dossier.statePath,
        fromStatus: dossier.status,
        toStatus: dossier.status,
        note: null,
        effects: [],
        occurredAt: now,
        // One reminder per kind and due time; the key makes a second append impossible, not just unlikely.
        transactionId: `${reminder}:${dossier.dueAt.toISOString()}`,
      });
      await reactToDossierEvent(services, tx, appended);
      await sendInTransaction(services.boss, client, QUEUES.notifyOfficers, { dossierId: id, reminder });
      return true;
    });
    if (sent) counts[reminder] += 1;
  }
  return counts;
}

/** The officers who hold a dossier now: the role of its current step, at the agency holding it. */
export async function officersHolding(services: AppServices, dossierId: string, agencyId?: number) {
  const { db } = services.database;
  const [row] = await db
    .select({ dossier: dossiers, steps: workflowVersions.steps, procedureName: procedures.name })
    .from(dossiers)
    .innerJoin(workflowVersions, eq(workflowVersions.id, dossiers.workflowVersionId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(eq(dossiers.id, dossierId));
  if (!row) return null;
  const role = roleAtStep(row.steps, row.dossier.stepKey);
  const holding = agencyId ?? agencyHolding(row.dossier);
  const all = await db
    .select({ id: users.id, fullName: users.fullName, email: users.email, unitId: users.unitId })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, role), eq(userRoles.agencyId, holding), eq(users.active, true)));
  // Issue 10: the officer the step is assigned to, else the officers of the unit it was handed to,
  // else everyone of the role. Reminders for an agency other than the holding one stay role-wide.
  const assigned = agencyId === undefined || agencyId === agencyHolding(row.dossier);
  const person = assigned ? all.filter((o) => o.id === row.dossier.assignedUserId) : [];
  const unit = assigned ? all.filter((o) => row.dossier.assignedUnitId !== null && o.unitId === row.dossier.assignedUnitId) : [];
  const officers = person.length > 0 ? person : unit.length > 0 ? unit : all;
  return {
    dossier: row.dossier,
    procedureName: row.procedureName,
    officers: officers
      .filter((o): o is typeof o & { email: string } => !!o.email)
      .map(({ id, fullName, email }) => ({ id, fullName, email })),
  };
}
