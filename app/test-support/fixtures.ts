import { and, asc, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { procedures, userRoles, users, type UserRole } from "../../db/schema";
import type { DossierActor } from "../services/dossier-actions.server";
import { submitOnlineDossier, type PostalAddress } from "../services/dossier-submission.server";
import { acceptUpload, noVirusScanner } from "../services/uploads.server";
import type { AppServices } from "../services/context.server";

export type DemoActor = DossierActor & { userId: number; username: string; role: UserRole };

/** A demo user acting in one of their roles: `role` picks one when they hold several. */
export async function actorOf(services: AppServices, username: string, role?: UserRole): Promise<DemoActor> {
  const [row] = await services.database.db
    .select({ id: users.id, role: userRoles.role, agencyId: userRoles.agencyId })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(role ? and(eq(users.username, username), eq(userRoles.role, role)) : eq(users.username, username))
    .orderBy(asc(userRoles.role), asc(userRoles.agencyId));
  if (!row) throw new Error(`no demo user ${username}`);
  return { userId: row.id, role: row.role, agencyId: row.agencyId, username };
}

/** A small, real PDF, as a citizen would scan one. */
export async function samplePdf(text = "Giấy đề nghị"): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(text.normalize("NFD").replace(/[^\x20-\x7e]/g, ""), { x: 72, y: 760 });
  return doc.save();
}

export const HOUSEHOLD_BUSINESS = "1.001612";
export const JUDICIAL_RECORD = "3.000333";
export const BIRTH_REGISTRATION = "1.001193";

const APPLICANT = {
  name: "Nguyễn Văn An",
  idNumber: "034090001234",
  phone: "0912345678",
  email: "congdan@example.vn",
  address: "Thôn Lạc Thành, xã Đông La, huyện Đông Hưng",
};

/** Submits a dossier for a demo procedure with a file for every required document. */
export async function submitDemoDossier(
  services: AppServices,
  citizen: DemoActor,
  procedureCode: string,
  formData: Record<string, string>,
  key: string = crypto.randomUUID(),
  post: { pickup?: PostalAddress; delivery?: PostalAddress } = {},
) {
  const [procedure] = await services.database.db.select().from(procedures).where(eq(procedures.code, procedureCode));
  const pdf = await samplePdf();
  const uploads = await Promise.all(
    procedure.documents
      .filter((d) => d.required)
      .map((d) => acceptUpload(services.storage, noVirusScanner, d.name, new File([new Uint8Array(pdf)], "giay-to.pdf", { type: "application/pdf" }))),
  );
  return submitOnlineDossier(services, {
    procedureCode,
    applicantUserId: citizen.userId,
    applicant: APPLICANT,
    formData,
    uploads,
    // By post when a delivery address is given, online otherwise; a pickup address makes channel 3.
    resultDelivery: post.delivery ? 1 : 2,
    pickup: post.pickup ?? null,
    delivery: post.delivery ?? null,
    idempotencyKey: key,
  });
}

export function submitHouseholdBusiness(services: AppServices, citizen: DemoActor, key?: string, post?: { pickup?: PostalAddress; delivery?: PostalAddress }) {
  return submitDemoDossier(
    services,
    citizen,
    HOUSEHOLD_BUSINESS,
    {
      businessName: "Hộ kinh doanh Tạp hoá An Bình",
      businessAddress: "Thôn Lạc Thành, xã Đông La",
      businessLines: "Bán lẻ hàng tạp hoá",
      capital: "100000000",
    },
    key,
    post,
  );
}

/** The templates of the applicant mails queued in the outbox for a dossier, oldest first. */
export async function queuedApplicantMails(services: AppServices, dossierId: string): Promise<string[]> {
  const { rows } = await services.database.pool.query<{ template: string }>(
    `select payload->>'template' as template from outbox_messages where channel = 'mail' and dossier_id = $1 order by id`,
    [dossierId],
  );
  return rows.map((r) => r.template);
}
