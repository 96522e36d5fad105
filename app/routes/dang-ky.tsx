import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { accountErrorLinks, Field, Radio, useAccountT } from "../components/account-form";
import { ErrorSummary } from "../components/error-summary";
import { currentUser } from "../services/auth.server";
import { readForm } from "../services/forms.server";
import { checkRegistration, PASSWORD_MIN, register } from "../services/identity/accounts.server";
import { accountTranslator } from "../services/identity/account-text.server";
import { isRateLimited, keepRetryAfter, rateLimitedHeaders } from "../services/rate-limits.server";

export const headers = keepRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Đăng ký" }];

const FIELD_ORDER = ["organisationName", "taxCode", "fullName", "contact", "password"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await currentUser(context.services.database.db, request)) return redirect("/tai-khoan");
  const { t } = accountTranslator(request);
  return json({ title: `${t("register.title")} — Một Cửa`, national: !!context.services.config.nationalLogin, passwordMin: PASSWORD_MIN });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { language, t } = accountTranslator(request);
  const values = {
    accountType: form.get("accountType") === "organisation" ? ("organisation" as const) : ("person" as const),
    organisationName: String(form.get("organisationName") ?? ""),
    taxCode: String(form.get("taxCode") ?? ""),
    fullName: String(form.get("fullName") ?? ""),
    contact: String(form.get("contact") ?? ""),
  };
  const checked = checkRegistration({ ...values, password: String(form.get("password") ?? ""), language });
  if (!checked.ok) return json({ errors: checked.errors, values, formError: null }, { status: 400 });
  try {
    await context.services.rateLimits.consume("registration", context.clientIp ?? "unknown");
  } catch (error) {
    if (!isRateLimited(error)) throw error;
    const formError = t("errors.rateLimited", { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
    return json({ errors: {}, values, formError }, { status: 429, headers: rateLimitedHeaders(error) });
  }
  const { handle } = await register(context.services, checked.value);
  return redirect(`/xac-minh?ma=${encodeURIComponent(handle)}`);
}

export default function Register() {
  const t = useAccountT();
  const { national, passwordMin } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = data?.errors ?? {};
  const values = data?.values;
  return (
    <div className="card" style={{ maxWidth: "36rem", margin: "1rem auto" }}>
      <h1>{t("register.title")}</h1>
      <p className="lead">{t("register.lead")}</p>
      {national ? (
        <p>
          <a className="button" href="/dang-nhap/dinh-danh">
            {t("login.national")}
          </a>
        </p>
      ) : null}
      <ErrorSummary errors={accountErrorLinks(t, errors, FIELD_ORDER)} title={t("errors.summaryTitle")} />
      {data?.formError ? (
        <p className="error-box" role="alert">
          {data.formError}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <fieldset>
          <legend>{t("register.accountType")}</legend>
          <Radio id="accountType-person" name="accountType" value="person" label={t("register.person")} defaultChecked={values?.accountType !== "organisation"} />
          <Radio id="accountType-organisation" name="accountType" value="organisation" label={t("register.organisation")} defaultChecked={values?.accountType === "organisation"} />
        </fieldset>
        <fieldset>
          <legend>{t("register.organisationDetails")}</legend>
          <Field name="organisationName" label={t("register.organisationName")} error={errors.organisationName} defaultValue={values?.organisationName} autoComplete="organization" />
          <Field name="taxCode" label={t("register.taxCode")} hint={t("register.taxCodeHint")} error={errors.taxCode} defaultValue={values?.taxCode} inputMode="numeric" />
        </fieldset>
        <Field name="fullName" label={t("register.fullName")} error={errors.fullName} defaultValue={values?.fullName} autoComplete="name" required />
        <Field name="contact" label={t("register.contact")} hint={t("register.contactHint")} error={errors.contact} defaultValue={values?.contact} autoComplete="email" required />
        <Field name="password" type="password" label={t("register.password")} hint={t("register.passwordHint", { min: passwordMin })} error={errors.password} autoComplete="new-password" required />
        <p>
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("register.submit")}
          </button>
        </p>
      </Form>
      <p>
        {t("register.haveAccount")} <Link to="/dang-nhap">{t("register.signIn")}</Link>
      </p>
    </div>
  );
}
