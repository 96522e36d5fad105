/**
 * The partner outbox (docs/decisions/0010). A message owed to a receiver — an applicant's mail, a
 * postal order, a national-portal update — is a row written in the transaction of the dossier event
 * that caused it, keyed by that cause. The dispatcher, in the worker process, sends each channel's
 * messages group by group (one dossier is one group) in id order, one process per group at a time
 * (a lease), and records what each receiver took. A failure blocks the rest of its group, so a later
 * update never overtakes an earlier one; it is retried with exponential back-off, and after
 * OUTBOX_MAX_ATTEMPTS it waits as "failed" until an administrator retries it.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { outboxLeases, outboxMessages, type OUTBOX_CHANNELS } from "../../db/schema";
import type { AppServices } from "./context.server";
import { describeError, log } from "./log.server";

export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
export type OutboxMessage = typeof outboxMessages.$inferSelect;

/**
 * Sends one message; throws when the receiver did not take it. What it returns is kept as the
 * receiver's answer. `now` is the dispatcher's clock, so a sender's own waits follow it too.
 */
export type OutboxSender = (services: AppServices, message: OutboxMessage, now: Date) => Promise<Record<string, unknown> | void>;
export type OutboxSenders = Record<OutboxChannel, OutboxSender>;

/**
 * Thrown by a sender whose message depends on something not made yet (a mail waiting for the PDF it
 * attaches, issued by another job): the message is tried again shortly, and the wait is not a failure.
 */
export class OutboxNotReady extends Error {
  override name = "OutboxNotReady";
}
const NOT_READY_DELAY_MS = 2_000;

/** 1 first try + 11 retries: with a 30 s base the last one comes about 17 hours after the first failure. */
export const OUTBOX_MAX_ATTEMPTS = 12;
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
const LEASE_MS = 120_000;
/** Groups one dispatcher pass sends at most (each in order); the next pass takes the rest. */
const GROUPS_PER_PASS = 20;

export type NewOutboxMessage = {
  channel: OutboxChannel;
  /** The message's cause, e.g. `mail:event:123:received:applicant`; a second message with it is not written. */
  messageKey: string;
  dossierId: string | null;
  eventId?: number | null;
  /** Messages of one group leave in order; defaults to the dossier. */
  groupKey?: string;
  payload: Record<string, unknown>;
  now: Date;
};

/** Writes a message inside the caller's transaction. Returns false when its key was already written. */
export async function enqueueOutboxMessage(tx: Database, message: NewOutboxMessage): Promise<boolean> {
  const groupKey = message.groupKey ?? message.dossierId ?? message.messageKey;
  const inserted = await tx
    .insert(outboxMessages)
    .values({
      channel: message.channel,
      messageKey: message.messageKey,
      dossierId: message.dossierId,
      eventId: message.eventId ?? null,
      groupKey,
      payload: message.payload,
      nextAttemptAt: message.now,
      createdAt: message.now,
    })
    .onConflictDoNothing({ target: outboxMessages.messageKey })
    .returning({ id: outboxMessages.id });
  return inserted.length > 0;
}

/** The delay before attempt `attempts + 1`: base · 2^(attempts − 1), capped. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

type DispatchOptions = { now?: () => Date; holder?: string; retryBaseMs?: number };

/** One pass: every group with a message due is sent as far as it goes. Returns how many messages left. */
export async function dispatchOutboxOnce(services: AppServices, senders: OutboxSenders, options: DispatchOptions = {}): Promise<number> {
  const now = options.now ?? (() => new Date());
  const holder = options.holder ?? randomUUID();
  const { db } = services.database;
  // A group is due when its first unsent message is pending and due; a failed first message holds it.
  const due = await db.execute<{ channel: OutboxChannel; group_key: string }>(sql`
    select channel, group_key from (
      select distinct on (channel, group_key) channel, group_key, state, next_attempt_at
      from ${outboxMessages} where state <> 'sent'
      order by channel, group_key, id
    ) heads
    where state = 'pending' and next_attempt_at <= ${now().toISOString()}::timestamptz
    limit ${GROUPS_PER_PASS}`);
  let sent = 0;
  for (const group of due.rows) {
    if (!(await takeLease(db, group.channel, group.group_key, holder, now()))) continue;
    try {
      sent += await sendGroup(services, senders, group.channel, group.group_key, {
        now,
        retryBaseMs: options.retryBaseMs ?? services.config.outboxRetryBaseMs,
        holder,
      });
    } finally {
      await db.delete(outboxLeases).where(and(eq(outboxLeases.channel, group.channel), eq(outboxLeases.groupKey, group.group_key), eq(outboxLeases.holder, holder)));
    }
  }
  return sent;
}

async function takeLease(db: Database, channel: string, groupKey: string, holder: string, now: Date): Promise<boolean> {
  const until = new Date(now.getTime() + LEASE_MS);
  const taken = await db.execute(sql`
    insert into ${outboxLeases} (channel, group_key, holder, lease_until)
    values (${channel}, ${groupKey}, ${holder}, ${until.toISOString()}::timestamptz)
    on conflict (channel, group_key) do update set holder = excluded.holder, lease_until = excluded.lease_until
    where ${outboxLeases.leaseUntil} < ${now.toISOString()}::timestamptz
    returning holder`);
  return taken.rows.length > 0;
}

async function renewLease(db: Database, channel: string, groupKey: string, holder: string, now: Date): Promise<boolean> {
  const renewed = await db
    .update(outboxLeases)
    .set({ leaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(and(eq(outboxLeases.channel, channel), eq(outboxLeases.groupKey, groupKey), eq(outboxLeases.holder, holder)))
    .returning({ holder: outboxLeases.holder });
  return renewed.length > 0;
}

async function sendGroup(
  services: AppServices,
  senders: OutboxSenders,
  channel: OutboxChannel,
  groupKey: string,
  options: { now: () => Date; retryBaseMs: number; holder: string },
): Promise<number> {
  const { db } = services.database;
  const pending = await db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.channel, channel), eq(outboxMessages.groupKey, groupKey), inArray(outboxMessages.state, ["pending", "failed"])))
    .orderBy(asc(outboxMessages.id));
  let sent = 0;
  for (const message of pending) {
    if (message.state === "failed" || message.nextAttemptAt.getTime() > options.now().getTime()) break;
    // A long group renews its lease before each message; a lease lost to another worker ends this pass.
    if (!(await renewLease(db, channel, groupKey, options.holder, options.now()))) break;
    try {
      const response = await senders[channel](services, message, options.now());
      await db
        .update(outboxMessages)
        .set({ state: "sent", sentAt: options.now(), attempts: message.attempts + 1, lastError: null, response: response ?? null })
        .where(eq(outboxMessages.id, message.id));
      sent += 1;
    } catch (error) {
      if (error instanceof OutboxNotReady) {
        await db
          .update(outboxMessages)
          .set({ nextAttemptAt: new Date(options.now().getTime() + Math.min(NOT_READY_DELAY_MS, options.retryBaseMs)), lastError: `Đang chờ: ${error.message}`.slice(0, 500) })
          .where(eq(outboxMessages.id, message.id));
        break;
      }
      const attempts = message.attempts + 1;
      const failedForGood = attempts >= OUTBOX_MAX_ATTEMPTS;
      const described = describeError(error);
      await db
        .update(outboxMessages)
        .set({
          attempts,
          state: failedForGood ? "failed" : "pending",
          nextAttemptAt: new Date(options.now().getTime() + backoffMs(attempts, options.retryBaseMs)),
          lastError: [described.error, described.code, described.message].filter(Boolean).join(": ").slice(0, 500),
        })
        .where(eq(outboxMessages.id, message.id));
      log.warn({ event: "outbox-send-failed", channel, messageId: message.messageId, attempts, failedForGood, ...described });
      break;
    }
  }
  return sent;
}

/** Runs passes until `signal` aborts: the worker process's delivery loop. */
export function startOutboxDispatcher(services: AppServices, senders: OutboxSenders, intervalMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | null = null;
  const holder = randomUUID();
  const loop = (async () => {
    while (!stopped) {
      try {
        await dispatchOutboxOnce(services, senders, { holder });
      } catch (error) {
        log.error({ event: "outbox-dispatch-error", ...describeError(error) });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
