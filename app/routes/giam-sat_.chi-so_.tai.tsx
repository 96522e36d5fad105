import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { currentUser } from "../services/auth.server";
import { readLanguage } from "../services/language.server";
import { ReportInputError } from "../services/reports/filters.server";
import { indicatorPageModel } from "../services/reports/indicator-page.server";
import { exportRequested } from "../services/reports/report-tables.server";

/**
 * The indicator page's tables as files (`?xuat=csv|xlsx&bang=chi-so|so-sanh-co-quan` plus the page's
 * filters). A resource route: a page loader's non-redirect Response is rendered as data on a document
 * request, not downloaded.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await currentUser(services.database.db, request);
  const url = new URL(request.url);
  if (!user) throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  try {
    const model = await indicatorPageModel(services.reports.db, user, url, { now: new Date(), language: readLanguage(request) });
    const download = await exportRequested(url, model.tables, model.periodSlug);
    if (!download) throw new Response("Chọn định dạng xuất (csv hoặc xlsx) và bảng cần xuất.", { status: 400 });
    return download;
  } catch (error) {
    if (error instanceof ReportInputError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}
