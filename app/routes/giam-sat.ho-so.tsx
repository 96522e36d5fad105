import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DrilldownPage } from "../components/monitoring/drilldown-page";
import { metaTranslator } from "../portal";
import { readLanguage } from "../services/language.server";
import { DRILLDOWN_DOWNLOAD_PATH, drilldownPageModel, reportErrorResponse, reportReader } from "../services/reports/dashboard-page.server";

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "monitoring");
  return [{ title: t("drilldownMetaTitle", { province: provinceName }) }];
};

/** The dossiers behind one dashboard figure (`do-do`), paged (`trang`); `xuat=csv|xlsx` downloads them. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const url = new URL(request.url);
  // The files come from the resource route beside it (a page cannot answer with a file).
  if (url.searchParams.has("xuat")) return redirect(`${DRILLDOWN_DOWNLOAD_PATH}${url.search}`);
  const user = await reportReader(services, request);
  try {
    const result = await drilldownPageModel({ services, user, url, now: new Date(), language: readLanguage(request) });
    if ("exportResponse" in result) throw new Response("Yêu cầu không hợp lệ.", { status: 400 });
    return json({ model: result.model });
  } catch (error) {
    throw reportErrorResponse(error);
  }
}

export default function MonitoringDrilldownRoute() {
  const data = useLoaderData<typeof loader>() as { model: Parameters<typeof DrilldownPage>[0]["model"] };
  return <DrilldownPage model={data.model} />;
}
