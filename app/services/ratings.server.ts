/**
 * The applicant's rating of the service (đánh giá mức độ hài lòng), once per dossier, after the result
 * was returned. Not a dossier event: it changes nothing in the dossier's state (ADR 0021). The row
 * carries the agency and procedure so that the satisfaction indicators group it without a join.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { pgErrorCode, PG_UNIQUE_VIOLATION } from "../../db/client";
import { dossierRatings, RATING_CRITERIA, type dossiers, type RatingCriterion } from "../../db/schema";
import { DOSSIER_STATUS } from "../../workflows/dossier-status";
import type { SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { DossierActionError } from "./dossier-errors.server";
import { hasPermission } from "./permissions.server";

export { RATING_SCORES, type RatingScore } from "../citizen-dossier-options";

type RatedDossier = Pick<typeof dossiers.$inferSelect, "id" | "applicantUserId" | "status" | "receivingAgencyId" | "procedureId">;

export const RATING_MESSAGES = {
  score: "Vui lòng chọn mức độ hài lòng.",
  commentTooLong: "Ý kiến tối đa 2000 ký tự.",
  notOwner: "Chỉ người nộp hồ sơ được đánh giá.",
  notReturned: "Chỉ đánh giá được sau khi hồ sơ đã trả kết quả.",
  already: "Hồ sơ này đã được đánh giá.",
} as const;

const scale = (message: string) => z.coerce.number({ error: message }).int({ error: message }).min(1, { error: message }).max(5, { error: message });
/** The form's fields (conform names `criteria.time`…); criteria are optional, each on the same scale. */
export const ratingSchema = z.object({
  score: scale(RATING_MESSAGES.score),
  criteria: z.object(Object.fromEntries(RATING_CRITERIA.map((c) => [c, scale(RATING_MESSAGES.score).optional()])) as Record<RatingCriterion, z.ZodOptional<z.ZodCoercedNumber>>).optional(),
  comment: z.string().trim().max(2000, { error: RATING_MESSAGES.commentTooLong }).optional(),
  transactionId: z.string().max(64).optional(),
});
export type RatingInput = { score: number; criteria?: Partial<Record<RatingCriterion, number>>; comment?: string };

/** Why the user may not rate this dossier now, or null when she may. */
export function ratingRefusal(user: Pick<SessionUser, "id" | "role">, dossier: RatedDossier): { status: 403 | 409; message: string } | null {
  if (!hasPermission(user, "rate:dossier:own") || dossier.applicantUserId !== user.id) return { status: 403, message: RATING_MESSAGES.notOwner };
  if (dossier.status !== DOSSIER_STATUS.returned) return { status: 409, message: RATING_MESSAGES.notReturned };
  return null;
}

export async function ratingOf(services: AppServices, dossierId: string) {
  const [row] = await services.database.db.select().from(dossierRatings).where(eq(dossierRatings.dossierId, dossierId));
  return row ?? null;
}

/**
 * Records the rating. The one-per-dossier rule is the database's unique index: two tabs sending at
 * once make one row and one 409.
 */
export async function rateDossier(services: AppServices, user: SessionUser, dossier: RatedDossier, input: RatingInput, now = new Date()) {
  const refusal = ratingRefusal(user, dossier);
  if (refusal) throw new DossierActionError(refusal.status, refusal.message);
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) throw new DossierActionError(400, RATING_MESSAGES.score);
  const criteria = Object.fromEntries(
    Object.entries(input.criteria ?? {}).filter(([k, v]) => (RATING_CRITERIA as readonly string[]).includes(k) && Number.isInteger(v) && v! >= 1 && v! <= 5),
  );
  try {
    const [row] = await services.database.db
      .insert(dossierRatings)
      .values({
        dossierId: dossier.id,
        agencyId: dossier.receivingAgencyId,
        procedureId: dossier.procedureId,
        userId: user.id,
        score: input.score,
        criteria,
        comment: input.comment?.trim() || null,
        createdAt: now,
      })
      .returning();
    return row;
  } catch (error) {
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) throw new DossierActionError(409, RATING_MESSAGES.already);
    throw error;
  }
}
