import type { LoaderFunctionArgs } from "@remix-run/node";
import { readLanguage } from "../services/language.server";
import { readPortalIdentity } from "../services/portal-identity.server";
import { ReportInputError } from "../services/reports/filters.server";
import { publicStatisticsModel } from "../services/reports/public-statistics.server";
import { exportRequested } from "../services/reports/report-tables.server";

/**
 * The public statistics' tables as files (`?xuat=csv|xlsx&bang=so-lieu-chinh|theo-co-quan` plus the
 * period and agency). Public and aggregated like the page: cacheable for five minutes.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const url = new URL(request.url);
  try {
    const portal = await readPortalIdentity(services.database.db);
    const model = await publicStatisticsModel(services.reports.db, url, { now: new Date(), language: readLanguage(request), provinceName: portal.provinceName });
    const download = await exportRequested(url, model.tables, model.periodSlug);
    if (!download) throw new Response("Chọn định dạng xuất (csv hoặc xlsx) và bảng cần xuất.", { status: 400 });
    if (/(?:^|;\s*)motcua_session=/.test(request.headers.get("Cookie") ?? "")) {
      // The server's noStoreForSignedIn already says no-store; one header, not two.
      download.headers.delete("Cache-Control");
    } else {
      download.headers.set("Cache-Control", "public, max-age=300");
      download.headers.set("Vary", "Cookie");
    }
    return download;
  } catch (error) {
    if (error instanceof ReportInputError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}
