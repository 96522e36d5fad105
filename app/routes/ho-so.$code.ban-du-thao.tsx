import type { LoaderFunctionArgs } from "@remix-run/node";
import { pagePng } from "../services/documents/signing-page.server";
import { draftPreviewFor } from "../services/documents/result-drafts.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { downloadResponse } from "../services/downloads.server";

/**
 * The unsigned draft of the result (bản dự thảo, watermarked "DỰ THẢO"), for the officers who may
 * read drafts: the PDF (`?xem=1` inline), or one page as PNG (`?trang=N`). `v` is the saved draft's
 * version the page showed; a draft saved since answers 409 so that no one reads a stale preview.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const { detail } = await requireDossierForRequest(services, request, params.code ?? "", "read:draft-result");
  const url = new URL(request.url);
  const preview = await draftPreviewFor(services, detail);
  const expected = url.searchParams.get("v");
  if (expected !== null && expected !== String(preview.version)) {
    throw new Response("Dự thảo đã được lưu lại sau khi bạn mở trang. Vui lòng tải lại trang.", { status: 409 });
  }
  const page = url.searchParams.get("trang");
  if (page !== null) {
    const n = Number(page);
    if (!Number.isInteger(n) || n < 1 || n > preview.pageCount) throw new Response("Trang không tồn tại.", { status: 404 });
    const png = await pagePng(preview.pdf, n);
    if (!png) throw new Response("Máy chủ chưa cài công cụ hiển thị trang (poppler-utils).", { status: 404 });
    return new Response(new Uint8Array(png), {
      headers: { "Content-Type": "image/png", "Content-Length": String(png.byteLength), "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
    });
  }
  const response = downloadResponse(preview.pdf, { fileName: `DuThao-${detail.dossier.code}.pdf`, mediaType: "application/pdf" });
  if (url.searchParams.get("xem") === "1") {
    response.headers.set("Content-Disposition", response.headers.get("Content-Disposition")!.replace(/^attachment/, "inline"));
  }
  return response;
}
