/**
 * The dossier page's parts that issue 11 added, for one viewer: the supplement request as the
 * applicant reads it (reason, missing documents, deadline, who asked and when), the paused clock, the
 * rating after the return, and the feedback with its answers; the documents an officer may name as
 * missing; who did each step of the history, with the officer's agency or unit.
 */
import { eq, inArray } from "drizzle-orm";
import type { TFunction } from "i18next";
import { agencies, users } from "../../db/schema";
import type { SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import type { DossierDetail } from "./dossier-queries.server";
import { addWorkingTime } from "../../workflows/calendar";
import { calendarForAgency } from "./agency-calendar.server";
import { FEEDBACK_MESSAGES, feedbackForDossier, mayAnswerFeedback, mayGiveFeedback } from "./feedback.server";
import { RATING_MESSAGES, ratingOf, ratingRefusal } from "./ratings.server";

/** Where each officer who acted works: her unit (phòng) or, without one, the agency of her role at the time. */
async function actorPlaces(services: AppServices, detail: DossierDetail): Promise<Map<number, string>> {
  const ids = [...new Set(detail.events.map((e) => e.event.actorUserId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await services.database.db
    .select({ id: users.id, unitName: agencies.name })
    .from(users)
    .leftJoin(agencies, eq(agencies.id, users.unitId))
    .where(inArray(users.id, ids));
  return new Map(rows.filter((r) => r.unitName).map((r) => [r.id, r.unitName!]));
}

export async function citizenPanelsFor(services: AppServices, user: SessionUser, detail: DossierDetail, mayRequestSupplement: boolean) {
  const { dossier, procedure } = detail;
  const context = dossier.snapshot.context;
  const owner = user.role === "citizen" && dossier.applicantUserId === user.id;
  const request = [...detail.events].reverse().find((e) => e.event.action === "REQUEST_SUPPLEMENT");
  const supplementRequest =
    dossier.statePath === "supplementRequested" && request
      ? {
          reason: request.event.note ?? "",
          documents: context.supplementDocuments ?? [],
          deadline: context.supplementDeadline ?? null,
          askedAt: request.event.occurredAt,
          askedBy: request.actorName ?? null,
        }
      : null;
  const rating = await ratingOf(services, dossier.id);
  const places = await actorPlaces(services, detail);
  return {
    supplementRequest,
    pausedAt: dossier.pausedAt,
    /** The procedure's documents, for the officer's supplement request to name the missing ones. */
    procedureDocuments: mayRequestSupplement ? procedure.documents.map((d) => d.name) : [],
    rating: {
      mayRate: !rating && ratingRefusal(user, dossier) === null,
      // The applicant sees her own rating; officers see the agency's indicators, not one person's.
      given: rating && owner ? { score: rating.score, comment: rating.comment, createdAt: rating.createdAt } : null,
    },
    feedback: {
      items: owner || user.role !== "citizen" ? await feedbackForDossier(services, dossier.id) : [],
      mayGive: mayGiveFeedback(user, dossier),
      mayAnswer: mayAnswerFeedback(user, dossier),
    },
    actorPlaces: Object.fromEntries(places),
  };
}

/**
 * A message of the rating or feedback services in the page's language: the services speak
 * Vietnamese (like the rest of the one path); their messages are also keys of the dossier namespace.
 */
export function citizenMessage(translate: TFunction, message: string): string {
  // The keys are built from the message tables above, which the dossier namespace mirrors (tested).
  const t = translate as unknown as (key: string) => string;
  const rating = Object.entries(RATING_MESSAGES).find(([, v]) => v === message)?.[0];
  if (rating) return t(`dossier:rating.errors.${rating as keyof typeof RATING_MESSAGES}`);
  const feedback = Object.entries(FEEDBACK_MESSAGES).find(([, v]) => v === message)?.[0];
  if (feedback) return t(`dossier:feedback.errors.${feedback as keyof typeof FEEDBACK_MESSAGES}`);
  return message;
}

/** conform's `{ field: [message] }` with each message in the page's language. */
export function citizenErrors(t: TFunction, errors: Record<string, string[] | null> | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors ?? {}).map(([k, v]) => [k, (v ?? []).map((m) => citizenMessage(t, m))]));
}

/**
 * When the applicant may expect her result, for the confirmation shown right after submission: the
 * due time once the desk has received the dossier; before that, the procedure's time (the online one
 * for an online dossier) counted from submission in the receiving agency's working hours, as the
 * receipt (Mẫu 01) prints it.
 */
export async function expectedResultAt(services: AppServices, detail: DossierDetail): Promise<Date> {
  const { dossier, procedure } = detail;
  if (dossier.dueAt) return dossier.dueAt;
  const allowance = dossier.channel === 2 && procedure.onlineAllowance ? procedure.onlineAllowance : procedure.allowance;
  return addWorkingTime(dossier.submittedAt, allowance, await calendarForAgency(services, dossier.receivingAgencyId));
}
