/**
 * The tamper-evident chain of dossier_events: how a row is encoded for hashing, and the hash.
 * Lives in db/ so that both the app (which appends, app/services/dossier-events.server.ts) and
 * `npm run audit:verify` (db/audit-verify.ts) use one definition.
 *
 * Scheme 2 (every row written since issue 8) — the canonical encoding:
 * - the input is one JSON object holding EVERY column of the row except `hash` itself, under the
 *   column's SQL name (`HASHED_COLUMNS`); a test compares that list with the table in the database,
 *   so a column added later cannot stay outside the hash unnoticed;
 * - timestamps are ISO 8601 instants in UTC with milliseconds (`2026-12-01T08:30:00.000Z`), SQL
 *   NULL is JSON null, integers are JSON numbers, `effects` is the JSON of the jsonb column;
 * - the object is serialised with the JSON Canonicalization Scheme (RFC 8785, the `canonicalize`
 *   package): keys sorted by UTF-16 code units at every depth, no white space, ECMAScript number
 *   and string forms — so jsonb's own key reordering does not change the bytes;
 * - hash = lowercase hex SHA-256 of those UTF-8 bytes. `prev_hash` is in the input, so each row
 *   commits to the whole chain before it; the first row of a dossier has prev_hash = 64 zeros.
 *
 * Scheme 1 (rows written before issue 8) is kept only so that old chains still verify: a JSON array
 * of dossier id, seq, actor, role, action, from/to state, note, time, step due time, prev hash.
 * It leaves out from/to status and effects. A chain never goes back from 2 to 1.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { DossierEffect } from "../workflows/dossier-machine";

export const GENESIS_HASH = "0".repeat(64);
export const CURRENT_HASH_SCHEME = 2;

/** A dossier_events row as the hash sees it (the table's columns, camel-cased by drizzle). */
export type ChainedEventRow = {
  id: number;
  dossierId: string;
  seq: number;
  actorUserId: number | null;
  actorRole: string;
  action: string;
  fromState: string | null;
  toState: string;
  fromStatus: number | null;
  toStatus: number;
  note: string | null;
  effects: DossierEffect[];
  occurredAt: Date;
  stepDueAt: Date | null;
  transactionId: string | null;
  dossierVersion: number | null;
  hashScheme: number;
  prevHash: string;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Column name in SQL → its value in the canonical object. Every column but `hash`. */
const HASHED: Record<string, (e: ChainedEventRow) => unknown> = {
  id: (e) => e.id,
  dossier_id: (e) => e.dossierId,
  seq: (e) => e.seq,
  actor_user_id: (e) => e.actorUserId,
  actor_role: (e) => e.actorRole,
  action: (e) => e.action,
  from_state: (e) => e.fromState,
  to_state: (e) => e.toState,
  from_status: (e) => e.fromStatus,
  to_status: (e) => e.toStatus,
  note: (e) => e.note,
  effects: (e) => e.effects,
  occurred_at: (e) => iso(e.occurredAt),
  step_due_at: (e) => iso(e.stepDueAt),
  transaction_id: (e) => e.transactionId,
  dossier_version: (e) => e.dossierVersion,
  hash_scheme: (e) => e.hashScheme,
  prev_hash: (e) => e.prevHash,
};

export const HASHED_COLUMNS = Object.keys(HASHED);

/** The exact bytes (as a string) that scheme 2 hashes. */
export function canonicalEventEncoding(e: ChainedEventRow): string {
  const object = Object.fromEntries(Object.entries(HASHED).map(([column, read]) => [column, read(e)]));
  const text = canonicalize(object);
  if (text === undefined) throw new Error("event row cannot be encoded");
  return text;
}

function legacyEncoding(e: ChainedEventRow): string {
  return JSON.stringify([
    e.dossierId,
    e.seq,
    e.actorUserId,
    e.actorRole,
    e.action,
    e.fromState,
    e.toState,
    e.note,
    e.occurredAt.toISOString(),
    iso(e.stepDueAt),
    e.prevHash,
  ]);
}

/** The hash the row must carry, by the scheme the row names. */
export function eventHash(e: ChainedEventRow): string {
  const encoded =
    e.hashScheme === CURRENT_HASH_SCHEME ? canonicalEventEncoding(e) : e.hashScheme === 1 ? legacyEncoding(e) : null;
  if (encoded === null) throw new Error(`unknown hash scheme ${e.hashScheme}`);
  return createHash("sha256").update(encoded, "utf8").digest("hex");
}
