import type { LoaderFunctionArgs } from "@remix-run/node";
import { registerPdfFor } from "../services/documents/tracking.server";
import { CSV_TYPE, exportResponse, readRegisterQuery, registerCsv, registerFileName, registerXlsx, XLSX_TYPE } from "../services/desk/register-export.server";
import { downloadResponse } from "../services/downloads.server";
import { requirePermission } from "../services/permissions.server";

/** The register's selection (the page's filter) as a file: `dang=pdf` (signed), `xlsx` or `csv`. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "read:register:agency");
  const url = new URL(request.url);
  const { filter, errors } = readRegisterQuery(url, new Date(), services.config.timeZone);
  if (!filter) throw new Response(Object.values(errors).join(" "), { status: 400 });
  switch (url.searchParams.get("dang")) {
    case "pdf":
      return downloadResponse(await registerPdfFor(services, user.agencyId, filter), { fileName: registerFileName(filter, "pdf"), mediaType: "application/pdf" });
    case "xlsx":
      return exportResponse(await registerXlsx(services, user.agencyId, filter), registerFileName(filter, "xlsx"), XLSX_TYPE);
    case "csv":
      return exportResponse(await registerCsv(services, user.agencyId, filter), registerFileName(filter, "csv"), CSV_TYPE);
    default:
      throw new Response("Định dạng tải về không hợp lệ (pdf, xlsx hoặc csv).", { status: 400 });
  }
}
