/**
 * The outbox: effects the machine asks for become pg-boss jobs inserted in the same transaction as
 * the dossier change, so a rolled-back action sends nothing and a committed one is never forgotten.
 * Workers run them with retries; jobs that keep failing land in the dead-letter queue.
 */
import type pg from "pg";
import type PgBoss from "pg-boss";
import type { DossierEffect, NotificationTemplate } from "../../workflows/dossier-machine";
import type { AppServices } from "./context.server";

export const QUEUES = {
  notify: "dossier-notify",
  issueDocument: "dossier-issue-document",
  signResult: "dossier-sign-result",
  deadLetter: "dossier-dead-letter",
} as const;

export type NotifyJob = { dossierId: string; template: NotificationTemplate | "submitted"; note: string | null };
export type IssueDocumentJob = {
  dossierId: string;
  /** receipt Mẫu 01, refusal Mẫu 03, apology Mẫu 04, stopNotice Mẫu 05. */
  form: "receipt" | "refusal" | "apology" | "stopNotice";
  occasion: string;
  note: string | null;
  /** The apology's new appointment (ISO instant). */
  newDueAt?: string;
};
export type SignResultJob = { dossierId: string; approverUserId: number };

type JobOf = {
  [QUEUES.notify]: NotifyJob;
  [QUEUES.issueDocument]: IssueDocumentJob;
  [QUEUES.signResult]: SignResultJob;
};

export async function createQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(QUEUES.deadLetter);
  for (const name of [QUEUES.notify, QUEUES.issueDocument, QUEUES.signResult]) {
    await boss.createQueue(name, { name, retryLimit: 5, retryDelay: 5, retryBackoff: true, deadLetter: QUEUES.deadLetter });
  }
}

/** Sends a job inside the caller's transaction (`client` holds it). */
export async function sendInTransaction<Q extends keyof JobOf>(
  boss: PgBoss,
  client: pg.PoolClient,
  queue: Q,
  data: JobOf[Q],
): Promise<void> {
  await boss.send(queue, data, { db: { executeSql: (text, values) => client.query(text, values) } });
}

export async function enqueueEffects(
  services: Pick<AppServices, "boss">,
  client: pg.PoolClient,
  input: { dossierId: string; actorUserId: number | null; note: string | null; effects: DossierEffect[] },
): Promise<void> {
  const { boss } = services;
  for (const effect of input.effects) {
    switch (effect.type) {
      case "notifyApplicant":
        await sendInTransaction(boss, client, QUEUES.notify, { dossierId: input.dossierId, template: effect.template, note: input.note });
        break;
      case "issueReceipt":
        await sendInTransaction(boss, client, QUEUES.issueDocument, {
          dossierId: input.dossierId,
          form: "receipt",
          occasion: effect.occasion,
          note: null,
        });
        break;
      case "issueRefusal":
        await sendInTransaction(boss, client, QUEUES.issueDocument, {
          dossierId: input.dossierId,
          form: "refusal",
          occasion: "refusal",
          note: input.note,
        });
        break;
      case "issueStopNotice":
        await sendInTransaction(boss, client, QUEUES.issueDocument, {
          dossierId: input.dossierId,
          form: "stopNotice",
          occasion: "stop",
          note: effect.reason,
        });
        break;
      case "issueApology":
        await sendInTransaction(boss, client, QUEUES.issueDocument, {
          dossierId: input.dossierId,
          form: "apology",
          occasion: "apology",
          note: effect.reason,
          newDueAt: effect.newDueAt,
        });
        break;
      case "signResult":
        if (input.actorUserId === null) throw new Error("Ký kết quả cần người phê duyệt");
        await sendInTransaction(boss, client, QUEUES.signResult, { dossierId: input.dossierId, approverUserId: input.actorUserId });
        break;
      // Clock effects are applied to the dossier row in the same transaction, not as jobs.
      case "startClock":
      case "pauseClock":
      case "resumeClock":
      case "startStepClock":
      case "extendDue":
        break;
      // No queue for these yet (issue #3): the supplement deadline and the agencies a dossier is
      // at are also in the snapshot's context, and the fee request waits for the payment-platform
      // integration. Listed so that the exhaustive check below still catches a forgotten effect.
      case "scheduleSupplementDeadline":
      case "forwardToAgency":
      case "returnFromAgency":
      case "requestFee":
        break;
      default: {
        // A new effect type must be placed in one of the groups above.
        const unhandled: never = effect;
        throw new Error(`Tác vụ chưa được xử lý: ${JSON.stringify(unhandled)}`);
      }
    }
  }
}

export type JobHandlers = {
  notify(job: NotifyJob): Promise<void>;
  issueDocument(job: IssueDocumentJob): Promise<void>;
  signResult(job: SignResultJob): Promise<void>;
};

export async function startWorkers(services: AppServices, handlers: JobHandlers): Promise<void> {
  const { boss } = services;
  const options = { pollingIntervalSeconds: services.config.jobPollingSeconds };
  await boss.work<NotifyJob>(QUEUES.notify, options, async (jobs) => {
    for (const job of jobs) await handlers.notify(job.data);
  });
  await boss.work<IssueDocumentJob>(QUEUES.issueDocument, options, async (jobs) => {
    for (const job of jobs) await handlers.issueDocument(job.data);
  });
  await boss.work<SignResultJob>(QUEUES.signResult, options, async (jobs) => {
    for (const job of jobs) await handlers.signResult(job.data);
  });
}
