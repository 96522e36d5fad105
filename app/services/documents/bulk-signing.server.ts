/**
 * Bulk approval and signing (ký số hàng loạt), issue 10 point 4: the leader (or the unit head for
 * her initials) sees every dossier of her agency waiting for her signature, each with the hash of
 * the exact document she would sign, selects several and confirms once with her password. Each
 * document still gets its own signature and its own event through the one path, over the hash she
 * previewed; one that fails is reported with its reason and the others go through.
 */
import { PDFDocument } from "pdf-lib";
import type { Role } from "../../../workflows/dossier-machine";
import type { SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import { agencyHolding, DossierActionError } from "../dossier-actions.server";
import { listInbox, loadDossierDetail } from "../dossier-queries.server";
import { mayAccessDossier } from "../permissions.server";
import { loadDossierContext } from "./common.server";
import { registerBookFor } from "./registers.server";
import { loadDraftRow } from "./result-drafts.server";
import { confirmSigningPassword, documentToSign, signConfirmed, signingActFor } from "./results.server";
import type { SigningAct } from "../../signing-acts";

/** The act each role signs in bulk; the seal stays one by one (or the system's). */
export const BULK_SIGNING_ACTS: Partial<Record<Role, SigningAct>> = { leader: "APPROVE", unitHead: "REVIEW_SIGNED" };

/** At most this many documents per confirmation: a page of work, and a bounded request. */
export const BULK_SIGNING_LIMIT = 50;

export type BulkSigningItem = {
  dossierId: string;
  code: string;
  procedureName: string;
  applicantName: string;
  resultName: string;
  version: number;
  stepDueAt: Date | null;
  /** The document she would sign, by its hash; null with `problem` when it cannot be signed now. */
  sha256: string | null;
  /**
   * Documents of the same register book listed before this one that take a new number: it is
   * previewed with the number it gets when they are signed first (numbers follow the signing order).
   */
  ahead: number;
  pageCount: number;
  /** The specialist's appraisal note (tờ trình), read before signing. */
  appraisalNote: string | null;
  /** The register number the document shows; provisional until signed. */
  registerNumber: { number: number; provisional: boolean } | null;
  problem: string | null;
};

export function bulkActOf(user: Pick<SessionUser, "role">): SigningAct | null {
  return BULK_SIGNING_ACTS[user.role] ?? null;
}

/** The dossiers waiting for the user's signature at her agency, oldest step due time first. */
export async function bulkSigningList(services: AppServices, user: SessionUser, now = new Date()): Promise<BulkSigningItem[]> {
  const act = bulkActOf(user);
  if (!act) return [];
  const items: BulkSigningItem[] = [];
  // Per register book, how many listed documents take a new number before the next one.
  const newNumbers = new Map<string, number>();
  for (const row of await listInbox(services, user)) {
    const detail = await loadDossierDetail(services, row.code);
    if (!detail || agencyHolding(detail.dossier) !== user.agencyId || !mayAccessDossier(user, detail.dossier, act)) continue;
    if (signingActFor(detail, user.role) !== act) continue;
    const ctx = await loadDossierContext(services, detail.dossier.id);
    let sha256: string | null = null;
    let problem: string | null = null;
    let registerNumber: BulkSigningItem["registerNumber"] = null;
    let pageCount = 0;
    const book = registerBookFor(ctx.procedure.resultTemplate);
    const ahead = newNumbers.get(book) ?? 0;
    try {
      const doc = await documentToSign(services, ctx, act, user.id, now, { ahead });
      sha256 = doc.sha256;
      pageCount = (await PDFDocument.load(doc.pdf, { updateMetadata: false })).getPageCount();
      if (doc.source.kind === "render") {
        registerNumber = { number: doc.source.entry.number, provisional: !!doc.source.entry.provisional };
        if (doc.source.entry.provisional) newNumbers.set(book, ahead + 1);
      }
    } catch (error) {
      if (!(error instanceof DossierActionError)) throw error;
      problem = error.message;
    }
    items.push({
      dossierId: detail.dossier.id,
      code: detail.dossier.code,
      procedureName: detail.procedure.name,
      applicantName: detail.dossier.applicantName,
      resultName: detail.procedure.resultName,
      version: detail.dossier.version,
      stepDueAt: detail.dossier.stepDueAt,
      sha256,
      problem,
      ahead,
      registerNumber,
      pageCount,
      appraisalNote: (await loadDraftRow(services, detail.dossier.id))?.appraisalNote ?? null,
    });
  }
  return items;
}

export type BulkSigningRequest = { password: string; items: Array<{ dossierId: string; sha256: string; version?: number }> };
export type BulkSigningResult = { dossierId: string; code: string; signed: boolean; message: string };
export type BulkSigningOutcome = { status: 200; act: SigningAct; results: BulkSigningResult[] } | { status: 400 | 403 | 429; error: string };

/**
 * Signs the selected documents, one signature and one event each, in the order given (the list's).
 * The password is checked once, before anything: a wrong one signs nothing. Each document is then
 * checked against the hash she previewed and the dossier's version she saw; a new register number
 * is given in signing order, so a document whose previewed number went to another (one listed
 * before it was not chosen, or failed) is refused and previewed again.
 */
export async function performBulkSigning(services: AppServices, user: SessionUser, request: BulkSigningRequest, now = new Date()): Promise<BulkSigningOutcome> {
  const act = bulkActOf(user);
  if (!act) return { status: 403, error: "Vai trò của bạn không ký số kết quả." };
  const items = request.items.filter((item, i, all) => all.findIndex((o) => o.dossierId === item.dossierId) === i);
  if (items.length === 0) return { status: 400, error: "Vui lòng chọn ít nhất một hồ sơ để ký." };
  if (items.length > BULK_SIGNING_LIMIT) return { status: 400, error: `Mỗi lần chỉ ký tối đa ${BULK_SIGNING_LIMIT} hồ sơ.` };
  const refused = await confirmSigningPassword(services, user.id, request.password);
  if (refused) return refused;
  const results: BulkSigningResult[] = [];
  for (const item of items) {
    const detail = /^[0-9a-f-]{36}$/i.test(item.dossierId) ? await loadDossierDetail(services, { id: item.dossierId }) : null;
    // A dossier she may not see is answered like one that does not exist.
    if (!detail || !mayAccessDossier(user, detail.dossier, "read")) {
      results.push({ dossierId: item.dossierId, code: "—", signed: false, message: "Không tìm thấy hồ sơ." });
      continue;
    }
    const code = detail.dossier.code;
    if (!/^[0-9a-f]{64}$/.test(item.sha256)) {
      results.push({ dossierId: item.dossierId, code, signed: false, message: "Thiếu mã kiểm tra của văn bản đã xem. Vui lòng tải lại trang." });
      continue;
    }
    const outcome = await signConfirmed(services, user, detail.dossier.id, { act, sha256: item.sha256, version: item.version }, now);
    results.push(outcome.status === 200 ? { dossierId: item.dossierId, code, signed: true, message: outcome.done } : { dossierId: item.dossierId, code, signed: false, message: outcome.error });
  }
  return { status: 200, act, results };
}
