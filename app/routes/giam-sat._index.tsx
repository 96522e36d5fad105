import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { DashboardPage } from "../components/monitoring/dashboard-page";
import { metaTranslator } from "../portal";
import { readLanguage } from "../services/language.server";
import { DASHBOARD_DOWNLOAD_PATH, dashboardPageModel, reportErrorResponse, reportReader, requestRollupRefresh } from "../services/reports/dashboard-page.server";

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "monitoring");
  return [{ title: t("metaTitle", { province: provinceName }) }];
};

/**
 * The monitoring dashboard. `?xuat=csv|xlsx&bang=<key>` downloads one of its tables: a page route
 * cannot answer a document request with a file, so that address goes on to the resource route /giam-sat/tai.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const url = new URL(request.url);
  if (url.searchParams.has("xuat")) return redirect(`${DASHBOARD_DOWNLOAD_PATH}${url.search}`);
  const user = await reportReader(services, request);
  try {
    const result = await dashboardPageModel({ services, user, url, now: new Date(), language: readLanguage(request) });
    if ("exportResponse" in result) throw new Response("Yêu cầu không hợp lệ.", { status: 400 });
    return json({ model: result.model });
  } catch (error) {
    throw reportErrorResponse(error);
  }
}

/** "Cập nhật số liệu ngay" (monitors): queues a rebuild of the rollup. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { services } = context;
  const user = await reportReader(services, request);
  const form = await request.formData();
  if (form.get("intent") !== "refresh") throw new Response("Yêu cầu không hợp lệ.", { status: 400 });
  try {
    await requestRollupRefresh(services, user);
  } catch (error) {
    throw reportErrorResponse(error);
  }
  return json({ refreshQueued: true });
}

export default function MonitoringDashboardRoute() {
  const data = useLoaderData<typeof loader>() as { model: Parameters<typeof DashboardPage>[0]["model"] };
  const posted = useActionData<typeof action>();
  return <DashboardPage model={data.model} refreshQueued={posted?.refreshQueued ?? false} />;
}
