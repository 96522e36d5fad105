import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../services/permissions.server";
import { registerPdf } from "../services/documents.server";
import { downloadResponse } from "../services/downloads.server";
import { localDateOf } from "../../workflows/calendar";

/** Mẫu 07 for the officer's agency: `?thang=YYYY-MM`, the current month by default. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "read:register:agency");
  const requested = new URL(request.url).searchParams.get("thang") ?? "";
  const match = /^(\d{4})-(\d{2})$/.exec(requested);
  const [year, month] = match ? [Number(match[1]), Number(match[2])] : localDateOf(new Date(), services.config.timeZone).split("-").map(Number);
  if (requested && (!match || month < 1 || month > 12)) {
    throw new Response("Tháng không hợp lệ; dùng dạng NNNN-TT, ví dụ 2026-11.", { status: 400 });
  }
  const pdf = await registerPdf(services, user.agencyId, year, month);
  return downloadResponse(pdf, { fileName: `Mau07-${year}-${String(month).padStart(2, "0")}.pdf`, mediaType: "application/pdf" });
}
