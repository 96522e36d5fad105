/**
 * The outbox: effects the machine asks for become pg-boss jobs inserted in the same transaction as
 * the dossier change, so a rolled-back action sends nothing and a committed one is never forgotten.
 * Workers run them with retries; jobs that keep failing land in the dead-letter queue.
 */
import type pg from "pg";
import type PgBoss from "pg-boss";
import type { DossierEffect, NotificationTemplate } from "../../workflows/dossier-machine";
import type { AppServices } from "./context.server";
import type { Database } from "../../db/client";
import { enqueueApplicantMail } from "./mail-outbox.server";
import { startOutboxDispatcher } from "./outbox.server";
import { outboxSenders } from "./outbox-senders.server";
import { rollupAge } from "./reports/rollup.server";

export const QUEUES = {
  notifyOfficers: "dossier-notify-officers",
  issueDocument: "dossier-issue-document",
  sealResult: "dossier-seal-result",
  supplementDeadline: "dossier-supplement-deadline",
  deadlineScan: "dossier-deadline-scan",
  calendarCheck: "calendar-coverage-check",
  housekeeping: "housekeeping",
  uploadCleanup: "upload-orphan-cleanup",
  paymentStatusQuery: "payment-status-query",
  reportsRefresh: "reports-rollup-refresh",
  periodicReports: "reports-periodic",
  deadLetter: "dossier-dead-letter",
} as const;

/** Mails to the applicant: the machine's templates plus the ones the app sends on its own. */
export type ApplicantTemplate =
  | NotificationTemplate
  | "submitted"
  | "feeRequested"
  /** A fee paid (online or at the desk); the e-receipt (biên lai) is attached. */
  | "paid"
  | "withdrawn"
  | "stopped"
  | "apology"
  /** Postal pickup (thu gom hồ sơ): registered, collected, handed to the agency, cancelled. */
  | "postalPickupRegistered"
  | "postalPickupCollected"
  | "postalPickupHandedOver"
  | "postalPickupCancelled"
  /** Postal delivery of the result: on its way, failed, returned to the agency (delivered is the dossier's return). */
  | "postalDeliveryInTransit"
  | "postalDeliveryFailed"
  | "postalDeliveryReturned"
  /** Issue 11: the agency answered the applicant's feedback (phản ánh, kiến nghị); the answer is the note. */
  | "feedbackAnswered";

/** Mails to the officers who must act now: a dossier forwarded to them, or one near or past its due time. */
export type OfficerReminder = "forwarded" | "dueSoon" | "overdue";
export type NotifyOfficersJob = { dossierId: string; reminder: OfficerReminder; agencyId?: number };

export type OfficialForm = "receipt" | "supplementRequest" | "refusal" | "apology" | "stopNotice";
export type IssueDocumentJob = {
  dossierId: string;
  /** receipt Mẫu 01, supplementRequest Mẫu 02, refusal Mẫu 03, apology Mẫu 04, stopNotice Mẫu 05. */
  form: OfficialForm;
  occasion: string;
  note: string | null;
  /** The officer who took the decision; signs the form when they hold a certificate. */
  actorUserId?: number | null;
  /** The dossier event that asked for the form: the form is issued once for it. */
  eventId?: number;
  /** The apology's new appointment, and the one it replaces (ISO instants). */
  newDueAt?: string;
  previousDueAt?: string;
};
/** The system seals the leader-signed result of the approval `eventId` (agencies that seal by the system). */
export type SealResultJob = { dossierId: string; eventId: number };
export type SupplementDeadlineJob = { dossierId: string; deadline: string };

type JobOf = {
  [QUEUES.notifyOfficers]: NotifyOfficersJob;
  [QUEUES.issueDocument]: IssueDocumentJob;
  [QUEUES.sealResult]: SealResultJob;
  [QUEUES.supplementDeadline]: SupplementDeadlineJob;
};

const WORK_QUEUES = [QUEUES.notifyOfficers, QUEUES.issueDocument, QUEUES.sealResult, QUEUES.supplementDeadline] as const;

/** How often the deadline scan runs (cron, in Vietnam's time zone). */
export const DEADLINE_SCAN_CRON = "*/15 * * * *";
/** The daily check that the holidays of the coming year are entered (06:00 in Vietnam). */
export const CALENDAR_CHECK_CRON = "0 6 * * *";
/** Hourly removal of ended sessions and expired rate-limit counters. */
export const HOUSEKEEPING_CRON = "7 * * * *";
/** Hourly removal of day-old pending uploads and of stored files nothing references. */
export const UPLOAD_CLEANUP_CRON = "17 * * * *";
/** Every five minutes: ask the payment platform about payments whose callback never came (ADR 0012). */
export const PAYMENT_STATUS_QUERY_CRON = "*/5 * * * *";

/** Rebuilds the monitoring rollup (issue 12): the dashboard's figures are at most this old. */
export const REPORTS_REFRESH_CRON = "*/10 * * * *";
const REPORTS_REFRESH_INTERVAL_MS = 10 * 60_000;

/**
 * The periodic reports (issue 12): 06:30 on the first of every month, in the portal's zone, the
 * previous month's report, and on the first of a quarter the previous quarter's too.
 */
export const PERIODIC_REPORTS_CRON = "30 6 1 * *";

export async function createQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(QUEUES.deadLetter);
  for (const name of WORK_QUEUES) {
    await boss.createQueue(name, { name, retryLimit: 5, retryDelay: 5, retryBackoff: true, deadLetter: QUEUES.deadLetter });
  }
  // One scan at a time however many app processes run: the singleton policy keeps one job queued.
  await boss.createQueue(QUEUES.deadlineScan, { name: QUEUES.deadlineScan, policy: "singleton", retryLimit: 2 });
  await boss.createQueue(QUEUES.calendarCheck, { name: QUEUES.calendarCheck, policy: "singleton", retryLimit: 2 });
  await boss.createQueue(QUEUES.housekeeping, { name: QUEUES.housekeeping, policy: "singleton", retryLimit: 2 });
  await boss.createQueue(QUEUES.uploadCleanup, { name: QUEUES.uploadCleanup, policy: "singleton", retryLimit: 2 });
  await boss.createQueue(QUEUES.paymentStatusQuery, { name: QUEUES.paymentStatusQuery, policy: "singleton", retryLimit: 2 });
  await boss.createQueue(QUEUES.reportsRefresh, { name: QUEUES.reportsRefresh, policy: "singleton", retryLimit: 2 });
  // Retries are safe: a report is found, not made twice, and its mails are keyed (periodic-report.server.ts).
  await boss.createQueue(QUEUES.periodicReports, { name: QUEUES.periodicReports, policy: "singleton", retryLimit: 5, retryDelay: 300, retryBackoff: true });
}

/** Sends a job inside the caller's transaction (`client` holds it). */
export async function sendInTransaction<Q extends keyof JobOf>(
  boss: PgBoss,
  client: pg.PoolClient,
  queue: Q,
  data: JobOf[Q],
  options: PgBoss.SendOptions = {},
): Promise<void> {
  await boss.send(queue, data, { ...options, db: { executeSql: (text, values) => client.query(text, values) } });
}

export async function enqueueEffects(
  services: Pick<AppServices, "boss">,
  tx: Database,
  client: pg.PoolClient,
  input: {
    dossierId: string;
    /** The event this action appended in the same transaction: documents and mails are keyed by it. */
    eventId: number;
    actorUserId: number | null;
    note: string | null;
    effects: DossierEffect[];
    /** The due time before this action changed it (the apology quotes it). */
    previousDueAt?: Date | null;
    now: Date;
  },
): Promise<void> {
  const { boss } = services;
  const { dossierId, eventId, actorUserId } = input;
  // Applicant mails go through the outbox, keyed by this event: written once, sent once (ADR 0010).
  const notify = (template: ApplicantTemplate, note = input.note) => enqueueApplicantMail(tx, { dossierId, eventId, template, note, now: input.now });
  const issue = (form: OfficialForm, occasion: string, note: string | null, extra: Pick<IssueDocumentJob, "newDueAt" | "previousDueAt"> = {}) =>
    sendInTransaction(boss, client, QUEUES.issueDocument, { dossierId, form, occasion, note, actorUserId, eventId, ...extra });
  for (const effect of input.effects) {
    switch (effect.type) {
      case "notifyApplicant":
        await notify(effect.template);
        break;
      case "issueReceipt":
        await issue("receipt", effect.occasion, null);
        break;
      case "issueSupplementRequest":
        await issue("supplementRequest", "supplement", input.note);
        break;
      case "issueRefusal":
        await issue("refusal", "refusal", input.note);
        break;
      case "issueStopNotice":
        await issue("stopNotice", "stop", effect.reason);
        await notify("stopped", effect.reason);
        break;
      case "issueApology":
        await issue("apology", "apology", effect.reason, {
          newDueAt: effect.newDueAt,
          ...(input.previousDueAt ? { previousDueAt: input.previousDueAt.toISOString() } : {}),
        });
        await notify("apology", effect.reason);
        break;
      case "sealResult":
        await sendInTransaction(boss, client, QUEUES.sealResult, { dossierId, eventId });
        break;
      case "scheduleSupplementDeadline":
        // Runs once the deadline has passed; the machine ignores it if the citizen supplemented.
        await sendInTransaction(boss, client, QUEUES.supplementDeadline, { dossierId, deadline: effect.deadline }, { startAfter: new Date(effect.deadline) });
        break;
      case "requestFee":
        await notify("feeRequested", null);
        break;
      case "forwardToAgency":
        await sendInTransaction(boss, client, QUEUES.notifyOfficers, { dossierId, reminder: "forwarded", agencyId: Number(effect.toAgency) });
        break;
      case "returnFromAgency":
        await sendInTransaction(boss, client, QUEUES.notifyOfficers, {
          dossierId,
          reminder: "forwarded",
          ...(effect.toAgency === null ? {} : { agencyId: Number(effect.toAgency) }),
        });
        break;
      // Clock effects are applied to the dossier row in the same transaction, not as jobs.
      case "startClock":
      case "pauseClock":
      case "resumeClock":
      case "startStepClock":
      case "extendDue":
        break;
      default: {
        // A new effect type must be handled above: this fails to compile otherwise.
        const unhandled: never = effect;
        throw new Error(`Tác vụ chưa được xử lý: ${JSON.stringify(unhandled)}`);
      }
    }
  }
}

export type JobHandlers = {
  /** `jobId` is pg-boss's id, the same on every retry: the officers' mails are keyed by it. */
  notifyOfficers(job: NotifyOfficersJob, jobId: string): Promise<void>;
  issueDocument(job: IssueDocumentJob): Promise<void>;
  sealResult(job: SealResultJob): Promise<void>;
  supplementDeadline(job: SupplementDeadlineJob): Promise<void>;
  deadlineScan(): Promise<void>;
  calendarCheck(): Promise<void>;
  housekeeping(): Promise<void>;
  uploadCleanup(): Promise<void>;
  paymentStatusQuery(): Promise<void>;
  reportsRefresh(): Promise<void>;
  /** `firedAt`: when the schedule fired (the job's creation time), so a retry reports on the same periods. */
  periodicReports(firedAt: Date): Promise<void>;
};

export async function startWorkers(services: AppServices, handlers: JobHandlers): Promise<void> {
  const { boss } = services;
  const options = { pollingIntervalSeconds: services.config.jobPollingSeconds };
  const each =
    <T>(handle: (data: T) => Promise<void>) =>
    async (jobs: PgBoss.Job<T>[]) => {
      for (const job of jobs) await handle(job.data);
    };
  await boss.work<NotifyOfficersJob>(QUEUES.notifyOfficers, options, async (jobs) => {
    for (const job of jobs) await handlers.notifyOfficers(job.data, job.id);
  });
  await boss.work<IssueDocumentJob>(QUEUES.issueDocument, options, each(handlers.issueDocument));
  await boss.work<SealResultJob>(QUEUES.sealResult, options, each(handlers.sealResult));
  await boss.work<SupplementDeadlineJob>(QUEUES.supplementDeadline, options, each(handlers.supplementDeadline));
  await boss.work(QUEUES.deadlineScan, options, async () => handlers.deadlineScan());
  await boss.schedule(QUEUES.deadlineScan, DEADLINE_SCAN_CRON, {}, { tz: services.config.timeZone });
  await boss.work(QUEUES.calendarCheck, options, async () => handlers.calendarCheck());
  await boss.schedule(QUEUES.calendarCheck, CALENDAR_CHECK_CRON, {}, { tz: services.config.timeZone });
  await boss.work(QUEUES.housekeeping, options, async () => handlers.housekeeping());
  await boss.schedule(QUEUES.housekeeping, HOUSEKEEPING_CRON, {}, { tz: services.config.timeZone });
  await boss.work(QUEUES.uploadCleanup, options, async () => handlers.uploadCleanup());
  await boss.schedule(QUEUES.uploadCleanup, UPLOAD_CLEANUP_CRON, {}, { tz: services.config.timeZone });
  await boss.work(QUEUES.paymentStatusQuery, options, async () => handlers.paymentStatusQuery());
  await boss.schedule(QUEUES.paymentStatusQuery, PAYMENT_STATUS_QUERY_CRON, {}, { tz: services.config.timeZone });
  await boss.work(QUEUES.reportsRefresh, options, async () => handlers.reportsRefresh());
  await boss.schedule(QUEUES.reportsRefresh, REPORTS_REFRESH_CRON, {}, { tz: services.config.timeZone });
  await boss.work(QUEUES.periodicReports, { ...options, includeMetadata: true }, async (jobs) => {
    for (const job of jobs) await handlers.periodicReports(new Date(job.createdOn));
  });
  await boss.schedule(QUEUES.periodicReports, PERIODIC_REPORTS_CRON, {}, { tz: services.config.timeZone });
  // The first figures without waiting for the schedule, only when the last rebuild is older than one
  // schedule period: at province scale a rebuild is half a minute of the primary's work, too much to
  // repeat on every start of every process (singleton: one rebuild however many ask at once).
  const lastRebuild = await rollupAge(services.database.db);
  if (!lastRebuild || Date.now() - lastRebuild.finishedAt.getTime() > REPORTS_REFRESH_INTERVAL_MS) await boss.send(QUEUES.reportsRefresh, {});
  // Partner messages leave through the outbox's own ordered loop, not as pg-boss jobs (ADR 0010).
  const dispatcher = startOutboxDispatcher(services, outboxSenders(), services.config.jobPollingSeconds * 1000);
  services.onClose(() => dispatcher.stop());
}
