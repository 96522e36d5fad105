import type { LoaderFunctionArgs } from "@remix-run/node";
import { dashboardPageModel, reportDownload } from "../services/reports/dashboard-page.server";

/** One dashboard table as a file: the dashboard's filters plus `xuat=csv|xlsx&bang=<key>`. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return reportDownload(context.services, request, dashboardPageModel);
}
