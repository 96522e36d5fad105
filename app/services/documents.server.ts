/**
 * Official documents of a dossier: the receipt (Mẫu 01), the refusal (Mẫu 03) and the signed result.
 * Each is rendered by signing/, signed, stored under its content hash and recorded as an attachment.
 * These run from jobs, so each is idempotent: a retry finds the document already made.
 */
import { and, eq, isNull } from "drizzle-orm";
import { agencies, attachments, dossierEvents, users } from "../../db/schema";
import {
  renderReceipt,
  renderRefusal,
  renderResultCertificate,
  signPdf,
  verificationUrl,
  type RenderedForm,
  type ReturnChannel,
  type Signer,
} from "../../signing";
import { addWorkingTime } from "../../workflows/calendar";
import type { AppServices } from "./context.server";
import { loadDossierDetail } from "./dossier-queries.server";
import { formatAllowance } from "../labels";

const RETURN_CHANNEL_BY_DELIVERY: Record<number, ReturnChannel> = { 0: "desk", 1: "post", 2: "online" };

async function loadDossierContext(services: AppServices, dossierId: string) {
  const { db } = services.database;
  const row = await loadDossierDetail(services, { id: dossierId });
  if (!row) throw new Error(`Không tìm thấy hồ sơ ${dossierId}`);
  const [parent] = row.agency.parentId
    ? await db.select().from(agencies).where(eq(agencies.id, row.agency.parentId))
    : [];
  const [desk] = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.parentId, row.agency.id), eq(agencies.kind, "desk")));
  return { ...row, parent: parent ?? null, desk: desk ?? null };
}

type DossierContext = Awaited<ReturnType<typeof loadDossierContext>>;

function header(ctx: DossierContext, date: Date) {
  return { parentAgency: ctx.parent?.name, agency: ctx.agency.name, place: "Thái Bình", date };
}

function applicant(ctx: DossierContext) {
  const d = ctx.dossier;
  return {
    name: d.applicantName,
    idNumber: d.applicantIdNumber,
    address: d.applicantAddress,
    phone: d.applicantPhone,
    email: d.applicantEmail ?? undefined,
  };
}

async function officialOf(services: AppServices, userId: number | null) {
  if (userId === null) return { name: "Hệ thống Một Cửa điện tử", title: "" };
  const [user] = await services.database.db.select().from(users).where(eq(users.id, userId));
  return { name: user?.fullName ?? "", title: user?.title ?? "" };
}

/** Signs a rendered form in its "signer" area (or invisibly when it has none). */
async function sign(form: RenderedForm, signer: Signer, area: string, reason: string, now: Date): Promise<Uint8Array> {
  const at = form.signatureAreas[area];
  return signPdf(form.pdf, signer, {
    reason,
    location: "Thái Bình",
    signingTime: now,
    appearance: at ? { page: at.page, rect: at.rect } : false,
    fieldName: `Signature-${area}`,
  });
}

async function storeDocument(
  services: AppServices,
  dossierId: string,
  kind: "receipt" | "refusal" | "result",
  documentName: string | null,
  fileName: string,
  pdf: Uint8Array,
  uploadedBy: number | null,
): Promise<void> {
  const { sha256, size } = await services.storage.put(pdf);
  await services.database.db
    .insert(attachments)
    .values({ dossierId, kind, documentName, fileName, mediaType: "application/pdf", size, sha256, uploadedBy })
    .onConflictDoNothing();
}

async function alreadyIssued(services: AppServices, dossierId: string, kind: "receipt" | "refusal" | "result", documentName: string | null) {
  const [row] = await services.database.db
    .select({ id: attachments.id })
    .from(attachments)
    .where(
      and(
        eq(attachments.dossierId, dossierId),
        eq(attachments.kind, kind),
        documentName === null ? isNull(attachments.documentName) : eq(attachments.documentName, documentName),
      ),
    );
  return !!row;
}

const RECEIPT_NAMES = {
  submission: "Giấy tiếp nhận hồ sơ trực tuyến",
  reception: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
} as const;

/** Mẫu 01. At submission the appointment is an estimate from now; at reception it is the due time. */
export async function issueReceipt(services: AppServices, dossierId: string, occasion: "submission" | "reception", now = new Date()) {
  const documentName = RECEIPT_NAMES[occasion];
  if (await alreadyIssued(services, dossierId, "receipt", documentName)) return;
  const ctx = await loadDossierContext(services, dossierId);
  const { dossier, procedure } = ctx;
  const receivedAt = occasion === "reception" && dossier.receivedAt ? dossier.receivedAt : dossier.submittedAt;
  const appointmentAt =
    occasion === "reception" && dossier.dueAt
      ? dossier.dueAt
      : addWorkingTime(dossier.submittedAt, procedure.allowance, await services.calendar());
  const officerEvent = occasion === "reception" ? await receptionOfficer(services, dossierId) : null;
  const form = await renderReceipt({
    header: header(ctx, now),
    verificationUrl: verificationUrl(services.config.baseUrl, dossier.code),
    dossierCode: dossier.code,
    applicant: applicant(ctx),
    procedure: { code: procedure.code, name: procedure.name },
    receivingUnit: ctx.desk?.name ?? ctx.agency.name,
    documents: await submittedDocuments(services, dossierId, procedure.documents),
    processingTime: formatAllowance(procedure.allowance),
    receivedAt,
    appointmentAt,
    returnChannel: RETURN_CHANNEL_BY_DELIVERY[dossier.resultDelivery] ?? "desk",
    returnAddress: dossier.resultDelivery === 1 ? dossier.applicantAddress : undefined,
    officer: await officialOf(services, officerEvent),
  });
  const seal = await services.signers.forAgency(ctx.agency.id);
  const pdf = await sign(form, seal, "signer", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", now);
  await storeDocument(services, dossierId, "receipt", documentName, `Mau01-${dossier.code}-${occasion}.pdf`, pdf, null);
}

/** The required-document rows the applicant actually supplied a file for: what the receipt lists. */
async function submittedDocuments(
  services: AppServices,
  dossierId: string,
  documents: Array<{ name: string; originals: number; copies: number }>,
) {
  const files = await services.database.db
    .select({ documentName: attachments.documentName })
    .from(attachments)
    .where(and(eq(attachments.dossierId, dossierId), eq(attachments.kind, "submission")));
  const supplied = new Set(files.map((f) => f.documentName));
  return documents.filter((d) => supplied.has(d.name)).map((d) => ({ name: d.name, originals: d.originals, copies: d.copies }));
}

async function receptionOfficer(services: AppServices, dossierId: string): Promise<number | null> {
  const [event] = await services.database.db
    .select({ actor: dossierEvents.actorUserId })
    .from(dossierEvents)
    .where(and(eq(dossierEvents.dossierId, dossierId), eq(dossierEvents.action, "RECEIVE")));
  return event?.actor ?? null;
}

/** Mẫu 03, signed by the agency's seal. */
export async function issueRefusal(services: AppServices, dossierId: string, reason: string, now = new Date()) {
  if (await alreadyIssued(services, dossierId, "refusal", null)) return;
  const ctx = await loadDossierContext(services, dossierId);
  const form = await renderRefusal({
    header: header(ctx, now),
    verificationUrl: verificationUrl(services.config.baseUrl, ctx.dossier.code),
    dossierCode: ctx.dossier.code,
    applicant: applicant(ctx),
    procedure: { code: ctx.procedure.code, name: ctx.procedure.name },
    receivingUnit: ctx.desk?.name ?? ctx.agency.name,
    receivedAt: ctx.dossier.submittedAt,
    reasons: [reason],
    officer: await officialOf(services, null),
  });
  const seal = await services.signers.forAgency(ctx.agency.id);
  const pdf = await sign(form, seal, "signer", "Từ chối tiếp nhận hồ sơ", now);
  await storeDocument(services, dossierId, "refusal", null, `Mau03-${ctx.dossier.code}.pdf`, pdf, null);
}

/**
 * The result: rendered from the specialist's draft, signed by the approving leader and then by the
 * agency's seal in an incremental update, so both signatures stay valid.
 */
export async function signResult(services: AppServices, dossierId: string, approverUserId: number, now = new Date()) {
  if (await alreadyIssued(services, dossierId, "result", null)) return;
  const ctx = await loadDossierContext(services, dossierId);
  const { dossier, procedure } = ctx;
  const draft = dossier.snapshot.context.draftResult;
  const approver = await officialOf(services, approverUserId);
  const form = await renderResultCertificate({
    header: { ...header(ctx, now), number: `${dossier.code.slice(-4)}/${procedure.code}` },
    verificationUrl: verificationUrl(services.config.baseUrl, dossier.code),
    dossierCode: dossier.code,
    title: (draft?.title ?? procedure.resultName).toUpperCase(),
    lines: (draft?.fields ?? [{ label: "Người đề nghị", value: dossier.applicantName }]).map((f) => ({ label: f.label, value: f.value })),
    signer: { name: approver.name, title: approver.title },
  });
  const leader = await services.signers.forUser(approverUserId);
  const signedByLeader = await sign(form, leader, "signer", `Phê duyệt ${procedure.resultName}`, now);
  const seal = await services.signers.forAgency(ctx.agency.id);
  const sealed = await signPdf(signedByLeader, seal, {
    reason: "Chữ ký số của cơ quan",
    location: "Thái Bình",
    signingTime: now,
    appearance: false,
    fieldName: "Signature-organisation",
  });
  await storeDocument(services, dossierId, "result", null, `KetQua-${dossier.code}.pdf`, sealed, approverUserId);
}
