/**
 * What every official document of a dossier shares: the dossier as its forms see it, the header
 * fields, the officer named in a signature block, signing in a form's signature area and storing
 * the signed file as an attachment keyed by the event that issued it.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { agencies, attachments, users, type AttachmentKind } from "../../../db/schema";
import { signPdf, verificationUrl, type Official, type RenderedForm, type Signer } from "../../../signing";
import type { AppServices } from "../context.server";
import { loadDossierDetail } from "../dossier-queries.server";

export const PLACE = "Thái Bình";

export async function loadDossierContext(services: AppServices, dossierId: string) {
  const { db } = services.database;
  const row = await loadDossierDetail(services, { id: dossierId });
  if (!row) throw new Error(`Không tìm thấy hồ sơ ${dossierId}`);
  const [parent] = row.agency.parentId ? await db.select().from(agencies).where(eq(agencies.id, row.agency.parentId)) : [];
  const [desk] = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.parentId, row.agency.id), eq(agencies.kind, "desk")));
  return { ...row, parent: parent ?? null, desk: desk ?? null };
}

export type DossierContext = Awaited<ReturnType<typeof loadDossierContext>>;

/** The fields every one-stop form takes from its dossier. */
export function formBase(services: AppServices, ctx: DossierContext, now: Date) {
  const d = ctx.dossier;
  return {
    header: { parentAgency: ctx.parent?.name, agency: ctx.agency.name, place: PLACE, date: now },
    verificationUrl: verificationUrl(services.config.baseUrl, d.verificationToken),
    dossierCode: d.code,
    applicant: { name: d.applicantName, idNumber: d.applicantIdNumber, address: d.applicantAddress, phone: d.applicantPhone, email: d.applicantEmail ?? undefined },
    procedure: { code: ctx.procedure.code, name: ctx.procedure.name },
  };
}

export type FormBase = ReturnType<typeof formBase>;

export async function officialOf(services: AppServices, userId: number | null | undefined): Promise<Official> {
  if (userId === null || userId === undefined) return { name: "Hệ thống Một Cửa điện tử", title: "" };
  const [user] = await services.database.db.select().from(users).where(eq(users.id, userId));
  return { name: user?.fullName ?? "", title: user?.title ?? "" };
}

/** Signs a rendered form in one of its signature areas (or invisibly when it has none). */
export async function sign(form: RenderedForm, signer: Signer, area: string, reason: string, now: Date): Promise<Uint8Array> {
  const at = form.signatureAreas[area];
  return signPdf(form.pdf, signer, {
    reason,
    location: PLACE,
    signingTime: now,
    appearance: at ? { page: at.page, rect: at.rect } : false,
    fieldName: `Signature-${area}`,
  });
}

export type StoredDocument = { kind: AttachmentKind; name: string | null; fileName: string; uploadedBy: number | null; eventId: number | null };

/**
 * Stores a signed document and records it. With `tx` the record belongs to the caller's
 * transaction (a signature event); the bytes are content-addressed, so a rollback leaves at most
 * an unreferenced file.
 */
export async function storeDocument(services: AppServices, dossierId: string, document: StoredDocument, pdf: Uint8Array, tx?: Database): Promise<void> {
  const { sha256, size } = await services.storage.put(pdf);
  await (tx ?? services.database.db)
    .insert(attachments)
    .values({
      dossierId,
      kind: document.kind,
      documentName: document.name,
      fileName: document.fileName,
      mediaType: "application/pdf",
      size,
      sha256,
      uploadedBy: document.uploadedBy,
      eventId: document.eventId,
    })
    .onConflictDoNothing();
}

export async function issuedFor(services: AppServices, dossierId: string, kind: AttachmentKind, eventId: number) {
  const [row] = await services.database.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.dossierId, dossierId), eq(attachments.kind, kind), eq(attachments.eventId, eventId)));
  return row ?? null;
}
