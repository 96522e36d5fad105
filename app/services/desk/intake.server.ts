/**
 * Walk-in intake (tiếp nhận hồ sơ trực tiếp): the desk officer takes a paper dossier at the counter,
 * for a citizen with an account or for one recorded on the spot, and receives it at once. Creation
 * and reception are one transaction through the one path (createDossierInTransaction, then
 * performDossierActionInTransaction): a failure leaves nothing, and the form's idempotency key makes a
 * double click one dossier.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { pgErrorCode, PG_UNIQUE_VIOLATION, withTransaction } from "../../../db/client";
import { agencies, dossiers, procedures, userRoles, users, type IntakeChecklistItem } from "../../../db/schema";
import { DOSSIER_CHANNEL, RESULT_DELIVERY, type ResultDeliveryCode } from "../../../workflows/dossier-status";
import type { AppServices } from "../context.server";
import { performDossierActionInTransaction } from "../dossier-actions.server";
import { DossierActionError } from "../dossier-errors.server";
import { createDossierInTransaction, loadProcedureForSubmission, type Applicant, type PostalAddress } from "../dossier-submission.server";
import { hasPermission, type Actor } from "../permissions.server";
import type { PendingUpload } from "../uploads.server";
import { missingRequired } from "./checklist.server";
import { calendarForAgency } from "../agency-calendar.server";

export type WalkInIntake = {
  procedureCode: string;
  /** The citizen's account the officer found; null when the applicant has none. */
  applicantUserId: number | null;
  applicant: Applicant;
  formData: Record<string, string>;
  /** The scans of the paper documents, accepted by the upload rules. */
  uploads: PendingUpload[];
  checklist: IntakeChecklistItem[];
  resultDelivery: ResultDeliveryCode;
  delivery: PostalAddress | null;
  idempotencyKey: string;
  note?: string;
  now?: Date;
};

export type WalkInResult = { dossierId: string; code: string; created: boolean };

/** The procedures the officer's agency runs, for the intake page's choice. */
export async function intakeProcedures(services: AppServices, agencyId: number) {
  return services.database.db
    .select({ code: procedures.code, name: procedures.name, field: procedures.field })
    .from(procedures)
    .where(eq(procedures.agencyId, agencyId))
    .orderBy(asc(procedures.name));
}

/** The procedure as the intake form needs it, or a 404/403 when it is not one of the officer's agency. */
export async function procedureForIntake(services: AppServices, actor: Actor, code: string) {
  const loaded = await loadProcedureForSubmission(services, code);
  if (!loaded) throw new DossierActionError(404, "Không tìm thấy thủ tục hành chính.");
  if (loaded.procedure.agencyId !== actor.agencyId) {
    throw new DossierActionError(403, "Thủ tục này do cơ quan khác giải quyết; Bộ phận Một cửa của bạn không tiếp nhận được.");
  }
  return loaded;
}

export type CitizenMatch = { id: number; fullName: string; idNumber: string | null; phone: string | null; email: string | null; address: string | null };

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Citizens' accounts by ID number or phone (exact, or the start of it) or by name (without
 * diacritics); at most ten. Only accounts holding the citizen role, and active.
 */
export async function searchCitizens(services: AppServices, query: string): Promise<CitizenMatch[]> {
  const q = query.trim();
  if (q.length < 2) return [];
  const digits = q.replace(/[\s.]/g, "");
  const byNumber = /^\+?\d{3,12}$/.test(digits);
  const pattern = `%${escapeLike(q)}%`;
  const phone = digits.startsWith("+84") ? `0${digits.slice(3)}` : digits;
  const where = byNumber
    ? sql`(${users.idNumber} like ${`${escapeLike(digits)}%`} or ${users.phone} like ${`${escapeLike(phone)}%`})`
    : sql`immutable_unaccent(${users.fullName}) ilike immutable_unaccent(${pattern})`;
  return services.database.db
    .selectDistinct({ id: users.id, fullName: users.fullName, idNumber: users.idNumber, phone: users.phone, email: users.email, address: users.address })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "citizen")))
    .where(and(eq(users.active, true), where))
    .orderBy(asc(users.fullName), asc(users.id))
    .limit(10);
}

/** The citizen account a form names, if it is one (an active account with the citizen role). */
export async function citizenAccount(services: AppServices, userId: number): Promise<CitizenMatch | null> {
  const [row] = await services.database.db
    .select({ id: users.id, fullName: users.fullName, idNumber: users.idNumber, phone: users.phone, email: users.email, address: users.address })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "citizen")))
    .where(and(eq(users.id, userId), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

export async function intakeWalkInDossier(services: AppServices, officer: Actor, input: WalkInIntake): Promise<WalkInResult> {
  if (!hasPermission(officer, "intake:dossier:agency") || officer.userId === null) {
    throw new DossierActionError(403, "Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ trực tiếp.");
  }
  const loaded = await procedureForIntake(services, officer, input.procedureCode);
  const [agency] = await services.database.db.select({ active: agencies.active }).from(agencies).where(eq(agencies.id, loaded.agency.id));
  if (!agency?.active) throw new DossierActionError(409, "Cơ quan này đã ngừng tiếp nhận hồ sơ.");
  const missing = missingRequired(input.checklist);
  if (missing.length > 0) {
    throw new DossierActionError(
      400,
      `Chưa thể tiếp nhận: còn thiếu ${missing.join("; ")}. Hãy hướng dẫn người nộp bổ sung, hoặc lập phiếu từ chối nếu hồ sơ không đủ điều kiện.`,
    );
  }
  if (input.resultDelivery === RESULT_DELIVERY.post && !input.delivery) {
    throw new DossierActionError(400, "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.");
  }
  const existing = await findDeskIntake(services, input.idempotencyKey);
  if (existing) return { ...existing, created: false };

  const now = input.now ?? new Date();
  // Read before the transaction: inside it, every read goes through the transaction's own handle.
  const calendar = await calendarForAgency(services, loaded.agency.id);
  try {
    return await withTransaction(services.database, async (tx, client) => {
      const created = await createDossierInTransaction(services, tx, client, {
        loaded,
        applicantUserId: input.applicantUserId,
        applicant: input.applicant,
        formData: input.formData,
        uploads: input.uploads,
        resultDelivery: input.resultDelivery,
        pickup: null,
        delivery: input.delivery,
        channel: DOSSIER_CHANNEL.desk,
        submittedBy: { userId: officer.userId!, role: officer.role },
        intakeChecklist: input.checklist,
        idempotencyKey: input.idempotencyKey,
        announce: false,
        now,
      });
      await performDossierActionInTransaction(services, tx, client, {
        dossierId: created.dossierId,
        actor: officer,
        event: { type: "RECEIVE" },
        note: input.note || undefined,
        transactionId: `${input.idempotencyKey}-receive`,
        calendar,
        now,
      });
      return { ...created, created: true };
    });
  } catch (error) {
    // A double click's twin won the race for the key: answer with its dossier.
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
      const winner = await findDeskIntake(services, input.idempotencyKey);
      if (winner) return { ...winner, created: false };
    }
    throw error;
  }
}

async function findDeskIntake(services: AppServices, key: string) {
  const [row] = await services.database.db
    .select({ dossierId: dossiers.id, code: dossiers.code })
    .from(dossiers)
    .where(and(eq(dossiers.idempotencyKey, key), eq(dossiers.channel, DOSSIER_CHANNEL.desk)));
  return row ?? null;
}
