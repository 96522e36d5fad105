/**
 * Submission drafts (hồ sơ nháp): the wizard's whole state — values typed, files accepted — saved on
 * the server for the signed-in account, so a citizen resumes on another device. Two devices saving
 * the same draft take turns through `version` (optimistic lock): the later save of an older version
 * is refused, never silently merged. A draft lives 30 days after its last save.
 */
import { and, asc, desc, eq, gt, lte, sql } from "drizzle-orm";
import type { Database, Queryable } from "../../db/client";
import { procedures, submissionDrafts, type DraftFile } from "../../db/schema";

/** How long a draft is kept after its last save (documented in the ADR and on the drafts page). */
export const DRAFT_TTL_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export class DraftError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export const DRAFT_NOT_FOUND = "Không tìm thấy bản nháp này (có thể đã nộp, đã xoá hoặc đã hết hạn).";
export const DRAFT_CONFLICT = "Bản nháp đã được lưu từ một thiết bị hoặc cửa sổ khác sau khi bạn mở trang này. Hãy mở lại bản nháp mới nhất.";

export type Draft = typeof submissionDrafts.$inferSelect;

const expiry = (now: Date) => new Date(now.getTime() + DRAFT_TTL_DAYS * DAY_MS);

export async function createDraft(
  db: Queryable,
  input: { ownerUserId: number; procedureId: number; values: Record<string, string>; files: DraftFile[]; now?: Date },
): Promise<Draft> {
  const now = input.now ?? new Date();
  const [row] = await db
    .insert(submissionDrafts)
    .values({ ownerUserId: input.ownerUserId, procedureId: input.procedureId, values: input.values, files: input.files, createdAt: now, updatedAt: now, expiresAt: expiry(now) })
    .returning();
  return row;
}

/** The owner's draft, if it exists and has not expired; another account's draft is nothing. */
export async function loadDraft(db: Queryable, ownerUserId: number, id: string, now = new Date()): Promise<Draft | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db
    .select()
    .from(submissionDrafts)
    .where(and(eq(submissionDrafts.id, id), eq(submissionDrafts.ownerUserId, ownerUserId), gt(submissionDrafts.expiresAt, now)));
  return row ?? null;
}

/** Saves over the version the page was shown with; a newer save in between is a 409. */
export async function updateDraft(
  db: Queryable,
  input: { ownerUserId: number; id: string; expectedVersion: number; values: Record<string, string>; files: DraftFile[]; now?: Date },
): Promise<Draft> {
  const now = input.now ?? new Date();
  const [row] = await db
    .update(submissionDrafts)
    .set({ values: input.values, files: input.files, version: sql`${submissionDrafts.version} + 1`, updatedAt: now, expiresAt: expiry(now) })
    .where(
      and(
        eq(submissionDrafts.id, input.id),
        eq(submissionDrafts.ownerUserId, input.ownerUserId),
        eq(submissionDrafts.version, input.expectedVersion),
        gt(submissionDrafts.expiresAt, now),
      ),
    )
    .returning();
  if (row) return row;
  const current = await loadDraft(db, input.ownerUserId, input.id, now);
  throw current ? new DraftError(409, DRAFT_CONFLICT) : new DraftError(404, DRAFT_NOT_FOUND);
}

export type DraftListItem = { id: string; version: number; procedureCode: string; procedureName: string; updatedAt: Date; expiresAt: Date; fileCount: number };

/** The owner's drafts still alive, the most recently saved first. */
export async function listDrafts(db: Database, ownerUserId: number, now = new Date()): Promise<DraftListItem[]> {
  const rows = await db
    .select({
      id: submissionDrafts.id,
      version: submissionDrafts.version,
      procedureCode: procedures.code,
      procedureName: procedures.name,
      updatedAt: submissionDrafts.updatedAt,
      expiresAt: submissionDrafts.expiresAt,
      files: submissionDrafts.files,
    })
    .from(submissionDrafts)
    .innerJoin(procedures, eq(procedures.id, submissionDrafts.procedureId))
    .where(and(eq(submissionDrafts.ownerUserId, ownerUserId), gt(submissionDrafts.expiresAt, now)))
    .orderBy(desc(submissionDrafts.updatedAt), asc(submissionDrafts.id));
  return rows.map(({ files, ...row }) => ({ ...row, fileCount: files.length }));
}

/** Deletes the owner's draft; with a version, only that version (a stale page deletes nothing). */
export async function deleteDraft(db: Queryable, ownerUserId: number, id: string, expectedVersion?: number): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  const conditions = [eq(submissionDrafts.id, id), eq(submissionDrafts.ownerUserId, ownerUserId)];
  if (expectedVersion !== undefined) conditions.push(eq(submissionDrafts.version, expectedVersion));
  const removed = await db.delete(submissionDrafts).where(and(...conditions)).returning({ id: submissionDrafts.id });
  return removed.length > 0;
}

/** Removes expired drafts (their files then become orphans the upload clean-up removes). */
export async function purgeExpiredDrafts(db: Database, now = new Date()): Promise<number> {
  const removed = await db.delete(submissionDrafts).where(lte(submissionDrafts.expiresAt, now)).returning({ id: submissionDrafts.id });
  return removed.length;
}

/** Every file hash a live draft keeps: the upload clean-up must not remove them. */
export async function draftFileHashes(db: Database): Promise<Set<string>> {
  const result = await db.execute<{ sha256: string }>(
    sql`select distinct f->>'sha256' as sha256 from ${submissionDrafts}, jsonb_array_elements(${submissionDrafts.files}) f`,
  );
  return new Set(result.rows.map((r) => r.sha256));
}
