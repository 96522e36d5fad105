import type { LoaderFunctionArgs } from "@remix-run/node";
import { pageCountOf, requirePrintable } from "../services/desk/print-view.server";
import { pagePng } from "../services/documents/signing-page.server";
import { downloadResponse } from "../services/downloads.server";

/**
 * The files of the print view (/ho-so/{code}/ban-in): `?giay=bien-nhan|ket-qua&trang=N` one page as
 * PNG, `&pdf=1` the signed PDF inline, otherwise the signed PDF as a download.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { file, pdf } = await requirePrintable(context.services, request, params.code ?? "");
  const url = new URL(request.url);
  const page = url.searchParams.get("trang");
  if (page !== null) {
    const n = Number(page);
    const png = Number.isInteger(n) && n >= 1 && n <= (await pageCountOf(pdf)) ? await pagePng(pdf, n) : null;
    if (!png) throw new Response("Trang không tồn tại.", { status: 404 });
    return new Response(new Uint8Array(png), {
      headers: { "Content-Type": "image/png", "Content-Length": String(png.byteLength), "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
    });
  }
  const response = downloadResponse(pdf, file);
  if (url.searchParams.get("pdf") === "1") {
    response.headers.set("Content-Disposition", response.headers.get("Content-Disposition")!.replace(/^attachment/, "inline"));
  }
  return response;
}
