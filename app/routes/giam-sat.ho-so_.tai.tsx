import type { LoaderFunctionArgs } from "@remix-run/node";
import { readLanguage } from "../services/language.server";
import { drilldownPageModel, reportErrorResponse, reportReader } from "../services/reports/dashboard-page.server";

/** The dossiers behind a figure as a file (every row of the selection, up to the cap). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const url = new URL(request.url);
  if (!url.searchParams.has("xuat")) throw new Response("Chọn định dạng tải về: csv hoặc xlsx.", { status: 400 });
  const user = await reportReader(services, request);
  try {
    const result = await drilldownPageModel({ services, user, url, now: new Date(), language: readLanguage(request) });
    if (!("exportResponse" in result)) throw new Response("Chọn định dạng tải về: csv hoặc xlsx.", { status: 400 });
    return result.exportResponse;
  } catch (error) {
    throw reportErrorResponse(error);
  }
}
