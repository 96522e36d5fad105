import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { currentUser, login } from "../services/auth.server";
import { homeOf } from "../services/permissions.server";
import { safeRedirect } from "../services/safe-redirect";
import { keepRetryAfter } from "../services/rate-limits.server";
import { readForm } from "../services/forms.server";
import { accountTranslator } from "../services/identity/account-text.server";
import { useAccountT } from "../components/account-form";

export const headers = keepRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Đăng nhập" }];

/** Messages the other account pages send the visitor here with. */
const NOTICES = { verified: "login.verified", reset: "login.passwordReset" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(context.services.database.db, request);
  if (user) return redirect(homeOf(user.role));
  const { t } = accountTranslator(request);
  const notice = new URL(request.url).searchParams.get("thong-bao");
  return json({
    title: `${t("login.title")} — Một Cửa`,
    national: !!context.services.config.nationalLogin,
    notice: notice === "verified" || notice === "reset" ? NOTICES[notice] : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { t } = accountTranslator(request);
  const username = String(form.get("username") ?? "");
  const password = String(form.get("password") ?? "");
  if (!username || !password) {
    return json({ error: t("login.missing"), username }, { status: 400 });
  }
  const { services } = context;
  const result = await login(services.database.db, services.rateLimits, {
    username,
    password,
    clientIp: context.clientIp ?? "unknown",
    secure: services.config.https,
    userAgent: request.headers.get("User-Agent"),
  });
  if (!result.ok) {
    const retry = Number(result.headers?.["Retry-After"] ?? 0);
    const error = result.status === 429 ? t("errors.rateLimited", { minutes: Math.max(1, Math.ceil(retry / 60)) }) : t("login.wrong");
    return json({ error, username }, { status: result.status, headers: result.headers });
  }
  const target = safeRedirect(form.get("redirectTo"), homeOf(result.user.role));
  return redirect(target, { headers: { "Set-Cookie": result.setCookie } });
}

export default function SignIn() {
  const data = useActionData<typeof action>();
  const { national, notice } = useLoaderData<typeof loader>();
  const t = useAccountT();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const redirectTo = safeRedirect(params.get("redirectTo"), "");
  return (
    <div className="card" style={{ maxWidth: "30rem", margin: "1rem auto" }}>
      <h1>{t("login.title")}</h1>
      <p className="lead">{t("login.lead")}</p>
      {notice ? (
        <p className="notice" role="status">
          {t(notice)}
        </p>
      ) : null}
      {data?.error ? (
        <p className="error-box" role="alert">
          {data.error}
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <label htmlFor="username">{t("login.identifier")}</label>
        <input id="username" name="username" autoComplete="username" defaultValue={data?.username ?? ""} required />
        <label htmlFor="password">{t("login.password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <p>
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("login.submit")}
          </button>
        </p>
      </Form>
      <p>
        <Link to="/quen-mat-khau">{t("login.forgot")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/dang-ky">{t("login.register")}</Link>
      </p>
      {national ? (
        <section aria-labelledby="national-heading">
          <h2 id="national-heading">{t("login.or")}</h2>
          {/* A link, not a form: the provider's page is another site, reached by a plain GET. */}
          <p>
            <a className="button" href={`/dang-nhap/dinh-danh${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`} data-testid="national-login">
              {t("login.national")}
            </a>
          </p>
          <p className="hint">{t("login.nationalHint")}</p>
        </section>
      ) : null}
    </div>
  );
}
