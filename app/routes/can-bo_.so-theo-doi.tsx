import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RegisterPage } from "../components/desk/register-page";
import { registerPdfFor } from "../services/documents/tracking.server";
import {
  CSV_TYPE,
  exportResponse,
  readRegisterQuery,
  registerChoices,
  registerCsv,
  registerFileName,
  registerLines,
  registerXlsx,
  XLSX_TYPE,
} from "../services/desk/register-export.server";
import { downloadResponse } from "../services/downloads.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Sổ theo dõi hồ sơ (Mẫu 07) — Một Cửa Thái Bình" }];

/**
 * Mẫu 07 of the officer's agency for a period and filter (`tu`, `den`, `thu-tuc`, `trang-thai`,
 * `kenh`): the page, or with `tai=pdf|xlsx|csv` that selection as a file. The old `?thang=YYYY-MM`
 * link still gives that month's PDF.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "read:register:agency");
  const url = new URL(request.url);
  const month = url.searchParams.get("thang");
  if (month !== null) {
    const m = /^(\d{4})-(\d{2})$/.exec(month);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Response("Tháng không hợp lệ; dùng dạng NNNN-TT, ví dụ 2026-11.", { status: 400 });
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    url.searchParams.set("tu", `${m[1]}-${m[2]}-01`);
    url.searchParams.set("den", `${m[1]}-${m[2]}-${String(last).padStart(2, "0")}`);
    url.searchParams.set("tai", "pdf");
  }
  const { query, filter, errors } = readRegisterQuery(url, new Date(), services.config.timeZone);
  const download = url.searchParams.get("tai");
  if (download) {
    if (!filter) throw new Response(Object.values(errors).join(" "), { status: 400 });
    switch (download) {
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
  const lines = filter ? await registerLines(services, user.agencyId, filter) : [];
  return json(
    { query, errors, choices: await registerChoices(services, user.agencyId), lines: lines.slice(0, 500), total: lines.length, search: filter ? url.search : null },
    { status: filter ? 200 : 400 },
  );
}

export default function RegisterRoute() {
  return <RegisterPage model={useLoaderData<typeof loader>()} />;
}
