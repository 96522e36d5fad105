/**
 * Print views of the desk (bản in): the receipt (Mẫu 01) handed over at the counter, and the paper
 * copy of the signed result given at the return. The page shows the signed PDF's pages as images and
 * prints them; the PDF itself stays one click away.
 */
import { PDFDocument } from "pdf-lib";
import type { attachments } from "../../../db/schema";
import type { SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import { issueReceipt } from "../documents.server";
import { loadDossierDetail, mayOpenFile, type DossierDetail } from "../dossier-queries.server";
import { requireDossierForRequest } from "../dossier-route-access.server";

export const PRINTABLES = {
  "bien-nhan": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)",
  "ket-qua": "Bản in kết quả giải quyết",
} as const;
export type Printable = keyof typeof PRINTABLES;

export const isPrintable = (value: string | null): value is Printable => value !== null && value in PRINTABLES;

/** The file a print view shows, or null when there is none the user may open. */
export async function printableFile(services: AppServices, user: SessionUser, detail: DossierDetail, what: Printable): Promise<typeof attachments.$inferSelect | null> {
  if (what === "bien-nhan") {
    let files = detail.files;
    if (!files.some((f) => f.kind === "receipt")) {
      // The worker usually made it already; if the officer is faster, the same idempotent function makes it.
      await issueReceipt(services, detail.dossier.id, detail.dossier.receivedAt ? "reception" : "submission");
      files = (await loadDossierDetail(services, detail.dossier.code))!.files;
    }
    return files.filter((f) => f.kind === "receipt").at(-1) ?? null;
  }
  const result = detail.files.filter((f) => f.kind === "result").at(-1);
  return result && mayOpenFile(user, detail.dossier, result) ? result : null;
}

export async function pageCountOf(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

/**
 * What the print view and its file route both need: the viewer may read the dossier, `?giay=` names
 * a printable document she may open, and its signed bytes. 404 otherwise.
 */
export async function requirePrintable(services: AppServices, request: Request, code: string) {
  const { user, detail } = await requireDossierForRequest(services, request, code, "read");
  const what = new URL(request.url).searchParams.get("giay");
  if (!isPrintable(what)) throw new Response("Không có bản in này.", { status: 404 });
  const file = await printableFile(services, user, detail, what);
  if (!file) throw new Response("Hồ sơ chưa có văn bản này.", { status: 404 });
  return { detail, what, file, pdf: await services.storage.get(file.sha256) };
}
