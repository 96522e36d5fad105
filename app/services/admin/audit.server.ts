/**
 * The administrators' audit log (nhật ký quản trị): every administrative change is recorded in the
 * transaction that makes it, with who, when, what, and the entity before and after. Passwords,
 * secrets and key material never enter it: fields that could hold them are replaced by a marker
 * before the row is written, whatever the caller passed.
 */
import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { withTransaction, type Database } from "../../../db/client";
import { adminAuditLog, users } from "../../../db/schema";
import { AUDIT_ENTITIES, AUDIT_ENTITY_NAMES, type AuditEntity } from "../../admin-labels";
import type { AppServices } from "../context.server";

export { AUDIT_ENTITIES, AUDIT_ENTITY_NAMES, type AuditEntity };

export type AuditValue = Record<string, unknown> | null;

export const REDACTED = "[đã ẩn]";

/** Field names whose values are credentials or key material, in any entity. */
const SECRET_FIELD = /pass(word)?|secret|token|keyhash|privatekey|apikey|p12|pkcs12|pem$/i;

/** A copy of `value` with every credential-like field replaced, at any depth. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_FIELD.test(k) && v !== null && v !== undefined ? REDACTED : redact(v);
    }
    return out;
  }
  // A credential passed where a plain value was expected still must not be stored.
  if (typeof value === "string" && /^(whsec_|mcpk_|\$argon2)|-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value)) return REDACTED;
  return value;
}

/**
 * Records one administrative change. Call it with the transaction handle that makes the change, so
 * the change and its record commit or fail together.
 */
export async function recordAdminChange(
  tx: Database,
  actorUserId: number | null,
  entity: AuditEntity,
  entityKey: string | number,
  action: string,
  before: AuditValue,
  after: AuditValue,
  now = new Date(),
): Promise<void> {
  await tx.insert(adminAuditLog).values({
    actorUserId,
    entity,
    entityKey: String(entityKey),
    action,
    before: before === null ? null : (redact(before) as Record<string, unknown>),
    after: after === null ? null : (redact(after) as Record<string, unknown>),
    occurredAt: now,
  });
}

export type AuditChange = { field: string; before: unknown; after: unknown };

/** The fields that differ between before and after (all of them for a creation or a removal). */
export function auditDifferences(before: AuditValue, after: AuditValue): AuditChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields
    .map((field) => ({ field, before: before?.[field] ?? null, after: after?.[field] ?? null }))
    .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
}

export const AUDIT_PAGE_SIZE = 25;

export type AuditFilters = { entity?: string; actor?: string; from?: string; to?: string; page?: number };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One page of the log, newest first, with each entry's differences. `from`/`to` are dates in Vietnam's time. */
export async function listAuditEntries(services: AppServices, filters: AuditFilters) {
  const { db } = services.database;
  const where: SQL[] = [];
  if (filters.entity && (AUDIT_ENTITIES as readonly string[]).includes(filters.entity)) where.push(eq(adminAuditLog.entity, filters.entity));
  if (filters.actor && /^\d+$/.test(filters.actor)) where.push(eq(adminAuditLog.actorUserId, Number(filters.actor)));
  if (filters.from && DATE.test(filters.from) && !Number.isNaN(Date.parse(filters.from))) where.push(gte(adminAuditLog.occurredAt, new Date(`${filters.from}T00:00:00+07:00`)));
  if (filters.to && DATE.test(filters.to) && !Number.isNaN(Date.parse(filters.to))) {
    where.push(lt(adminAuditLog.occurredAt, new Date(new Date(`${filters.to}T00:00:00+07:00`).getTime() + 86_400_000)));
  }
  const condition = where.length ? and(...where) : undefined;
  const [{ total }] = await db.select({ total: count() }).from(adminAuditLog).where(condition);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(filters.page ?? 1)), pages);
  const rows = await db
    .select({ entry: adminAuditLog, actorName: users.fullName, actorUsername: users.username })
    .from(adminAuditLog)
    .leftJoin(users, eq(users.id, adminAuditLog.actorUserId))
    .where(condition)
    .orderBy(desc(adminAuditLog.occurredAt), desc(adminAuditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  const actors = await db
    .selectDistinct({ id: users.id, fullName: users.fullName, username: users.username })
    .from(adminAuditLog)
    .innerJoin(users, eq(users.id, adminAuditLog.actorUserId));
  return {
    total,
    page,
    pages,
    actors,
    entries: rows.map(({ entry, actorName, actorUsername }) => ({
      id: entry.id,
      entity: entry.entity,
      entityName: AUDIT_ENTITY_NAMES[entry.entity as AuditEntity] ?? entry.entity,
      entityKey: entry.entityKey,
      action: entry.action,
      actor: actorName ? `${actorName} (${actorUsername})` : "Hệ thống",
      occurredAt: entry.occurredAt.toISOString(),
      changes: auditDifferences(entry.before, entry.after).map((c) => ({ field: c.field, before: show(c.before), after: show(c.after) })),
    })),
  };
}

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  // A list (steps, documents, roles) reads one item a line.
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join("\n");
  return JSON.stringify(value);
}

/** One transaction for an administrative change made by code that takes a database handle, and its audit. */
export function inAdminTransaction<T>(services: AppServices, work: (tx: Database) => Promise<T>): Promise<T> {
  return withTransaction(services.database, work);
}
