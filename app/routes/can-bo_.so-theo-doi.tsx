import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RegisterPage } from "../components/desk/register-page";
import { readRegisterQuery, registerChoices, registerLines } from "../services/desk/register-export.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Sổ theo dõi hồ sơ (Mẫu 07) — Một Cửa Thái Bình" }];

/**
 * Mẫu 07 of the officer's agency for a period and filter (`tu`, `den`, `thu-tuc`, `trang-thai`,
 * `kenh`): the page and its selection; the files come from /can-bo/so-theo-doi/tai. The old
 * `?thang=YYYY-MM` link still gives that month's PDF.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "read:register:agency");
  const url = new URL(request.url);
  const month = url.searchParams.get("thang");
  if (month !== null) {
    const m = /^(\d{4})-(\d{2})$/.exec(month);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Response("Tháng không hợp lệ; dùng dạng NNNN-TT, ví dụ 2026-11.", { status: 400 });
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return redirect(`/can-bo/so-theo-doi/tai?tu=${m[1]}-${m[2]}-01&den=${m[1]}-${m[2]}-${String(last).padStart(2, "0")}&dang=pdf`);
  }
  const { query, filter, errors } = readRegisterQuery(url, new Date(), services.config.timeZone);
  const lines = filter ? await registerLines(services, user.agencyId, filter) : [];
  return json(
    { query, errors, choices: await registerChoices(services, user.agencyId), lines: lines.slice(0, 500), total: lines.length, search: filter ? url.search : null },
    { status: filter ? 200 : 400 },
  );
}

export default function RegisterRoute() {
  return <RegisterPage model={useLoaderData<typeof loader>()} />;
}
