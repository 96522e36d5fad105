import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { accountErrorLinks, Field, useAccountT } from "../components/account-form";
import { ErrorSummary } from "../components/error-summary";
import { logout } from "../services/auth.server";
import { readForm } from "../services/forms.server";
import { PASSWORD_MIN, resetLinkIsLive, resetPassword } from "../services/identity/accounts.server";
import { accountTranslator } from "../services/identity/account-text.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Đặt mật khẩu mới" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { t } = accountTranslator(request);
  const live = await resetLinkIsLive(context.services, params.token ?? "");
  return json({ title: `${t("reset.title")} — Một Cửa`, live, passwordMin: PASSWORD_MIN }, { status: live ? 200 : 410 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const result = await resetPassword(context.services, { token: params.token ?? "", password: String(form.get("password") ?? "") });
  if (!result.ok) {
    if (result.error === "resetInvalid") return json({ errors: {}, invalid: true }, { status: 410 });
    return json({ errors: { password: result.error }, invalid: false }, { status: 400 });
  }
  // Every session of the account has ended; this browser's cookie goes too.
  const setCookie = await logout(context.services.database.db, request, { secure: context.services.config.https });
  return redirect("/dang-nhap?thong-bao=reset", { headers: { "Set-Cookie": setCookie } });
}

export default function ResetPassword() {
  const t = useAccountT();
  const { live, passwordMin } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="card" style={{ maxWidth: "32rem", margin: "1rem auto" }}>
      <h1>{t("reset.title")}</h1>
      {!live || data?.invalid ? (
        <>
          <p className="error-box" role="alert">
            {t("reset.invalid")}
          </p>
          <p>
            <Link to="/quen-mat-khau">{t("reset.again")}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{t("reset.lead")}</p>
          <ErrorSummary errors={accountErrorLinks(t, errors, ["password"])} title={t("errors.summaryTitle")} />
          <Form method="post" noValidate>
            <Field name="password" type="password" label={t("reset.password")} hint={t("register.passwordHint", { min: passwordMin })} error={errors.password} autoComplete="new-password" required />
            <p>
              <button type="submit" className="primary">
                {t("reset.submit")}
              </button>
            </p>
          </Form>
        </>
      )}
    </div>
  );
}
