import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../services/auth.server";
import { pagePng, signingTaskFor } from "../services/documents/signing-page.server";
import { downloadResponse } from "../services/downloads.server";
import { BULK_SIGNING_LIMIT } from "../services/documents/bulk-signing.server";

/**
 * The unsigned (or not yet fully signed) document waiting for the signed-in officer's signature,
 * exactly as she would sign it: the PDF (`?xem=1` inline), or one page as PNG (`?trang=N`). `ma`
 * is the hash the signing page showed; a document that changed since answers 409. `thu-tu` (bulk
 * signing): how many documents of the same register book she signs before this one, so that a
 * new register number shows as it will be given.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requireUser(services.database.db, request);
  const url = new URL(request.url);
  const ahead = Number(url.searchParams.get("thu-tu") ?? 0);
  if (!Number.isInteger(ahead) || ahead < 0 || ahead > BULK_SIGNING_LIMIT) throw new Response("Tham số không hợp lệ.", { status: 400 });
  const task = await signingTaskFor(services, user, params.code ?? "", new Date(), { ahead });
  const expected = url.searchParams.get("ma");
  if (expected && expected !== task.document.sha256) {
    throw new Response("Văn bản trình ký đã thay đổi. Vui lòng tải lại trang ký duyệt.", { status: 409 });
  }
  const page = url.searchParams.get("trang");
  if (page !== null) {
    const n = Number(page);
    if (!Number.isInteger(n) || n < 1 || n > task.pageCount) throw new Response("Trang không tồn tại.", { status: 404 });
    const png = await pagePng(task.document.pdf, n);
    if (!png) throw new Response("Máy chủ chưa cài công cụ hiển thị trang (poppler-utils).", { status: 404 });
    return new Response(new Uint8Array(png), {
      headers: { "Content-Type": "image/png", "Content-Length": String(png.byteLength), "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
    });
  }
  const response = downloadResponse(task.document.pdf, { fileName: task.document.fileName, mediaType: "application/pdf" });
  if (url.searchParams.get("xem") === "1") {
    response.headers.set("Content-Disposition", response.headers.get("Content-Disposition")!.replace(/^attachment/, "inline"));
  }
  return response;
}
