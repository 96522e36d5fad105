/**
 * The one path every dossier action takes (ARCHITECTURE.md): authorise, load, pure transition,
 * then one transaction that updates the dossier under an optimistic lock, appends a hash-chained
 * event and enqueues the machine's effects as jobs. UI routes, partner APIs and jobs all call
 * `performDossierAction`.
 */
import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type pg from "pg";
import { withTransaction, type Database } from "../../db/client";
import { dossierEvents, dossiers, procedures, workflowVersions } from "../../db/schema";
import { addWorkingTime, shiftForPause, type WorkCalendar } from "../../workflows/calendar";
import {
  transitionDossier,
  type DossierEffect,
  type DossierEvent,
  type Role,
  type WorkflowDefinition,
} from "../../workflows/dossier-machine";
import type { AppServices } from "./context.server";
import { enqueueEffects } from "./jobs.server";

export type DossierActor = {
  userId: number | null;
  role: Role;
  /** Agency the actor serves; 0 for citizens and the system. */
  agencyId: number;
};

export const SYSTEM_ACTOR: DossierActor = { userId: null, role: "system", agencyId: 0 };

/** An action the user may retry or correct; carries the HTTP status and a Vietnamese message. */
export class DossierActionError extends Error {
  constructor(
    public readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export const GENESIS_HASH = "0".repeat(64);

type EventHashInput = {
  dossierId: string;
  seq: number;
  actorUserId: number | null;
  actorRole: string;
  action: string;
  fromState: string | null;
  toState: string;
  note: string | null;
  occurredAt: Date;
  stepDueAt?: Date | null;
  prevHash: string;
};

/** Hash of an event row over its meaningful fields and the previous hash: altering any row breaks the chain. */
export function eventHash(e: EventHashInput): string {
  const canonical = JSON.stringify([
    e.dossierId,
    e.seq,
    e.actorUserId,
    e.actorRole,
    e.action,
    e.fromState,
    e.toState,
    e.note,
    e.occurredAt.toISOString(),
    e.stepDueAt ? e.stepDueAt.toISOString() : null,
    e.prevHash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** Appends one event to a dossier's chain inside the caller's transaction. */
export async function appendDossierEvent(
  tx: Database,
  row: Omit<EventHashInput, "seq" | "prevHash"> & {
    fromStatus: number | null;
    toStatus: number;
    effects: DossierEffect[];
  },
): Promise<void> {
  const [last] = await tx
    .select({ seq: dossierEvents.seq, hash: dossierEvents.hash })
    .from(dossierEvents)
    .where(eq(dossierEvents.dossierId, row.dossierId))
    .orderBy(desc(dossierEvents.seq))
    .limit(1);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.insert(dossierEvents).values({ ...row, seq, prevHash, hash: eventHash({ ...row, seq, prevHash }) });
}

export function workflowDefinitionOf(version: typeof workflowVersions.$inferSelect): WorkflowDefinition {
  return { id: version.machineId, version: version.version, steps: version.steps };
}

/**
 * The agency that holds the dossier now: the receiving agency, or the last one it was forwarded to
 * (liên thông). Agencies in the statechart are our agency ids as strings.
 */
export function agencyHolding(dossier: Pick<typeof dossiers.$inferSelect, "receivingAgencyId" | "snapshot">): number {
  const forwardedTo = dossier.snapshot.context.agencyStack?.at(-1);
  return forwardedTo ? Number(forwardedTo) : dossier.receivingAgencyId;
}

/** Every agency that has held the dossier; all of them may read it and its history. */
export function agenciesInvolved(dossier: Pick<typeof dossiers.$inferSelect, "receivingAgencyId" | "snapshot">): number[] {
  return [dossier.receivingAgencyId, ...(dossier.snapshot.context.visitedAgencies ?? []).map(Number)];
}

function authorise(actor: DossierActor, dossier: typeof dossiers.$inferSelect): void {
  if (actor.role === "system") return;
  if (actor.role === "citizen") {
    if (dossier.applicantUserId !== actor.userId) {
      throw new DossierActionError(403, "Bạn chỉ được thao tác trên hồ sơ của chính mình.");
    }
    return;
  }
  if (actor.agencyId !== agencyHolding(dossier)) {
    throw new DossierActionError(
      403,
      agenciesInvolved(dossier).includes(actor.agencyId)
        ? "Hồ sơ đang được xử lý tại cơ quan khác; cơ quan của bạn chỉ được xem."
        : "Hồ sơ này không thuộc cơ quan của bạn.",
    );
  }
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
  event: DossierEvent;
  note?: string;
  /** The version the user saw; a stale one is refused rather than applied over someone else's change. */
  expectedVersion?: number;
  now?: Date;
  /** Writes that belong to the same change (files supplied with a supplement), in the same transaction. */
  alsoInTransaction?: (tx: Database, dossierId: string) => Promise<void>;
};

export type DossierActionResult = { status: number; statePath: string; version: number };

export async function performDossierAction(
  services: AppServices,
  input: DossierActionInput,
): Promise<DossierActionResult> {
  const { db } = services.database;
  const now = input.now ?? new Date();
  const [row] = await db
    .select({ dossier: dossiers, version: workflowVersions, procedure: procedures })
    .from(dossiers)
    .innerJoin(workflowVersions, eq(workflowVersions.id, dossiers.workflowVersionId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(eq(dossiers.id, input.dossierId));
  if (!row) throw new DossierActionError(404, "Không tìm thấy hồ sơ.");
  const { dossier, procedure } = row;
  authorise(input.actor, dossier);
  if (input.expectedVersion !== undefined && input.expectedVersion !== dossier.version) {
    throw new DossierActionError(409, "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.");
  }

  const definition = workflowDefinitionOf(row.version);
  const result = transitionDossier(definition, dossier.snapshot, input.event);
  if (!result.ok) throw new DossierActionError(409, result.reason);
  const { next, effects } = result;

  const calendar = await services.calendar();
  const clock = clockChanges(effects, dossier, procedure, definition, calendar, now);
  if (input.event.type === "RETURN_RESULT") clock.returnedAt = now;

  return withTransaction(services.database, async (tx, client: pg.PoolClient) => {
    const updated = await tx
      .update(dossiers)
      .set({
        snapshot: next.state,
        status: next.status,
        statePath: next.statePath,
        stepKey: next.stepKey,
        ...clock,
        version: dossier.version + 1,
        updatedAt: now,
      })
      .where(and(eq(dossiers.id, dossier.id), eq(dossiers.version, dossier.version)))
      .returning({ version: dossiers.version });
    if (updated.length === 0) {
      throw new DossierActionError(409, "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.");
    }
    await appendDossierEvent(tx, {
      dossierId: dossier.id,
      actorUserId: input.actor.userId,
      actorRole: input.actor.role,
      action: input.event.type,
      fromState: dossier.statePath,
      toState: next.statePath,
      fromStatus: dossier.status,
      toStatus: next.status,
      note: input.note ?? null,
      effects,
      occurredAt: now,
      // Only an event that starts (or resumes) a step has a step due time of its own.
      stepDueAt: clock.stepDueAt ?? null,
    });
    await input.alsoInTransaction?.(tx, dossier.id);
    await enqueueEffects(services, client, {
      dossierId: dossier.id,
      actorUserId: input.actor.userId,
      note: input.note ?? null,
      effects,
      previousDueAt: dossier.dueAt,
    });
    return { status: next.status, statePath: next.statePath, version: updated[0].version };
  });
}
