/**
 * Mails through the outbox (ADR 0010): queued in the transaction of the event that caused them,
 * keyed by it, rendered when they leave in the recipient's language with the signed PDF that goes
 * with them, and given a stable Message-ID, so a retry is recognisably the same message.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { attachments, dossiers, periodicReports, procedures, reportRecipients, users, type AttachmentKind } from "../../db/schema";
import type { AppServices } from "./context.server";
import type { ApplicantTemplate, OfficerReminder } from "./jobs.server";
import type { MailAttachment } from "./mail.server";
import { mailTemplateOverride } from "./mail-templates.server";
import { applicantMail, mailValues, officerMail, type MailLanguage } from "./notifications.server";
import { enqueueOutboxMessage, OutboxNotReady, type OutboxMessage, type OutboxSender } from "./outbox.server";
import { periodicReportFileName, periodicReportMail, scopeNameOf, type PeriodicReportMailPayload } from "./reports/periodic-report.server";

export type ApplicantMailRequest = {
  dossierId: string;
  /** The event that caused the mail; the mail is written once for it. */
  eventId: number;
  template: ApplicantTemplate;
  note: string | null;
  now: Date;
};

type ApplicantPayload = { audience: "applicant"; template: ApplicantTemplate; note: string | null; language: MailLanguage };
type OfficerPayload = { audience: "officer"; reminder: OfficerReminder; userId: number };

/**
 * The signed PDF each mail carries: a form issued for the mail's own event, or the dossier's result.
 * `paid` carries the e-receipt (biên lai) that the payment issues for its event.
 */
const ATTACHED_DOCUMENT: Partial<Record<ApplicantTemplate, { kind: string; of: "event" | "dossier" }>> = {
  submitted: { kind: "receipt", of: "event" },
  received: { kind: "receipt", of: "event" },
  refused: { kind: "refusal", of: "event" },
  supplementRequested: { kind: "supplementRequest", of: "event" },
  apology: { kind: "apology", of: "event" },
  stopped: { kind: "stopNotice", of: "event" },
  paid: { kind: "feeReceipt", of: "event" },
  resultReady: { kind: "result", of: "dossier" },
  returned: { kind: "result", of: "dossier" },
};

/**
 * How long a mail waits for its PDF (issued by another job) before it goes without it: a form that
 * cannot be issued (no signing key) must not keep the applicant from hearing of the decision.
 */
const DOCUMENT_WAIT_MS = 15 * 60 * 1000;

/** Queues the applicant's mail in `tx` (the event's transaction). Nothing is queued without an address. */
export async function enqueueApplicantMail(tx: Database, request: ApplicantMailRequest): Promise<boolean> {
  return enqueueApplicantMailFor(tx, { ...request, cause: `event:${request.eventId}` });
}

/**
 * The same for a cause that is not a dossier event (an answer to feedback: `feedback:12`); `cause`
 * keys the mail, so that it is written once.
 */
export async function enqueueApplicantMailFor(
  tx: Database,
  request: Omit<ApplicantMailRequest, "eventId"> & { eventId?: number; cause: string },
): Promise<boolean> {
  const [row] = await tx
    .select({ email: dossiers.applicantEmail, language: users.preferredLanguage })
    .from(dossiers)
    .leftJoin(users, eq(users.id, dossiers.applicantUserId))
    .where(eq(dossiers.id, request.dossierId));
  if (!row?.email) return false;
  const payload: ApplicantPayload = { audience: "applicant", template: request.template, note: request.note, language: row.language ?? "vi" };
  return enqueueOutboxMessage(tx, {
    channel: "mail",
    messageKey: `mail:${request.cause}:${request.template}:applicant`,
    dossierId: request.dossierId,
    eventId: request.eventId ?? null,
    payload,
    now: request.now,
  });
}

/** Queues a reminder to each officer; `cause` names the job or event, so a rerun writes nothing new. */
export async function enqueueOfficerMails(
  tx: Database,
  input: { dossierId: string; reminder: OfficerReminder; officerIds: number[]; cause: string; now: Date },
): Promise<void> {
  for (const userId of input.officerIds) {
    const payload: OfficerPayload = { audience: "officer", reminder: input.reminder, userId };
    await enqueueOutboxMessage(tx, {
      channel: "mail",
      messageKey: `mail:${input.cause}:${input.reminder}:officer:${userId}`,
      dossierId: input.dossierId,
      // Each officer's mail is its own group: one officer's full mailbox does not hold another's.
      groupKey: `${input.dossierId}:officer:${userId}`,
      payload,
      now: input.now,
    });
  }
}

async function attachedDocument(services: AppServices, message: OutboxMessage, template: ApplicantTemplate, now: Date): Promise<MailAttachment[]> {
  const wanted = ATTACHED_DOCUMENT[template];
  if (!wanted || !message.dossierId) return [];
  const where =
    wanted.of === "event" && message.eventId
      ? and(eq(attachments.dossierId, message.dossierId), eq(attachments.kind, wanted.kind as AttachmentKind), eq(attachments.eventId, message.eventId))
      : and(eq(attachments.dossierId, message.dossierId), eq(attachments.kind, wanted.kind as AttachmentKind));
  const [file] = await services.database.db.select().from(attachments).where(where).limit(1);
  if (!file) {
    if (now.getTime() - message.createdAt.getTime() < DOCUMENT_WAIT_MS) throw new OutboxNotReady(`tệp ${wanted.kind} chưa được phát hành`);
    return [];
  }
  return [{ filename: file.fileName, content: Buffer.from(await services.storage.get(file.sha256)), contentType: file.mediaType }];
}

export const sendOutboxMail: OutboxSender = async (services, message, now) => {
  const payload = message.payload as ApplicantPayload | OfficerPayload | PeriodicReportMailPayload;
  const { db } = services.database;
  if (payload.audience === "periodicReport") return sendPeriodicReportMail(services, message, payload);
  const [dossier] = await db.select().from(dossiers).where(eq(dossiers.id, message.dossierId!));
  if (!dossier) return { skipped: "no-dossier" };
  const host = new URL(services.config.baseUrl).hostname;
  const messageId = `<${message.messageId}@${host}>`;
  if (payload.audience === "officer") {
    const [officer] = await db.select({ fullName: users.fullName, email: users.email }).from(users).where(eq(users.id, payload.userId));
    if (!officer?.email) return { skipped: "no-address" };
    const procedureName = await procedureNameOf(services, dossier.procedureId);
    const override = await mailTemplateOverride(db, `officer:${payload.reminder}`, "vi");
    await services.mailer.send({
      ...officerMail(services.config.baseUrl, dossier, payload.reminder, { fullName: officer.fullName, email: officer.email }, procedureName, override),
      messageId,
    });
    return { messageId };
  }
  if (!dossier.applicantEmail) return { skipped: "no-address" };
  const files = await attachedDocument(services, message, payload.template, now);
  const language = payload.language ?? "vi";
  const override = await mailTemplateOverride(db, payload.template, language);
  const mail = applicantMail(services.config.baseUrl, dossier, payload.template, payload.note, {
    language,
    attachmentNames: files.map((f) => f.filename),
    override,
    values: override ? mailValues(dossier, await procedureNameOf(services, dossier.procedureId)) : undefined,
  });
  await services.mailer.send({ ...mail, messageId, attachments: files });
  return { messageId, attachments: files.length };
};

async function procedureNameOf(services: AppServices, procedureId: number): Promise<string> {
  const [row] = await services.database.db.select({ name: procedures.name }).from(procedures).where(eq(procedures.id, procedureId));
  return row?.name ?? "";
}

/**
 * A periodic report to one configured recipient, with the sealed PDF attached from attachment
 * storage. The address is read when the mail leaves: a recipient deactivated meanwhile gets nothing.
 */
async function sendPeriodicReportMail(services: AppServices, message: OutboxMessage, payload: PeriodicReportMailPayload) {
  const { db } = services.database;
  const [report] = await db.select().from(periodicReports).where(eq(periodicReports.id, payload.reportId));
  if (!report) return { skipped: "no-report" };
  const [recipient] = await db.select().from(reportRecipients).where(eq(reportRecipients.id, payload.recipientId));
  if (!recipient?.active) return { skipped: "inactive-recipient" };
  const host = new URL(services.config.baseUrl).hostname;
  const mail = periodicReportMail(report, recipient, await scopeNameOf(db, report.agencyId), services.config.baseUrl);
  const file: MailAttachment = { filename: periodicReportFileName(report), content: Buffer.from(await services.storage.get(report.sha256)), contentType: "application/pdf" };
  await services.mailer.send({ to: recipient.email, ...mail, messageId: `<${message.messageId}@${host}>`, attachments: [file] });
  return { messageId: `<${message.messageId}@${host}>`, attachments: 1 };
}
