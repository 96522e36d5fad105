/**
 * The specialist's draft of the result (dự thảo kết quả), issue 10: filled in from the procedure's
 * typed template, saved as she works (table result_drafts, an optimistic version between two tabs or
 * two officers), previewed as the unsigned PDF with a "DỰ THẢO" watermark, with her appraisal note
 * (tờ trình) and optionally its file. Completing her step sends the saved draft, the version she
 * last saw, with COMPLETE_STEP through the one path.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { withTransaction } from "../../../db/client";
import { attachments, resultDrafts, users } from "../../../db/schema";
import type { DraftResult } from "../../../workflows/dossier-machine";
import type { SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import { DossierActionError, performDossierAction } from "../dossier-actions.server";
import { actionsFor, type DossierDetail } from "../dossier-queries.server";
import { actorOf } from "../permissions.server";
import type { PendingUpload } from "../uploads.server";
import { formBase, loadDossierContext, officialOf, PLACE } from "./common.server";
import { REGISTER_BOOK_SYMBOLS, registerBookFor, startOfLocalDay } from "./registers.server";
import { intendedApprover } from "./results.server";
import {
  checkDraftValues,
  numberAndSymbol,
  prefillDraft,
  prefillValues,
  renderTypedResult,
  resultHeader,
  resultSymbolOf,
  TEMPLATE_FIELDS,
  TEMPLATE_NAMES,
  valuesOf,
  type TemplateField,
} from "./result-templates.server";

export const APPRAISAL_DOCUMENT_NAME = "Tờ trình thẩm định";

export type DraftRow = typeof resultDrafts.$inferSelect;

export async function loadDraftRow(services: AppServices, dossierId: string): Promise<DraftRow | null> {
  const [row] = await services.database.db.select().from(resultDrafts).where(eq(resultDrafts.dossierId, dossierId));
  return row ?? null;
}

/** Whether the user drafts this dossier's result now: a specialist whose step it is. */
export function mayDraft(user: SessionUser, detail: DossierDetail): boolean {
  return user.role === "specialist" && actionsFor(user, detail).includes("COMPLETE_STEP");
}

/** The draft as saved, or a new one from the template; what the page shows and the preview prints. */
export function currentDraft(detail: DossierDetail, row: DraftRow | null, specialistName: string): DraftResult {
  if (row) return { title: row.title, fields: row.fields };
  return detail.dossier.snapshot.context.draftResult ?? prefillDraft(detail.dossier, detail.procedure, detail.agency, specialistName);
}

/** The unsigned draft as a PDF: the template filled in, no number yet, "DỰ THẢO" across every page. */
export async function draftPdf(services: AppServices, detail: DossierDetail, draft: DraftResult, now = new Date()): Promise<Uint8Array> {
  const ctx = await loadDossierContext(services, detail.dossier.id);
  const { procedure, dossier } = ctx;
  const issuing = { agency: ctx.agency, parent: ctx.parent };
  const symbol = resultSymbolOf(procedure, ctx.agency, REGISTER_BOOK_SYMBOLS[registerBookFor(procedure.resultTemplate)]);
  const approver = await officialOf(services, await intendedApprover(services, ctx));
  const form = await renderTypedResult({
    template: procedure.resultTemplate,
    draft,
    defaults: prefillValues(procedure.resultTemplate, dossier, procedure, ctx.agency, ""),
    dossier,
    procedure,
    issuing,
    header: resultHeader(issuing, startOfLocalDay(now, services.config.timeZone), numberAndSymbol(null, symbol), PLACE),
    entry: null,
    verificationUrl: formBase(services, ctx, now).verificationUrl,
    signer: approver,
    watermark: "DỰ THẢO",
  });
  return form.pdf;
}

export async function pageCountOf(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

/** The note of the SEND_BACK that brought the dossier back to this step, if that is how it came. */
export function sentBackNote(detail: DossierDetail): { note: string; by: string | null; at: Date } | null {
  const entering = [...detail.events].reverse().find(({ event }) => event.toState === detail.dossier.statePath && event.fromState !== event.toState);
  if (!entering || entering.event.action !== "SEND_BACK") return null;
  return { note: entering.event.note ?? "", by: entering.actorName, at: entering.event.occurredAt };
}

/** The appraisal note's file, newest first, if she attached one. */
export async function appraisalFileOf(services: AppServices, dossierId: string) {
  const [file] = await services.database.db
    .select({ id: attachments.id, fileName: attachments.fileName, size: attachments.size })
    .from(attachments)
    .where(and(eq(attachments.dossierId, dossierId), eq(attachments.kind, "draftResult"), eq(attachments.documentName, APPRAISAL_DOCUMENT_NAME)))
    .orderBy(desc(attachments.createdAt))
    .limit(1);
  return file ?? null;
}

export type DraftInput = { title: string; values: Record<string, string>; appraisalNote: string; draftVersion: number };
export type DraftOutcome =
  | { status: 200; version: number; done: string }
  | { status: 400 | 403 | 409; error: string; fieldErrors?: Record<string, string> };

/**
 * Saves the draft. `draftVersion` is the version the page showed (0: none yet); a draft saved
 * meanwhile elsewhere is refused with 409 and nothing is overwritten.
 */
export async function saveResultDraft(
  services: AppServices,
  user: SessionUser,
  detail: DossierDetail,
  input: DraftInput,
  file: PendingUpload | null,
  now = new Date(),
): Promise<DraftOutcome> {
  if (!mayDraft(user, detail)) return { status: 403, error: "Chỉ chuyên viên thụ lý đang giữ hồ sơ ở bước thụ lý được soạn dự thảo." };
  const template = detail.procedure.resultTemplate;
  const fieldErrors = checkDraftValues(template, input.values, false);
  const title = input.title.trim();
  if (!title) fieldErrors.title = "Vui lòng nhập tên văn bản kết quả.";
  if (input.appraisalNote.length > 20_000) fieldErrors.appraisalNote = "Tờ trình quá dài (tối đa 20.000 ký tự).";
  if (Object.keys(fieldErrors).length) return { status: 400, error: Object.values(fieldErrors)[0], fieldErrors };
  const fields = TEMPLATE_FIELDS[template].map((f) => ({ name: f.name, label: f.label, value: (input.values[f.name] ?? "").trim() }));
  const values = { title, fields, appraisalNote: input.appraisalNote.trim() || null, updatedBy: user.id, updatedAt: now };
  const stale = "Dự thảo vừa được lưu ở nơi khác (thẻ khác hoặc người khác). Vui lòng tải lại trang để xem bản mới nhất; nội dung bạn vừa nhập vẫn được giữ dưới đây.";
  return withTransaction(services.database, async (tx) => {
    let version: number;
    if (input.draftVersion === 0) {
      const inserted = await tx
        .insert(resultDrafts)
        .values({ dossierId: detail.dossier.id, template, ...values, version: 1 })
        .onConflictDoNothing()
        .returning({ version: resultDrafts.version });
      if (!inserted.length) return { status: 409 as const, error: stale };
      version = inserted[0].version;
    } else {
      const updated = await tx
        .update(resultDrafts)
        .set({ ...values, template, version: input.draftVersion + 1 })
        .where(and(eq(resultDrafts.dossierId, detail.dossier.id), eq(resultDrafts.version, input.draftVersion)))
        .returning({ version: resultDrafts.version });
      if (!updated.length) return { status: 409 as const, error: stale };
      version = updated[0].version;
    }
    if (file) await tx.insert(attachments).values({ dossierId: detail.dossier.id, kind: "draftResult", uploadedBy: user.id, ...file, documentName: APPRAISAL_DOCUMENT_NAME });
    return { status: 200 as const, version, done: "Đã lưu dự thảo." };
  });
}

/**
 * Completes the specialist's step with the saved draft, the one she previewed (`draftVersion`),
 * through performDossierAction. The appraisal note travels as the event's note.
 */
export async function completeWithDraft(
  services: AppServices,
  user: SessionUser,
  detail: DossierDetail,
  input: { draftVersion: number; version?: number; transactionId?: string },
  now = new Date(),
): Promise<DraftOutcome> {
  if (!mayDraft(user, detail)) return { status: 403, error: "Chỉ chuyên viên thụ lý đang giữ hồ sơ ở bước thụ lý được trình dự thảo." };
  const row = await loadDraftRow(services, detail.dossier.id);
  if (!row) return { status: 400, error: "Vui lòng lưu dự thảo và xem trước bản PDF trước khi trình." };
  if (row.version !== input.draftVersion) {
    return { status: 409, error: "Dự thảo đã thay đổi kể từ khi bạn xem trước. Vui lòng xem lại bản mới nhất rồi trình lại." };
  }
  const fieldErrors = checkDraftValues(detail.procedure.resultTemplate, valuesOf({ title: row.title, fields: row.fields }, {}), true);
  if (Object.keys(fieldErrors).length) return { status: 400, error: `Dự thảo chưa đủ thông tin: ${Object.values(fieldErrors)[0]}`, fieldErrors };
  try {
    const done = await performDossierAction(services, {
      dossierId: detail.dossier.id,
      actor: actorOf(user),
      event: { type: "COMPLETE_STEP", draftResult: { title: row.title, fields: row.fields } },
      note: row.appraisalNote ? `Tờ trình: ${row.appraisalNote}` : undefined,
      expectedVersion: input.version,
      transactionId: input.transactionId,
      now,
    });
    return { status: 200, version: done.version, done: "Đã hoàn thành thụ lý và trình dự thảo kết quả." };
  } catch (error) {
    if (error instanceof DossierActionError) return { status: error.status as 403 | 409, error: error.message };
    throw error;
  }
}

export type DraftPageField = TemplateField & { value: string };

/** Everything the drafting page shows. */
export async function draftPageModel(services: AppServices, user: SessionUser, detail: DossierDetail) {
  const row = await loadDraftRow(services, detail.dossier.id);
  const draft = currentDraft(detail, row, user.fullName);
  const template = detail.procedure.resultTemplate;
  const values = valuesOf(draft, prefillValues(template, detail.dossier, detail.procedure, detail.agency, user.fullName));
  const savedBy = row?.updatedBy ? (await services.database.db.select({ name: users.fullName }).from(users).where(eq(users.id, row.updatedBy)))[0]?.name ?? null : null;
  const file = await appraisalFileOf(services, detail.dossier.id);
  return {
    code: detail.dossier.code,
    dossierVersion: detail.dossier.version,
    procedureName: detail.procedure.name,
    applicantName: detail.dossier.applicantName,
    templateName: TEMPLATE_NAMES[template],
    title: draft.title,
    fields: TEMPLATE_FIELDS[template].map((f): DraftPageField => ({ ...f, value: values[f.name] ?? "" })),
    appraisalNote: row?.appraisalNote ?? "",
    appraisalFile: file,
    draftVersion: row?.version ?? 0,
    savedAt: row?.updatedAt ?? null,
    savedBy,
    sentBack: sentBackNote(detail),
    // A new id each time the page is shown: sending the same form twice is one action.
    transactionId: randomUUID(),
  };
}

/** What the unit head and the leader read before they act: the appraisal note and its file. */
export async function appraisalFor(services: AppServices, dossierId: string) {
  const row = await loadDraftRow(services, dossierId);
  return { note: row?.appraisalNote ?? null, file: await appraisalFileOf(services, dossierId) };
}

/**
 * The preview of the draft as it stands: the saved one, else the one the dossier carries (after
 * the specialist completed her step), else the template's defaults. The officer's name does not
 * enter it, so every reader sees the same document.
 */
export async function draftPreviewFor(services: AppServices, detail: DossierDetail, now = new Date()) {
  const row = await loadDraftRow(services, detail.dossier.id);
  const pdf = await draftPdf(services, detail, currentDraft(detail, row, ""), now);
  return { pdf, version: row?.version ?? 0, pageCount: await pageCountOf(pdf) };
}

/**
 * What the signing page adds for the unit head and the leader: the specialist's appraisal note and
 * its file, and the send-back form (with a fresh transaction id) when she may send it back.
 */
export async function reviewExtrasFor(services: AppServices, user: SessionUser, detail: DossierDetail) {
  return {
    appraisal: await appraisalFor(services, detail.dossier.id),
    sendBack: actionsFor(user, detail).includes("SEND_BACK") ? { transactionId: randomUUID() } : null,
  };
}
