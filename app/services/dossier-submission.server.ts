/**
 * Creating a dossier (nộp hồ sơ). The code is allocated, the dossier, its files and its first event
 * are written and the receipt and the acknowledgement mail are enqueued, all in one transaction.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type pg from "pg";
import { pgErrorCode, PG_UNIQUE_VIOLATION, withTransaction, type Database } from "../../db/client";
import { agencies, attachments, dossierCodeCounters, dossiers, procedureAgencies, procedures, workflowVersions, type IntakeChecklistItem } from "../../db/schema";
import { localDateOf } from "../../workflows/calendar";
import { formatDossierCode } from "../../workflows/dossier-code";
import { initialDossierState, type Role } from "../../workflows/dossier-machine";
import { DOSSIER_CHANNEL, RESULT_DELIVERY, type DossierChannelCode, type ResultDeliveryCode } from "../../workflows/dossier-status";
import type { AppServices } from "./context.server";
import { DossierActionError, workflowDefinitionOf } from "./dossier-actions.server";
import { deleteDraft } from "./drafts.server";
import { reactToDossierEvent } from "./event-reactions.server";
import { enqueueApplicantMail } from "./mail-outbox.server";
import { appendDossierEvent } from "./dossier-events.server";
import { QUEUES, sendInTransaction } from "./jobs.server";
import type { PendingUpload } from "./uploads.server";

export type Applicant = {
  name: string;
  idNumber: string;
  phone: string;
  email: string | null;
  address: string;
};

export type OnlineSubmission = {
  procedureCode: string;
  applicantUserId: number;
  applicant: Applicant;
  formData: Record<string, string>;
  uploads: PendingUpload[];
  resultDelivery: ResultDeliveryCode;
  /**
   * Where the postal service collects the paper dossier (nộp qua bưu chính: channel 3) and where it
   * delivers the result (result delivery 1). Each is required by the form for its choice.
   */
  pickup?: PostalAddress | null;
  delivery?: PostalAddress | null;
  /** Generated when the form is shown: a double submit creates one dossier, not two. */
  idempotencyKey: string;
  /**
   * The receiving agency the citizen chose among the procedure's (procedure_agencies); checked
   * again here. Absent: the procedure's own agency.
   */
  receivingAgencyId?: number | null;
  /** The wizard's draft this submission comes from: deleted in the dossier's transaction. */
  draftId?: string | null;
  now?: Date;
};

export type PostalAddress = { address: string; districtCode: string };

export type SubmissionResult = { dossierId: string; code: string; created: boolean };

/** Loads a procedure with the workflow version new dossiers start on (the latest published). */
export async function loadProcedureForSubmission(services: AppServices, code: string) {
  const { db } = services.database;
  const [row] = await db
    .select({ procedure: procedures, workflow: workflowVersions, agency: agencies })
    .from(procedures)
    .innerJoin(workflowVersions, eq(workflowVersions.procedureId, procedures.id))
    .innerJoin(agencies, eq(agencies.id, procedures.agencyId))
    .where(eq(procedures.code, code))
    .orderBy(desc(workflowVersions.version))
    .limit(1);
  return row ?? null;
}

export async function submitOnlineDossier(services: AppServices, input: OnlineSubmission): Promise<SubmissionResult> {
  const loaded = await loadProcedureForSubmission(services, input.procedureCode);
  if (!loaded) throw new DossierActionError(404, "Không tìm thấy thủ tục hành chính.");
  const { procedure } = loaded;
  if (input.resultDelivery === RESULT_DELIVERY.post && !input.delivery) {
    throw new DossierActionError(400, "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.");
  }
  const missing = procedure.documents
    .filter((d) => d.required && !input.uploads.some((u) => u.documentName === d.name))
    .map((d) => d.name);
  if (missing.length > 0) {
    throw new DossierActionError(400, `Còn thiếu thành phần hồ sơ bắt buộc: ${missing.join("; ")}.`);
  }
  const existing = await findByIdempotencyKey(services, input.applicantUserId, input.idempotencyKey);
  if (existing) return { ...existing, created: false };
  const receiving = await receivingAgencyFor(services, loaded, input.receivingAgencyId ?? null);

  const now = input.now ?? new Date();
  try {
    return await withTransaction(services.database, async (tx, client) => {
      if (input.draftId) await deleteDraft(tx, input.applicantUserId, input.draftId);
      const created = await createDossierInTransaction(services, tx, client, {
        loaded: { ...loaded, agency: receiving },
        applicantUserId: input.applicantUserId,
        applicant: input.applicant,
        formData: input.formData,
        uploads: input.uploads,
        resultDelivery: input.resultDelivery,
        pickup: input.pickup ?? null,
        delivery: input.delivery ?? null,
        channel: input.pickup ? DOSSIER_CHANNEL.post : DOSSIER_CHANNEL.online,
        submittedBy: { userId: input.applicantUserId, role: "citizen" },
        idempotencyKey: input.idempotencyKey,
        announce: true,
        now,
      });
      return { ...created, created: true };
    });
  } catch (error) {
    // A concurrent submit with the same key won the race: answer with its dossier.
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
      const winner = await findByIdempotencyKey(services, input.applicantUserId, input.idempotencyKey);
      if (winner) return { ...winner, created: false };
    }
    throw error;
  }
}

export type NewDossier = {
  loaded: NonNullable<Awaited<ReturnType<typeof loadProcedureForSubmission>>>;
  /** The citizen's account, when she has one (a walk-in applicant may have none). */
  applicantUserId: number | null;
  applicant: Applicant;
  formData: Record<string, string>;
  uploads: PendingUpload[];
  resultDelivery: ResultDeliveryCode;
  pickup: PostalAddress | null;
  delivery: PostalAddress | null;
  channel: DossierChannelCode;
  /** Who made the dossier: the citizen online, or the desk officer who took the paper dossier. */
  submittedBy: { userId: number; role: Role };
  intakeChecklist?: IntakeChecklistItem[] | null;
  idempotencyKey: string;
  /**
   * Online: the submission receipt and the "submitted" mail. A walk-in dossier is received in the same
   * transaction, and the reception's receipt and mail are the ones the applicant gets.
   */
  announce: boolean;
  now: Date;
};

/**
 * Allocates the code and writes the dossier, its files and its SUBMIT event inside the caller's
 * transaction: the one way a dossier comes to exist, online or at the desk.
 */
export async function createDossierInTransaction(
  services: AppServices,
  tx: Database,
  client: pg.PoolClient,
  input: NewDossier,
): Promise<{ dossierId: string; code: string }> {
  const { procedure, workflow, agency } = input.loaded;
  if (!agency.identifier) throw new Error(`Cơ quan ${agency.name} chưa có mã định danh điện tử`);
  const { now } = input;
  const initial = initialDossierState(workflowDefinitionOf(workflow));
  const day = localDateOf(now, services.config.timeZone);
  // One row per agency and day; the upsert's row lock makes concurrent submissions take turns.
  const [counter] = await tx
    .insert(dossierCodeCounters)
    .values({ agencyId: agency.id, day, lastValue: 1 })
    .onConflictDoUpdate({
      target: [dossierCodeCounters.agencyId, dossierCodeCounters.day],
      set: { lastValue: sql`${dossierCodeCounters.lastValue} + 1` },
    })
    .returning({ lastValue: dossierCodeCounters.lastValue });
  const code = formatDossierCode(agency.identifier, day, counter.lastValue);
  const [dossier] = await tx
    .insert(dossiers)
    .values({
      code,
      procedureId: procedure.id,
      workflowVersionId: workflow.id,
      receivingAgencyId: agency.id,
      applicantUserId: input.applicantUserId,
      applicantName: input.applicant.name,
      applicantIdNumber: input.applicant.idNumber,
      applicantPhone: input.applicant.phone,
      applicantEmail: input.applicant.email,
      applicantAddress: input.applicant.address,
      channel: input.channel,
      resultDelivery: input.resultDelivery,
      pickupAddress: input.pickup?.address ?? null,
      pickupDistrictCode: input.pickup?.districtCode ?? null,
      deliveryAddress: input.delivery?.address ?? null,
      deliveryDistrictCode: input.delivery?.districtCode ?? null,
      formData: input.formData,
      snapshot: initial.state,
      status: initial.status,
      statePath: initial.statePath,
      stepKey: initial.stepKey,
      submittedAt: now,
      intakeChecklist: input.intakeChecklist ?? null,
      idempotencyKey: input.idempotencyKey,
    })
    .returning({ id: dossiers.id });
  if (input.uploads.length > 0) {
    await tx.insert(attachments).values(
      input.uploads.map((u) => ({
        dossierId: dossier.id,
        kind: "submission" as const,
        documentName: u.documentName,
        fileName: u.fileName,
        mediaType: u.mediaType,
        size: u.size,
        sha256: u.sha256,
        uploadedBy: input.submittedBy.userId,
      })),
    );
  }
  const appended = await appendDossierEvent(tx, {
    dossierId: dossier.id,
    actorUserId: input.submittedBy.userId,
    actorRole: input.submittedBy.role,
    action: "SUBMIT",
    fromState: null,
    toState: initial.statePath,
    fromStatus: null,
    toStatus: initial.status,
    note: null,
    effects: [],
    occurredAt: now,
    // The submission's idempotency key is its transaction id, as an action form's is.
    transactionId: input.idempotencyKey,
  });
  await reactToDossierEvent(services, tx, appended);
  if (input.announce) {
    await sendInTransaction(services.boss, client, QUEUES.issueDocument, {
      dossierId: dossier.id,
      form: "receipt",
      occasion: "submission",
      note: null,
      eventId: appended.id,
    });
    await enqueueApplicantMail(tx, { dossierId: dossier.id, eventId: appended.id, template: "submitted", note: null, now });
  }
  return { dossierId: dossier.id, code };
}

/**
 * The agencies that receive this procedure (nơi tiếp nhận): the procedure_agencies rows, or the
 * procedure's own agency when there are none.
 */
export async function receivingAgenciesOf(services: AppServices, procedure: { id: number; agencyId: number }) {
  const { db } = services.database;
  const rows = await db
    .select({ agency: agencies })
    .from(procedureAgencies)
    .innerJoin(agencies, eq(agencies.id, procedureAgencies.agencyId))
    .where(eq(procedureAgencies.procedureId, procedure.id))
    .orderBy(asc(agencies.name), asc(agencies.id));
  if (rows.length > 0) return rows.map((r) => r.agency);
  return db.select().from(agencies).where(eq(agencies.id, procedure.agencyId));
}

/** The chosen agency if it receives this procedure; none chosen: the only one, or the procedure's own. */
async function receivingAgencyFor(services: AppServices, loaded: NonNullable<Awaited<ReturnType<typeof loadProcedureForSubmission>>>, chosen: number | null) {
  const allowed = await receivingAgenciesOf(services, loaded.procedure);
  if (chosen === null) return allowed.length === 1 ? allowed[0] : loaded.agency;
  const agency = allowed.find((a) => a.id === chosen);
  if (!agency) throw new DossierActionError(400, "Cơ quan tiếp nhận đã chọn không tiếp nhận thủ tục này. Vui lòng chọn lại.");
  return agency;
}

export async function findByIdempotencyKey(services: AppServices, userId: number, key: string) {
  const [row] = await services.database.db
    .select({ dossierId: dossiers.id, code: dossiers.code })
    .from(dossiers)
    .where(and(eq(dossiers.applicantUserId, userId), eq(dossiers.idempotencyKey, key)));
  return row ?? null;
}
