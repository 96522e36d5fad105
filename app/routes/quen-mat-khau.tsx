import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { accountErrorLinks, Field, useAccountT } from "../components/account-form";
import { ErrorSummary } from "../components/error-summary";
import { readForm } from "../services/forms.server";
import { requestPasswordReset } from "../services/identity/accounts.server";
import { accountTranslator } from "../services/identity/account-text.server";
import { normalizeEmail } from "../services/identity/contact";
import { isRateLimited, keepRetryAfter, rateLimitedHeaders } from "../services/rate-limits.server";

export const headers = keepRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Quên mật khẩu" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = accountTranslator(request);
  return json({ title: `${t("forgot.title")} — Một Cửa` });
}

/** The same answer whether or not the address has an account: only its owner's mailbox learns. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { t } = accountTranslator(request);
  const email = String(form.get("email") ?? "");
  if (!email.trim()) return json({ errors: { email: "emailRequired" }, email, sent: false, formError: null }, { status: 400 });
  if (!normalizeEmail(email)) return json({ errors: { email: "emailInvalid" }, email, sent: false, formError: null }, { status: 400 });
  try {
    await context.services.rateLimits.consume("passwordReset", context.clientIp ?? "unknown");
  } catch (error) {
    if (!isRateLimited(error)) throw error;
    const formError = t("errors.rateLimited", { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
    return json({ errors: {}, email, sent: false, formError }, { status: 429, headers: rateLimitedHeaders(error) });
  }
  await requestPasswordReset(context.services, { email });
  return json({ errors: {}, email: "", sent: true, formError: null });
}

export default function ForgotPassword() {
  const t = useAccountT();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <div className="card" style={{ maxWidth: "32rem", margin: "1rem auto" }}>
      <h1>{t("forgot.title")}</h1>
      {data?.sent ? (
        <p className="notice" role="status">
          {t("forgot.sent")}
        </p>
      ) : (
        <>
          <p className="lead">{t("forgot.lead")}</p>
          <ErrorSummary errors={accountErrorLinks(t, errors, ["email"])} title={t("errors.summaryTitle")} />
          {data?.formError ? (
            <p className="error-box" role="alert">
              {data.formError}
            </p>
          ) : null}
          <Form method="post" noValidate>
            <Field name="email" type="email" label={t("forgot.email")} error={errors.email} defaultValue={data?.email} autoComplete="email" required />
            <p>
              <button type="submit" className="primary">
                {t("forgot.submit")}
              </button>
            </p>
          </Form>
        </>
      )}
      <p>
        <Link to="/dang-nhap">{t("forgot.back")}</Link>
      </p>
    </div>
  );
}
