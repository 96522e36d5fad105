/**
 * The one path every dossier action takes (ARCHITECTURE.md): authorise, load, pure transition,
 * then one transaction that updates the dossier under an optimistic lock, appends a hash-chained
 * event and enqueues the machine's effects as jobs. UI routes, partner APIs and jobs all call
 * `performDossierAction`.
 */
import { and, eq } from "drizzle-orm";
import type pg from "pg";
import { pgErrorCode, PG_UNIQUE_VIOLATION, withTransaction, type Database } from "../../db/client";
import { dossiers, procedures, workflowVersions } from "../../db/schema";
import { addWorkingTime, shiftForPause, type WorkCalendar } from "../../workflows/calendar";
import {
  dossierView,
  transitionDossier,
  type DossierEffect,
  type DossierEvent,
  type WorkflowDefinition,
} from "../../workflows/dossier-machine";
import { checkAssignment, namesAssignment } from "./assignments.server";
import type { AppServices } from "./context.server";
import { DossierActionError } from "./dossier-errors.server";
import { reactToDossierEvent } from "./event-reactions.server";
import { appendDossierEvent, findEventByTransaction, type StoredDossierEvent } from "./dossier-events.server";
import { calendarForAgency } from "./agency-calendar.server";
import { enqueueEffects } from "./jobs.server";
import { agenciesInvolved, agencyHolding, requireDossierAccess, type Actor } from "./permissions.server";

export { DossierActionError, agencyHolding, agenciesInvolved };
export { eventHash, GENESIS_HASH } from "./dossier-events.server";

export type DossierActor = Actor;

export const SYSTEM_ACTOR: DossierActor = { userId: null, role: "system", agencyId: 0 };

type WithoutRole<E> = E extends unknown ? Omit<E, "role"> : never;
/**
 * A dossier event as a caller asks for it: without a role. The role the statechart's guards see is
 * always the authenticated actor's, put in here on the server.
 */
export type DossierCommand = WithoutRole<DossierEvent>;

export function asActorEvent(command: DossierCommand, actor: Pick<DossierActor, "role">): DossierEvent {
  // A role smuggled in at run time (a cast, a JSON body) is overwritten, never read.
  return { ...command, role: actor.role } as DossierEvent;
}

export function workflowDefinitionOf(version: typeof workflowVersions.$inferSelect): WorkflowDefinition {
  return { id: version.machineId, version: version.version, steps: version.steps };
}

type ClockColumns = Pick<
  typeof dossiers.$inferInsert,
  "receivedAt" | "dueAt" | "stepDueAt" | "pausedAt" | "returnedAt"
>;

/** Applies the clock effects: due times are columns, never timers inside the machine. */
function clockChanges(
  effects: DossierEffect[],
  dossier: typeof dossiers.$inferSelect,
  procedure: typeof procedures.$inferSelect,
  definition: WorkflowDefinition,
  calendar: WorkCalendar,
  now: Date,
): ClockColumns {
  const changes: ClockColumns = {};
  for (const effect of effects) {
    switch (effect.type) {
      case "startClock": {
        const allowance = dossier.channel === 2 && procedure.onlineAllowance ? procedure.onlineAllowance : procedure.allowance;
        changes.receivedAt = now;
        changes.dueAt = addWorkingTime(now, allowance, calendar);
        break;
      }
      case "startStepClock": {
        const step = definition.steps.find((s) => s.key === effect.stepKey);
        if (step) changes.stepDueAt = addWorkingTime(now, step.allowance, calendar);
        break;
      }
      case "pauseClock":
        changes.pausedAt = now;
        break;
      case "resumeClock": {
        const pausedAt = dossier.pausedAt ?? now;
        if (dossier.dueAt) changes.dueAt = shiftForPause(dossier.dueAt, pausedAt, now, calendar);
        if (dossier.stepDueAt) changes.stepDueAt = shiftForPause(dossier.stepDueAt, pausedAt, now, calendar);
        changes.pausedAt = null;
        break;
      }
      case "extendDue": {
        // Mẫu 04 announces a later appointment; an earlier or unreadable one would shorten the
        // allowance behind the applicant's back.
        const newDueAt = new Date(effect.newDueAt);
        const current = changes.dueAt ?? dossier.dueAt;
        if (Number.isNaN(newDueAt.getTime()) || newDueAt.getTime() <= now.getTime() || (current && newDueAt.getTime() <= current.getTime())) {
          throw new DossierActionError(400, "Ngày hẹn trả kết quả mới phải sau hạn giải quyết hiện tại.");
        }
        changes.dueAt = newDueAt;
        break;
      }
      default:
        break;
    }
  }
  return changes;
}

export type DossierActionInput = {
  dossierId: string;
  actor: DossierActor;
  event: DossierCommand;
  note?: string;
  /**
   * The random id the action form carried. A second request with it (double click, replayed POST)
   * makes no second event and gets the first one's answer.
   */
  transactionId?: string;
  /** The version the user saw; a stale one is refused rather than applied over someone else's change. */
  expectedVersion?: number;
  now?: Date;
  /**
   * Writes that belong to the same change (files supplied with a supplement, a postal order's new
   * status, a payment's receipt and the mail keyed by this event), in the same transaction; `event` is
   * the one appended.
   */
  alsoInTransaction?: (tx: Database, dossierId: string, event: StoredDossierEvent) => Promise<void>;
};

export type DossierActionResult = {
  status: number;
  statePath: string;
  version: number;
  /** True when this was a replay answered from the event the transaction id already made. */
  replayed: boolean;
  /** The event this action appended (or, for a replay, the one it appended the first time). */
  eventId: number;
};

/** The optimistic lock lost: someone else's change came first. Pages show it with the dossier as it is now. */
export const STALE_DOSSIER_MESSAGE = "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.";
const STALE = STALE_DOSSIER_MESSAGE;

/** The answer a replay gets: the first request's, read back from its event. The same id for another action or actor is refused. */
function replayAnswer(stored: StoredDossierEvent, actor: DossierActor, eventType: string): DossierActionResult {
  if (stored.actorUserId !== actor.userId || stored.action !== eventType) {
    throw new DossierActionError(409, "Mã giao dịch của biểu mẫu đã được dùng cho một thao tác khác. Vui lòng tải lại trang.");
  }
  return { status: stored.toStatus, statePath: stored.toState, version: stored.dossierVersion ?? 0, replayed: true, eventId: stored.id };
}

export async function performDossierAction(
  services: AppServices,
  input: DossierActionInput,
): Promise<DossierActionResult> {
  const { db } = services.database;
  const now = input.now ?? new Date();
  const row = await loadForAction(db, input.dossierId);
  if (!row) throw new DossierActionError(404, "Không tìm thấy hồ sơ.");
  const { dossier } = row;
  requireDossierAccess(input.actor, dossier, input.event.type);
  const { transactionId } = input;
  if (transactionId) {
    const stored = await findEventByTransaction(db, dossier.id, transactionId);
    if (stored) return replayAnswer(stored, input.actor, input.event.type);
  }
  try {
    return await applyTransition(services, input, row, now);
  } catch (error) {
    // A concurrent request with the same transaction id won: answer as it was answered.
    const raced = error instanceof DossierActionError ? error.status === 409 : pgErrorCode(error) === PG_UNIQUE_VIOLATION;
    if (transactionId && raced) {
      const stored = await findEventByTransaction(db, dossier.id, transactionId);
      if (stored) return replayAnswer(stored, input.actor, input.event.type);
    }
    throw error;
  }
}

type LoadedDossier = { dossier: typeof dossiers.$inferSelect; version: typeof workflowVersions.$inferSelect; procedure: typeof procedures.$inferSelect };

async function loadForAction(db: Database, dossierId: string): Promise<LoadedDossier | undefined> {
  const [row] = await db
    .select({ dossier: dossiers, version: workflowVersions, procedure: procedures })
    .from(dossiers)
    .innerJoin(workflowVersions, eq(workflowVersions.id, dossiers.workflowVersionId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(eq(dossiers.id, dossierId));
  return row;
}

/**
 * Everything decided before the write: the version check, the statechart's transition, the check of
 * whom a claim, an assignment or a hand-over names (read through `db`: the caller's transaction when
 * there is one) and the clock columns the effects ask for.
 */
async function planTransition(db: Database, input: DossierActionInput, row: LoadedDossier, calendar: WorkCalendar, now: Date) {
  const { dossier, procedure } = row;
  if (input.expectedVersion !== undefined && input.expectedVersion !== dossier.version) {
    throw new DossierActionError(409, STALE);
  }
  const definition = workflowDefinitionOf(row.version);
  const event = asActorEvent(input.event, input.actor);
  const result = transitionDossier(definition, dossier.snapshot, event);
  if (!result.ok) throw new DossierActionError(409, result.reason);
  const { next, effects } = result;
  const assignmentNote = namesAssignment(event)
    ? await checkAssignment(db, {
        actor: input.actor,
        dossier,
        definition,
        event,
        before: dossierView(definition, dossier.snapshot).assignment,
        next,
      })
    : "";
  const clock = clockChanges(effects, dossier, procedure, definition, calendar, now);
  if (input.event.type === "RETURN_RESULT") clock.returnedAt = now;
  return { next, effects, clock, note: input.note ?? (assignmentNote || undefined) };
}

async function applyTransition(services: AppServices, input: DossierActionInput, row: LoadedDossier, now: Date): Promise<DossierActionResult> {
  // The receiving agency's office hours (its own, or the default) decide its due times.
  const calendar = await calendarForAgency(services, row.dossier.receivingAgencyId);
  const plan = await planTransition(services.database.db, input, row, calendar, now);
  return withTransaction(services.database, (tx, client) => writeTransition(services, tx, client, input, row.dossier, plan, now));
}

/**
 * The same path inside a transaction the caller already holds, for a change that must be one with
 * the dossier's creation (a walk-in dossier is created and received at once: both or neither).
 * Everything is read through `tx` (on PGlite a second connection would wait for this transaction),
 * so the caller passes the working calendar, read before its transaction began.
 */
export async function performDossierActionInTransaction(
  services: AppServices,
  tx: Database,
  client: pg.PoolClient,
  input: DossierActionInput & { calendar: WorkCalendar },
): Promise<DossierActionResult> {
  const now = input.now ?? new Date();
  const row = await loadForAction(tx, input.dossierId);
  if (!row) throw new DossierActionError(404, "Không tìm thấy hồ sơ.");
  requireDossierAccess(input.actor, row.dossier, input.event.type);
  if (input.transactionId) {
    const stored = await findEventByTransaction(tx, row.dossier.id, input.transactionId);
    if (stored) return replayAnswer(stored, input.actor, input.event.type);
  }
  return writeTransition(services, tx, client, input, row.dossier, await planTransition(tx, input, row, input.calendar, now), now);
}

async function writeTransition(
  services: AppServices,
  tx: Database,
  client: pg.PoolClient,
  input: DossierActionInput,
  dossier: typeof dossiers.$inferSelect,
  plan: Awaited<ReturnType<typeof planTransition>>,
  now: Date,
): Promise<DossierActionResult> {
  const { next, effects, clock, note } = plan;
  const updated = await tx
    .update(dossiers)
    .set({
      snapshot: next.state,
      status: next.status,
      statePath: next.statePath,
      stepKey: next.stepKey,
      // Derived from the snapshot on every write, like the status: the queues read these columns.
      assignedUserId: next.assignment?.userId ?? null,
      assignedUnitId: next.assignment?.unitId ?? null,
      ...clock,
      version: dossier.version + 1,
      updatedAt: now,
    })
    .where(and(eq(dossiers.id, dossier.id), eq(dossiers.version, dossier.version)))
    .returning({ version: dossiers.version });
  if (updated.length === 0) throw new DossierActionError(409, STALE);
  const appended = await appendDossierEvent(tx, {
    dossierId: dossier.id,
    actorUserId: input.actor.userId,
    actorRole: input.actor.role,
    action: input.event.type,
    fromState: dossier.statePath,
    toState: next.statePath,
    fromStatus: dossier.status,
    toStatus: next.status,
    note: note ?? null,
    effects,
    occurredAt: now,
    // Only an event that starts (or resumes) a step has a step due time of its own.
    stepDueAt: clock.stepDueAt ?? null,
    transactionId: input.transactionId ?? null,
  });
  await reactToDossierEvent(services, tx, appended);
  await input.alsoInTransaction?.(tx, dossier.id, appended);
  await enqueueEffects(services, tx, client, {
    dossierId: dossier.id,
    eventId: appended.id,
    actorUserId: input.actor.userId,
    note: note ?? null,
    effects,
    previousDueAt: dossier.dueAt,
    now,
  });
  return { status: next.status, statePath: next.statePath, version: updated[0].version, replayed: false, eventId: appended.id };
}
