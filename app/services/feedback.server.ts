/**
 * Feedback about a dossier (phản ánh, kiến nghị): its applicant sends it, an officer of the agency that
 * received the dossier answers it once, and the applicant is mailed the answer through the outbox, in
 * the answer's transaction. Both acts keep who and when. Not dossier events (ADR 0021): they change
 * nothing in the dossier's state, and the statechart would refuse them in a closed dossier.
 */
import { aliasedTable, and, asc, count, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { pgErrorCode, PG_UNIQUE_VIOLATION, withTransaction } from "../../db/client";
import { dossierFeedback, dossiers, users } from "../../db/schema";
import type { SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { DossierActionError } from "./dossier-errors.server";
import { enqueueApplicantMailFor } from "./mail-outbox.server";
import { hasPermission } from "./permissions.server";

export const FEEDBACK_MESSAGES = {
  subject: "Vui lòng nhập tiêu đề phản ánh, kiến nghị (tối đa 200 ký tự).",
  content: "Vui lòng nhập nội dung phản ánh, kiến nghị (tối đa 4000 ký tự).",
  answer: "Vui lòng nhập nội dung trả lời (tối đa 4000 ký tự).",
  notOwner: "Chỉ người nộp hồ sơ được gửi phản ánh, kiến nghị về hồ sơ này.",
  notAgency: "Chỉ cán bộ của cơ quan tiếp nhận hồ sơ được trả lời phản ánh, kiến nghị.",
  notFound: "Không tìm thấy phản ánh, kiến nghị.",
  alreadyAnswered: "Phản ánh, kiến nghị này đã được trả lời.",
} as const;

const text = (max: number, message: string) => z.string({ error: message }).trim().min(1, { error: message }).max(max, { error: message });
export const feedbackSchema = z.object({
  subject: text(200, FEEDBACK_MESSAGES.subject),
  content: text(4000, FEEDBACK_MESSAGES.content),
  transactionId: z.string().max(64).optional(),
});
export const feedbackAnswerSchema = z.object({
  feedbackId: z.coerce.number().int().positive(),
  answer: text(4000, FEEDBACK_MESSAGES.answer),
});

type FeedbackDossier = Pick<typeof dossiers.$inferSelect, "id" | "applicantUserId" | "receivingAgencyId">;

export const mayGiveFeedback = (user: Pick<SessionUser, "id" | "role">, dossier: FeedbackDossier) =>
  hasPermission(user, "feedback:dossier:own") && dossier.applicantUserId === user.id;

/** Officers of the receiving agency answer; another agency that only read the dossier does not. */
export const mayAnswerFeedback = (user: Pick<SessionUser, "role" | "agencyId">, dossier: Pick<FeedbackDossier, "receivingAgencyId">) =>
  hasPermission(user, "answer-feedback:dossier:agency") && user.agencyId === dossier.receivingAgencyId;

export async function sendFeedback(
  services: AppServices,
  user: SessionUser,
  dossier: FeedbackDossier,
  input: { subject: string; content: string; transactionId?: string },
  now = new Date(),
) {
  if (!mayGiveFeedback(user, dossier)) throw new DossierActionError(403, FEEDBACK_MESSAGES.notOwner);
  const { db } = services.database;
  try {
    const [row] = await db
      .insert(dossierFeedback)
      .values({
        dossierId: dossier.id,
        agencyId: dossier.receivingAgencyId,
        userId: user.id,
        subject: input.subject.trim(),
        content: input.content.trim(),
        createdAt: now,
        transactionId: input.transactionId ?? null,
      })
      .returning();
    return row;
  } catch (error) {
    // The same form sent twice: the first one stands.
    if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION || !input.transactionId) throw error;
    const [row] = await db
      .select()
      .from(dossierFeedback)
      .where(and(eq(dossierFeedback.dossierId, dossier.id), eq(dossierFeedback.transactionId, input.transactionId)));
    return row;
  }
}

/**
 * The officer's answer, once: the update only takes an unanswered row, and the applicant's mail is
 * queued in the same transaction.
 */
export async function answerFeedback(
  services: AppServices,
  user: SessionUser,
  dossier: FeedbackDossier,
  input: { feedbackId: number; answer: string },
  now = new Date(),
) {
  if (!mayAnswerFeedback(user, dossier)) throw new DossierActionError(403, FEEDBACK_MESSAGES.notAgency);
  return withTransaction(services.database, async (tx) => {
    const [row] = await tx
      .update(dossierFeedback)
      .set({ answer: input.answer.trim(), answeredBy: user.id, answeredAt: now })
      .where(and(eq(dossierFeedback.id, input.feedbackId), eq(dossierFeedback.dossierId, dossier.id), isNull(dossierFeedback.answeredAt)))
      .returning();
    if (!row) {
      const [existing] = await tx
        .select({ id: dossierFeedback.id })
        .from(dossierFeedback)
        .where(and(eq(dossierFeedback.id, input.feedbackId), eq(dossierFeedback.dossierId, dossier.id)));
      throw existing ? new DossierActionError(409, FEEDBACK_MESSAGES.alreadyAnswered) : new DossierActionError(404, FEEDBACK_MESSAGES.notFound);
    }
    await enqueueApplicantMailFor(tx, { dossierId: dossier.id, cause: `feedback:${row.id}`, template: "feedbackAnswered", note: row.answer, now });
    return row;
  });
}

/** A dossier's feedback, oldest first, with the names of who sent and who answered. */
export async function feedbackForDossier(services: AppServices, dossierId: string) {
  const answerer = aliasedTable(users, "answerer");
  const rows = await services.database.db
    .select({ feedback: dossierFeedback, answeredByName: answerer.fullName, answeredByTitle: answerer.title })
    .from(dossierFeedback)
    .leftJoin(answerer, eq(answerer.id, dossierFeedback.answeredBy))
    .where(eq(dossierFeedback.dossierId, dossierId))
    .orderBy(asc(dossierFeedback.createdAt), asc(dossierFeedback.id));
  return rows.map(({ feedback, answeredByName, answeredByTitle }) => ({
    id: feedback.id,
    subject: feedback.subject,
    content: feedback.content,
    createdAt: feedback.createdAt,
    answer: feedback.answer,
    answeredAt: feedback.answeredAt,
    answeredBy: answeredByName ? `${answeredByName}${answeredByTitle ? ` — ${answeredByTitle}` : ""}` : null,
  }));
}

/** How many of the agency's feedback wait for an answer: the officers' queue page shows it. */
export async function openFeedbackCount(services: AppServices, agencyId: number): Promise<number> {
  const [row] = await services.database.db
    .select({ n: count() })
    .from(dossierFeedback)
    .where(and(eq(dossierFeedback.agencyId, agencyId), isNull(dossierFeedback.answeredAt)));
  return row?.n ?? 0;
}

/** The agency's unanswered feedback, oldest first, with the dossier's code: the officers' queue page links to each. */
export async function openFeedbackFor(services: AppServices, user: Pick<SessionUser, "role" | "agencyId">, limit = 10) {
  if (!hasPermission(user, "answer-feedback:dossier:agency")) return { total: 0, items: [] };
  const where = and(eq(dossierFeedback.agencyId, user.agencyId), isNull(dossierFeedback.answeredAt));
  const { db } = services.database;
  const [{ total }] = await db.select({ total: count() }).from(dossierFeedback).where(where);
  const items = await db
    .select({ id: dossierFeedback.id, subject: dossierFeedback.subject, createdAt: dossierFeedback.createdAt, code: dossiers.code })
    .from(dossierFeedback)
    .innerJoin(dossiers, eq(dossiers.id, dossierFeedback.dossierId))
    .where(where)
    .orderBy(asc(dossierFeedback.createdAt), asc(dossierFeedback.id))
    .limit(limit);
  return { total, items };
}
