/**
 * Mails to applicants through the outbox: written in the event's transaction, rendered and sent by
 * the dispatcher with a stable Message-ID.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { dossiers, users } from "../../db/schema";
import type { ApplicantTemplate } from "./jobs.server";
import { enqueueOutboxMessage, type OutboxSender } from "./outbox.server";
import { applicantMail } from "./notifications.server";

export type ApplicantMailRequest = {
  dossierId: string;
  /** The event that caused the mail; the mail is written once for it. */
  eventId: number;
  template: ApplicantTemplate;
  note: string | null;
  now: Date;
};

/** Queues the applicant's mail in `tx` (the event's transaction). Nothing is queued without an address. */
export async function enqueueApplicantMail(tx: Database, request: ApplicantMailRequest): Promise<boolean> {
  const [row] = await tx
    .select({ email: dossiers.applicantEmail, language: users.preferredLanguage })
    .from(dossiers)
    .leftJoin(users, eq(users.id, dossiers.applicantUserId))
    .where(eq(dossiers.id, request.dossierId));
  if (!row?.email) return false;
  return enqueueOutboxMessage(tx, {
    channel: "mail",
    messageKey: `mail:event:${request.eventId}:${request.template}:applicant`,
    dossierId: request.dossierId,
    eventId: request.eventId,
    payload: { audience: "applicant", template: request.template, note: request.note, language: row.language ?? "vi" },
    now: request.now,
  });
}

export const sendOutboxMail: OutboxSender = async (services, message) => {
  const payload = message.payload as { template: ApplicantTemplate; note: string | null };
  const [dossier] = await services.database.db.select().from(dossiers).where(eq(dossiers.id, message.dossierId!));
  if (!dossier?.applicantEmail) return { skipped: "no-address" };
  const host = new URL(services.config.baseUrl).hostname;
  await services.mailer.send({ ...applicantMail(services.config.baseUrl, dossier, payload.template, payload.note), messageId: `<${message.messageId}@${host}>` });
  return { messageId: message.messageId };
};
