import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { periodicReports } from "../../db/schema";
import { downloadResponse } from "../services/downloads.server";
import { requirePermission } from "../services/permissions.server";
import { periodicReportFileName } from "../services/reports/periodic-report.server";

/** A sealed periodic report as a download, for the administrator who manages its recipients. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:report-recipients:all");
  const id = Number(params.id);
  const notFound = () => new Response("Không tìm thấy báo cáo này.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (!/^\d{1,9}$/.test(params.id ?? "")) return notFound();
  const [report] = await context.services.database.db.select().from(periodicReports).where(eq(periodicReports.id, id));
  if (!report) return notFound();
  return downloadResponse(await context.services.storage.get(report.sha256), { fileName: periodicReportFileName(report), mediaType: "application/pdf" });
}
