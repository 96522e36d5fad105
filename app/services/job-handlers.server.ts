/** What each queued job does. Every handler is idempotent: pg-boss may run a job again. */
import { eq, lt } from "drizzle-orm";
import { refreshReportRollup } from "./reports/rollup.server";
import { periodsDue, runDuePeriodicReports } from "./reports/periodic-report.server";
import { dossiers, rateLimits } from "../../db/schema";
import { deleteEndedSessions } from "./auth.server";
import { calendarCoverage } from "./calendar-admin.server";
import { log } from "./log.server";
import type { AppServices } from "./context.server";
import { officersHolding, scanDeadlines } from "./deadlines.server";
import { DossierActionError, performDossierAction, SYSTEM_ACTOR } from "./dossier-actions.server";
import { issueOfficialForm, sealBySystem } from "./documents.server";
import type { JobHandlers } from "./jobs.server";
import { enqueueOfficerMails } from "./mail-outbox.server";
import { withTransaction } from "../../db/client";
import { cleanupOrphanUploads } from "./uploads.server";
import { queryOpenPayments } from "./payments/payments.server";

export function jobHandlers(services: AppServices): JobHandlers {
  const dossierById = async (id: string) => (await services.database.db.select().from(dossiers).where(eq(dossiers.id, id)))[0];
  return {
    async notifyOfficers(job, jobId) {
      const holding = await officersHolding(services, job.dossierId, job.agencyId);
      if (!holding) return;
      // Queued as outbox mails keyed by this job: a retry of the job writes none a second time.
      await withTransaction(services.database, (tx) =>
        enqueueOfficerMails(tx, { dossierId: job.dossierId, reminder: job.reminder, officerIds: holding.officers.map((o) => o.id), cause: `job:${jobId}`, now: new Date() }),
      );
    },
    async issueDocument(job) {
      await issueOfficialForm(services, job);
    },
    async sealResult(job) {
      // The agency seals by the system: right after the leader's signature, as its own event.
      await sealBySystem(services, job.dossierId);
    },
    async supplementDeadline(job) {
      const dossier = await dossierById(job.dossierId);
      // Supplemented, withdrawn or asked again with a new deadline: this job has nothing left to do.
      if (dossier?.statePath !== "supplementRequested" || dossier.snapshot.context.supplementDeadline !== job.deadline) return;
      try {
        await performDossierAction(services, {
          dossierId: job.dossierId,
          actor: SYSTEM_ACTOR,
          event: { type: "SUPPLEMENT_DEADLINE_LAPSED", at: new Date().toISOString() },
          note: "Quá hạn bổ sung hồ sơ",
        });
      } catch (error) {
        // The citizen supplemented at the same moment: their action won, which is right.
        if (!(error instanceof DossierActionError && error.status === 409)) throw error;
      }
    },
    async deadlineScan() {
      await scanDeadlines(services);
    },
    async calendarCheck() {
      await logCalendarCoverage(services);
    },
    async housekeeping() {
      const now = new Date();
      await deleteEndedSessions(services.database.db, now);
      await services.database.db.delete(rateLimits).where(lt(rateLimits.expire, now.getTime()));
    },
    async uploadCleanup() {
      const removed = await cleanupOrphanUploads(services);
      log.info({ event: "upload-cleanup", ...removed });
    },
    async paymentStatusQuery() {
      // Payments whose callback never came, settled through the callback's verified path (ADR 0012).
      const queried = await queryOpenPayments(services);
      if (queried.asked > 0) log.info({ event: "payment-status-query", ...queried });
    },
    async reportsRefresh() {
      const outcome = await refreshReportRollup(services.database, { timeZone: services.config.timeZone, trigger: "schedule" });
      log.info({ event: "reports-rollup-refresh", rows: outcome.rows, durationMs: outcome.durationMs });
    },
    async periodicReports(firedAt) {
      await runPeriodicReportsJob(services, firedAt);
    },
  };
}

/** The daily warning in the log when the holidays of the coming twelve months are not all entered. */
export async function logCalendarCoverage(
  services: AppServices,
  now = new Date(),
  warn: (entry: Record<string, unknown>) => void = (entry) => log.warn(entry),
): Promise<boolean> {
  const coverage = await calendarCoverage(services, now);
  if (coverage.ok) return true;
  warn({ event: "calendar-not-configured", missingYears: coverage.missingYears, msg: coverage.message });
  return false;
}

/**
 * The periodic reports due when the schedule fired: the rollup is rebuilt first so that the figures
 * are those of the period's end, not up to ten minutes old. A retry rebuilds again (harmless) and
 * finds the reports and mails already made.
 */
export async function runPeriodicReportsJob(services: AppServices, firedAt: Date, now = new Date()) {
  if (periodsDue(firedAt).length === 0) return [];
  await refreshReportRollup(services.database, { timeZone: services.config.timeZone, asOf: now, trigger: "schedule" });
  const outcomes = await runDuePeriodicReports(services, firedAt, now);
  log.info({ event: "periodic-reports", reports: outcomes.length, created: outcomes.filter((o) => o.created).length, mailsQueued: outcomes.reduce((n, o) => n + o.queued, 0) });
  return outcomes;
}
