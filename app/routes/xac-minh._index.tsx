import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { accountErrorLinks, Field, useAccountT } from "../components/account-form";
import { ErrorSummary } from "../components/error-summary";
import { currentUser } from "../services/auth.server";
import { readForm } from "../services/forms.server";
import { verifyByCode } from "../services/identity/accounts.server";
import { accountTranslator } from "../services/identity/account-text.server";
import { isTokenShaped } from "../services/identity/tokens.server";
import { isRateLimited, keepRetryAfter, rateLimitedHeaders } from "../services/rate-limits.server";

export const headers = keepRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Xác minh" }];

/** The code page of a verification: `?ma=` names which one (a handle, not the code). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = accountTranslator(request);
  const url = new URL(request.url);
  const handle = url.searchParams.get("ma");
  return json({ title: `${t("verify.title")} — Một Cửa`, handle: isTokenShaped(handle) ? handle : null, fromProfile: url.searchParams.get("tu") === "tai-khoan" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { t } = accountTranslator(request);
  const handle = String(form.get("handle") ?? "");
  const code = String(form.get("code") ?? "").trim();
  if (!code) return json({ errors: { code: "codeRequired" }, formError: null }, { status: 400 });
  let result;
  try {
    result = await verifyByCode(context.services, { handle, code, clientIp: context.clientIp ?? "unknown" });
  } catch (error) {
    if (!isRateLimited(error)) throw error;
    const formError = t("errors.rateLimited", { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
    return json({ errors: {}, formError }, { status: 429, headers: rateLimitedHeaders(error) });
  }
  if (!result.ok) return json({ errors: { code: result.error }, formError: null }, { status: 400 });
  const signedIn = await currentUser(context.services.database.db, request);
  return redirect(signedIn ? "/tai-khoan?thong-bao=verified" : "/dang-nhap?thong-bao=verified");
}

export default function VerifyByCode() {
  const t = useAccountT();
  const { handle, fromProfile } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="card" style={{ maxWidth: "32rem", margin: "1rem auto" }}>
      <h1>{t("verify.title")}</h1>
      {handle ? (
        <>
          <p className="lead">{fromProfile ? t("verify.sentProfile") : t("verify.sent")}</p>
          <ErrorSummary errors={accountErrorLinks(t, errors, ["code"])} title={t("errors.summaryTitle")} />
          {data?.formError ? (
            <p className="error-box" role="alert">
              {data.formError}
            </p>
          ) : null}
          <Form method="post" noValidate>
            <input type="hidden" name="handle" value={handle} />
            <Field name="code" label={t("verify.code")} hint={t("verify.codeHint")} error={errors.code} inputMode="numeric" autoComplete="one-time-code" maxLength={12} required />
            <p>
              <button type="submit" className="primary">
                {t("verify.submit")}
              </button>
            </p>
          </Form>
        </>
      ) : (
        <p>{t("verify.noHandle")}</p>
      )}
      <p>
        <Link to="/dang-nhap">{t("verify.goSignIn")}</Link>
      </p>
    </div>
  );
}
