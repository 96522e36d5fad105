/**
 * The one module that writes dossier history (nhật ký hồ sơ). Submission, officers' and citizens'
 * actions (performDossierAction), system events (the deadline scan's DUE_SOON / OVERDUE, a lapsed
 * supplement deadline) and later partner callbacks all append here, inside the transaction that
 * changes the dossier. A test (dossier-events.test.ts) fails when any other file inserts into
 * dossier_events; a database trigger refuses UPDATE and DELETE (migration 0006).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { CURRENT_HASH_SCHEME, eventHash, GENESIS_HASH, type ChainedEventRow } from "../../db/event-chain";
import { dossierEvents, dossiers } from "../../db/schema";

export { eventHash, GENESIS_HASH };

/** What a caller states about an event; seq, id, version, hashes are the module's business. */
export type NewDossierEvent = Omit<ChainedEventRow, "id" | "seq" | "stepDueAt" | "transactionId" | "dossierVersion" | "hashScheme" | "prevHash"> & {
  stepDueAt?: Date | null;
  /** The form's transaction id or the submission's idempotency key; unique per dossier. */
  transactionId?: string | null;
};

export type StoredDossierEvent = typeof dossierEvents.$inferSelect;

/**
 * Appends one event at the end of the dossier's chain. `tx` must be the transaction that changed
 * (or created) the dossier: the row lock taken here orders concurrent appends on one dossier, and
 * the check below refuses to run in autocommit, where history and dossier could part ways.
 */
export async function appendDossierEvent(tx: Database, event: NewDossierEvent): Promise<StoredDossierEvent> {
  const locked = await tx.execute<{ version: number }>(
    sql`select ${dossiers.version} as version from ${dossiers} where ${dossiers.id} = ${event.dossierId} for update`,
  );
  if (locked.rows.length === 0) throw new Error(`dossier ${event.dossierId} does not exist`);
  // A row lock assigns a transaction id; in autocommit the statement's transaction is already over.
  const inTransaction = await tx.execute<{ xid: string | null }>(sql`select pg_current_xact_id_if_assigned()::text as xid`);
  if (!inTransaction.rows[0]?.xid) throw new Error("dossier events are appended only inside the dossier's transaction");

  const [last] = await tx
    .select({ seq: dossierEvents.seq, hash: dossierEvents.hash })
    .from(dossierEvents)
    .where(eq(dossierEvents.dossierId, event.dossierId))
    .orderBy(desc(dossierEvents.seq))
    .limit(1);
  // The id is part of the hashed row, so it is drawn before the insert.
  const idResult = await tx.execute<{ id: string }>(sql`select nextval(pg_get_serial_sequence('dossier_events', 'id'))::text as id`);
  const row: ChainedEventRow = {
    id: Number(idResult.rows[0].id),
    dossierId: event.dossierId,
    seq: (last?.seq ?? 0) + 1,
    actorUserId: event.actorUserId,
    actorRole: event.actorRole,
    action: event.action,
    fromState: event.fromState,
    toState: event.toState,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    note: event.note,
    effects: event.effects,
    occurredAt: event.occurredAt,
    stepDueAt: event.stepDueAt ?? null,
    transactionId: event.transactionId ?? null,
    dossierVersion: Number(locked.rows[0].version),
    hashScheme: CURRENT_HASH_SCHEME,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const [stored] = await tx
    .insert(dossierEvents)
    .values({ ...row, hash: eventHash(row) })
    .returning();
  return stored;
}

/** The event a transaction id already produced on this dossier, if any. */
export async function findEventByTransaction(
  db: Queryable,
  dossierId: string,
  transactionId: string,
): Promise<StoredDossierEvent | null> {
  const [row] = await db
    .select()
    .from(dossierEvents)
    .where(and(eq(dossierEvents.dossierId, dossierId), eq(dossierEvents.transactionId, transactionId)));
  return row ?? null;
}
