/**
 * What the signing page (trang ký duyệt) needs: the act the signed-in officer may perform on the
 * dossier now and the exact document she would sign, with its hash; and PNG renderings of its
 * pages, so that every browser (a phone too) shows the document without a PDF plug-in.
 */
import { execFile } from "node:child_process";
import { PDFDocument } from "pdf-lib";
import { verifyPdf } from "../../../signing";
import type { SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import { agencyHolding, DossierActionError } from "../dossier-actions.server";
import { canViewDossier, loadDossierDetail } from "../dossier-queries.server";
import { mayAccessDossier } from "../permissions.server";
import { loadDossierContext } from "./common.server";
import { documentToSign, signingActFor, type DocumentToSign, type SigningAct } from "./results.server";

export type SigningTask = {
  dossierId: string;
  code: string;
  version: number;
  act: SigningAct;
  document: DocumentToSign;
  pageCount: number;
  /** Signatures the document already carries (the unit head's initials, the leader's), checked. */
  earlierSignatures: Array<{ name: string; signedAt: string | null; valid: boolean }>;
};

/**
 * The officer's pending signature on the dossier, or a Response to throw: 404 when she may not
 * see the dossier or nothing waits for her signature (the same answer, so codes cannot be probed).
 */
export async function signingTaskFor(services: AppServices, user: SessionUser, code: string, now = new Date(), options: { ahead?: number } = {}): Promise<SigningTask> {
  const detail = await loadDossierDetail(services, code);
  if (!detail || !canViewDossier(user, detail.dossier)) throw new Response("Không tìm thấy hồ sơ.", { status: 404 });
  const act = user.role === "citizen" ? null : signingActFor(detail, user.role);
  // The one object-level check, for the act itself: the page shows nothing its form could not do.
  if (!act || agencyHolding(detail.dossier) !== user.agencyId || !mayAccessDossier(user, detail.dossier, act)) {
    throw new Response("Hồ sơ này không có văn bản nào chờ bạn ký.", { status: 404 });
  }
  const ctx = await loadDossierContext(services, detail.dossier.id);
  try {
    const document = await documentToSign(services, ctx, act, user.id, now, options);
    const pageCount = (await PDFDocument.load(document.pdf, { updateMetadata: false })).getPageCount();
    const earlierSignatures =
      document.source.kind === "copy"
        ? (await verifyPdf(document.pdf, { trustRoots: services.signers.trustRootsPem })).signatures.map((sig) => ({
            name: sig.signerName,
            signedAt: sig.signingTime?.toISOString() ?? null,
            valid: sig.integrity === "valid" && sig.chainTrusted,
          }))
        : [];
    return { dossierId: detail.dossier.id, code, version: detail.dossier.version, act, document, pageCount, earlierSignatures };
  } catch (error) {
    if (error instanceof DossierActionError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

/** One page as PNG (poppler's pdftoppm); null when poppler is not installed on this server. */
export function pagePng(pdf: Uint8Array, page: number, dpi = 110): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "pdftoppm",
      ["-png", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", "-"],
      { encoding: "buffer", maxBuffer: 32 * 1024 * 1024, timeout: 20_000 },
      (error, stdout) => {
        if (error && (error as NodeJS.ErrnoException).code === "ENOENT") return resolve(null);
        if (error) return reject(error);
        resolve(stdout);
      },
    );
    child.stdin?.end(Buffer.from(pdf));
  });
}
