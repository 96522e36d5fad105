import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { errorText, useAccountT } from "../components/account-form";
import { accountTranslator } from "../services/identity/account-text.server";
import { finishNationalLogin } from "../services/identity/national-login.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Đăng nhập" }];

/** The provider sends the browser back here with the code; a failure is a page, never a 500. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await finishNationalLogin(context.services, request);
  const headers = new Headers();
  for (const cookie of result.setCookies) headers.append("Set-Cookie", cookie);
  if (result.ok) return redirect(result.redirectTo, { headers });
  const { t } = accountTranslator(request);
  return json({ title: `${t("national.failedTitle")} — Một Cửa`, error: result.error }, { status: result.error === "nationalLoginFailed" ? 400 : 403, headers });
}

export default function NationalCallback() {
  const t = useAccountT();
  const { error } = useLoaderData<typeof loader>();
  return (
    <div className="card" style={{ maxWidth: "32rem", margin: "1rem auto" }}>
      <h1>{t("national.failedTitle")}</h1>
      <p className="error-box" role="alert">
        {errorText(t, error)}
      </p>
      <p>
        <Link to="/dang-nhap">{t("national.back")}</Link>
      </p>
    </div>
  );
}
