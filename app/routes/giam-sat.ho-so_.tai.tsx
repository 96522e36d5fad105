import type { LoaderFunctionArgs } from "@remix-run/node";
import { drilldownPageModel, reportDownload } from "../services/reports/dashboard-page.server";

/** The dossiers behind a figure as a file (every row of the selection, up to the cap). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return reportDownload(context.services, request, drilldownPageModel);
}
