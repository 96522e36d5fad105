import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadDossierDetail } from "../services/dossier-queries.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { issueReceipt } from "../services/documents.server";
import { attachmentResponse } from "../services/downloads.server";

/**
 * The latest receipt (Mẫu 01). The job usually made it already; if the citizen is faster than the
 * worker, it is made here by the same idempotent function.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  let { detail } = await requireDossierForRequest(services, request, params.code ?? "");
  if (!detail.files.some((f) => f.kind === "receipt")) {
    // A walk-in dossier is received at once: its receipt is the reception's, never an online one.
    await issueReceipt(services, detail.dossier.id, detail.dossier.receivedAt ? "reception" : "submission");
    detail = (await loadDossierDetail(services, params.code ?? ""))!;
  }
  const receipts = detail.files.filter((f) => f.kind === "receipt");
  return attachmentResponse(services, receipts[receipts.length - 1]);
}
