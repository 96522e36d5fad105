/**
 * The administrator's view of the outbox: per dossier and receiver, what is sent, waiting or failed,
 * and a retry for a dossier whose messages stopped (ADR 0010).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { dossiers, outboxMessages, OUTBOX_CHANNELS } from "../../db/schema";
import { withTransaction } from "../../db/client";
import { recordAdminChange } from "./admin/audit.server";
import type { AppServices } from "./context.server";
import { OUTBOX_CHANNEL_NAMES, SYNC_STATE_FILTERS, type SyncStateFilter } from "../labels";
import type { OutboxChannel } from "./outbox.server";

export { OUTBOX_CHANNEL_NAMES, SYNC_STATE_FILTERS, type SyncStateFilter };

export type DossierSyncState = {
  dossierId: string;
  code: string;
  sent: number;
  pending: number;
  failed: number;
  lastSentAt: string | null;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** The dossier's overall state for this receiver: failed wins over pending over sent. */
  state: Exclude<SyncStateFilter, "all">;
};

export const isOutboxChannel = (value: string): value is OutboxChannel => (OUTBOX_CHANNELS as readonly string[]).includes(value);

const PAGE_SIZE = 50;

export async function dossierSyncStates(
  services: AppServices,
  input: { channel: OutboxChannel; state: SyncStateFilter; code?: string; page: number },
): Promise<{ rows: DossierSyncState[]; total: number; pageSize: number; totals: Record<Exclude<SyncStateFilter, "all">, number> }> {
  const { db } = services.database;
  const grouped = db
    .select({
      dossierId: outboxMessages.dossierId,
      sent: sql<number>`count(*) filter (where ${outboxMessages.state} = 'sent')`.mapWith(Number).as("sent"),
      pending: sql<number>`count(*) filter (where ${outboxMessages.state} = 'pending')`.mapWith(Number).as("pending"),
      failed: sql<number>`count(*) filter (where ${outboxMessages.state} = 'failed')`.mapWith(Number).as("failed"),
      lastSentAt: sql<Date | null>`max(${outboxMessages.sentAt})`.as("last_sent_at"),
      nextAttemptAt: sql<Date | null>`min(${outboxMessages.nextAttemptAt}) filter (where ${outboxMessages.state} <> 'sent')`.as("next_attempt_at"),
      lastError: sql<string | null>`(array_agg(${outboxMessages.lastError} order by ${outboxMessages.id}) filter (where ${outboxMessages.state} <> 'sent' and ${outboxMessages.lastError} is not null))[1]`.as("last_error"),
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.channel, input.channel))
    .groupBy(outboxMessages.dossierId)
    .as("grouped");
  const stateOf = sql<string>`case when ${grouped.failed} > 0 then 'failed' when ${grouped.pending} > 0 then 'pending' else 'sent' end`;
  const filters = and(
    input.state === "all" ? undefined : sql`${stateOf} = ${input.state}`,
    input.code ? sql`${dossiers.code} ilike ${`%${input.code.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}` : undefined,
  );
  const rows = await db
    .select({
      dossierId: grouped.dossierId,
      code: dossiers.code,
      sent: grouped.sent,
      pending: grouped.pending,
      failed: grouped.failed,
      lastSentAt: grouped.lastSentAt,
      nextAttemptAt: grouped.nextAttemptAt,
      lastError: grouped.lastError,
      state: stateOf,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(grouped)
    .innerJoin(dossiers, eq(dossiers.id, grouped.dossierId))
    .where(filters)
    .orderBy(sql`case when ${grouped.failed} > 0 then 0 when ${grouped.pending} > 0 then 1 else 2 end`, sql`${dossiers.submittedAt} desc`)
    .limit(PAGE_SIZE)
    .offset((input.page - 1) * PAGE_SIZE);
  const totalsRows = await db
    .select({ state: outboxMessages.state, n: sql<number>`count(*)`.mapWith(Number) })
    .from(outboxMessages)
    .where(eq(outboxMessages.channel, input.channel))
    .groupBy(outboxMessages.state);
  const totals = { sent: 0, pending: 0, failed: 0 };
  for (const t of totalsRows) totals[t.state] = t.n;
  return {
    rows: rows.map((r) => ({
      dossierId: r.dossierId!,
      code: r.code,
      sent: r.sent,
      pending: r.pending,
      failed: r.failed,
      lastSentAt: r.lastSentAt ? new Date(r.lastSentAt).toISOString() : null,
      nextAttemptAt: r.nextAttemptAt ? new Date(r.nextAttemptAt).toISOString() : null,
      lastError: r.lastError,
      state: r.state as DossierSyncState["state"],
    })),
    total: rows[0]?.total ?? 0,
    pageSize: PAGE_SIZE,
    totals,
  };
}

/** Makes a dossier's unsent messages to one receiver due now, with a fresh count of attempts. */
export async function retryDossierSync(
  services: AppServices,
  channel: OutboxChannel,
  dossierId: string,
  now = new Date(),
  actorUserId: number | null = null,
): Promise<number> {
  return withTransaction(services.database, async (tx) => {
    const updated = await tx
      .update(outboxMessages)
      .set({ state: "pending", attempts: 0, nextAttemptAt: now })
      .where(and(eq(outboxMessages.channel, channel), eq(outboxMessages.dossierId, dossierId), inArray(outboxMessages.state, ["pending", "failed"])))
      .returning({ id: outboxMessages.id });
    if (updated.length > 0) {
      await recordAdminChange(tx, actorUserId, "sync", `${channel}/${dossierId}`, "retry", null, { messages: updated.map((u) => u.id) }, now);
    }
    return updated.length;
  });
}

/** Messages that failed for good, for the failed-jobs page. */
export async function failedOutboxCount(services: AppServices): Promise<Record<OutboxChannel, number>> {
  const rows = await services.database.db
    .select({ channel: outboxMessages.channel, n: sql<number>`count(*)`.mapWith(Number) })
    .from(outboxMessages)
    .where(eq(outboxMessages.state, "failed"))
    .groupBy(outboxMessages.channel);
  const counts = { national: 0, mail: 0, postal: 0 };
  for (const r of rows) counts[r.channel] = r.n;
  return counts;
}
