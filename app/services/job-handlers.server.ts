/** What each queued effect does. Every handler is idempotent: pg-boss may run a job again. */
import { eq } from "drizzle-orm";
import { dossiers } from "../../db/schema";
import type { AppServices } from "./context.server";
import { performDossierAction, SYSTEM_ACTOR } from "./dossier-actions.server";
import { issueReceipt, issueRefusal, signResult } from "./documents.server";
import type { JobHandlers } from "./jobs.server";
import { notificationFor } from "./notifications.server";

export function jobHandlers(services: AppServices): JobHandlers {
  return {
    async notify(job) {
      const [dossier] = await services.database.db.select().from(dossiers).where(eq(dossiers.id, job.dossierId));
      if (!dossier?.applicantEmail) return;
      await services.mailer.send(notificationFor(services.config.baseUrl, dossier, job.template, job.note));
    },
    async issueDocument(job) {
      if (job.form === "receipt") await issueReceipt(services, job.dossierId, job.occasion === "reception" ? "reception" : "submission");
      else await issueRefusal(services, job.dossierId, job.note ?? "");
    },
    async signResult(job) {
      await signResult(services, job.dossierId, job.approverUserId);
      const [dossier] = await services.database.db.select().from(dossiers).where(eq(dossiers.id, job.dossierId));
      // A retry after the event was recorded finds the dossier already past signing.
      if (dossier?.statePath === "approved") {
        await performDossierAction(services, {
          dossierId: job.dossierId,
          actor: SYSTEM_ACTOR,
          event: { type: "RESULT_SIGNED", role: "system" },
        });
      }
    },
  };
}
