import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../services/auth.server";
import { registerPdf } from "../services/documents.server";

/** Mẫu 07 for the officer's agency: `?thang=YYYY-MM`, the current month by default. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requireUser(services.database.db, request, ["desk", "unitHead", "leader"]);
  const requested = new URL(request.url).searchParams.get("thang") ?? "";
  const match = /^(\d{4})-(\d{2})$/.exec(requested);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: services.config.timeZone, year: "numeric", month: "2-digit" }).format(new Date());
  const [year, month] = match ? [Number(match[1]), Number(match[2])] : today.split("-").map(Number);
  if (requested && (!match || month < 1 || month > 12)) {
    throw new Response("Tháng không hợp lệ; dùng dạng NNNN-TT, ví dụ 2026-11.", { status: 400 });
  }
  const pdf = await registerPdf(services, user.agencyId, year, month);
  return new Response(new Blob([new Uint8Array(pdf)]), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="Mau07-${year}-${String(month).padStart(2, "0")}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
