import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { accountErrorLinks, Field, Radio, useAccountT } from "../components/account-form";
import { ErrorSummary } from "../components/error-summary";
import { requireUser } from "../services/auth.server";
import { readForm } from "../services/forms.server";
import { changePassword, linkedIdentityCount, PASSWORD_MIN, resendVerification, updateProfile } from "../services/identity/accounts.server";
import { accountTranslator } from "../services/identity/account-text.server";
import { isRateLimited, keepRetryAfter, rateLimitedHeaders } from "../services/rate-limits.server";

export const headers = keepRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Tài khoản" }];

const NOTICES = { verified: "verify.linkDone", saved: "profile.saved", password: "profile.passwordChanged" } as const;
const PROFILE_FIELDS = ["organisationName", "taxCode", "fullName", "dateOfBirth", "idNumber", "phone", "email", "address"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.services.database.db, request);
  const { t } = accountTranslator(request);
  const url = new URL(request.url);
  const notice = url.searchParams.get("thong-bao");
  return json({
    title: `${t("profile.title")} — Một Cửa`,
    profile: {
      fullName: user.fullName,
      dateOfBirth: user.dateOfBirth ?? "",
      idNumber: user.idNumber ?? "",
      phone: user.phone ?? "",
      email: user.email ?? "",
      address: user.address ?? "",
      preferredLanguage: user.preferredLanguage ?? "vi",
      accountType: user.accountType ?? "person",
      organisationName: user.organisationName ?? "",
      taxCode: user.taxCode ?? "",
    },
    emailVerified: !!user.emailVerified,
    phoneVerified: !!user.phoneVerified,
    idNumberVerified: !!user.idNumberVerified,
    needsVerification: !!user.needsVerification,
    linked: (await linkedIdentityCount(context.services, user.id)) > 0,
    notice: notice && notice in NOTICES ? NOTICES[notice as keyof typeof NOTICES] : null,
    passwordMin: PASSWORD_MIN,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { services } = context;
  const user = await requireUser(services.database.db, request);
  const form = await readForm(request);
  const { t } = accountTranslator(request);
  const intent = form.get("intent");
  const text = (name: string) => String(form.get(name) ?? "");
  if (intent === "password") {
    const result = await changePassword(services, request, user, { current: text("currentPassword"), next: text("newPassword") });
    if (!result.ok) return json({ intent, errors: result.errors, values: null, formError: null }, { status: 400 });
    return redirect("/tai-khoan?thong-bao=password");
  }
  if (intent === "resend") {
    try {
      await services.rateLimits.consume("registration", context.clientIp ?? "unknown");
    } catch (error) {
      if (!isRateLimited(error)) throw error;
      const formError = t("errors.rateLimited", { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
      return json({ intent, errors: {}, values: null, formError }, { status: 429, headers: rateLimitedHeaders(error) });
    }
    const sent = await resendVerification(services, user.id);
    return redirect(sent ? `/xac-minh?ma=${encodeURIComponent(sent.handle)}&tu=tai-khoan` : "/tai-khoan");
  }
  const values = {
    fullName: text("fullName"),
    dateOfBirth: text("dateOfBirth"),
    idNumber: text("idNumber"),
    phone: text("phone"),
    email: text("email"),
    address: text("address"),
    preferredLanguage: text("preferredLanguage"),
    organisationName: text("organisationName"),
    taxCode: text("taxCode"),
  };
  const result = await updateProfile(services, user, values);
  if (!result.ok) return json({ intent: "profile", errors: result.errors, values, formError: null }, { status: 400 });
  if (result.verifyHandle) return redirect(`/xac-minh?ma=${encodeURIComponent(result.verifyHandle)}&tu=tai-khoan`);
  return redirect("/tai-khoan?thong-bao=saved");
}

export default function Profile() {
  const t = useAccountT();
  const data = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>();
  const profileErrors: Record<string, string> = sent?.intent === "profile" ? sent.errors : {};
  const passwordErrors: Record<string, string> = sent?.intent === "password" ? sent.errors : {};
  const v = { ...data.profile, ...(sent?.values ?? {}) };
  const organisation = data.profile.accountType === "organisation";
  const badge = (verified: boolean, present: string) => (present ? <span className={verified ? "status status-9" : "status status-3"}>{verified ? t("profile.verified") : t("profile.unverified")}</span> : null);
  return (
    <div>
      <h1>{t("profile.title")}</h1>
      <p className="lead">{t("profile.lead")}</p>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}
      {data.needsVerification ? (
        <div className="warning-box" data-testid="verify-first">
          <p>{t("profile.verifyFirst")}</p>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="resend" />
            <button type="submit" className="secondary">
              {t("profile.resend")}
            </button>
          </Form>
        </div>
      ) : null}
      {sent?.formError ? (
        <p className="error-box" role="alert">
          {sent.formError}
        </p>
      ) : null}
      {data.linked ? <p>{t("profile.nationalLinked")}</p> : null}
      <section className="card" aria-labelledby="personal-heading">
        <h2 id="personal-heading">{t("profile.personal")}</h2>
        <ErrorSummary errors={accountErrorLinks(t, profileErrors, PROFILE_FIELDS)} title={t("errors.summaryTitle")} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="profile" />
          {organisation ? (
            <fieldset>
              <legend>{t("profile.organisation")}</legend>
              <Field name="organisationName" label={t("profile.organisationName")} error={profileErrors.organisationName} defaultValue={v.organisationName} autoComplete="organization" />
              <Field name="taxCode" label={t("profile.taxCode")} hint={t("register.taxCodeHint")} error={profileErrors.taxCode} defaultValue={v.taxCode} inputMode="numeric" />
            </fieldset>
          ) : null}
          <Field name="fullName" label={t("profile.fullName")} error={profileErrors.fullName} defaultValue={v.fullName} autoComplete="name" required />
          <Field name="dateOfBirth" type="date" label={t("profile.dateOfBirth")} error={profileErrors.dateOfBirth} defaultValue={v.dateOfBirth} autoComplete="bday" />
          {data.idNumberVerified ? (
            <Field name="idNumber" label={t("profile.idNumber")} hint={t("profile.idNumberVerified")} defaultValue={v.idNumber} readOnly />
          ) : (
            <Field name="idNumber" label={t("profile.idNumber")} hint={t("profile.idNumberHint")} error={profileErrors.idNumber} defaultValue={v.idNumber} inputMode="numeric" />
          )}
          <Field name="email" type="email" label={t("profile.email")} hint={t("profile.contactHint")} error={profileErrors.email} defaultValue={v.email} autoComplete="email" after={badge(data.emailVerified, data.profile.email)} />
          <Field name="phone" type="tel" label={t("profile.phone")} hint={t("profile.contactHint")} error={profileErrors.phone} defaultValue={v.phone} autoComplete="tel" after={badge(data.phoneVerified, data.profile.phone)} />
          <Field name="address" label={t("profile.address")} error={profileErrors.address} defaultValue={v.address} autoComplete="street-address" />
          <fieldset>
            <legend>{t("profile.language")}</legend>
            <Radio id="preferredLanguage-vi" name="preferredLanguage" value="vi" lang="vi" label={t("profile.languageVi")} defaultChecked={v.preferredLanguage !== "en"} />
            <Radio id="preferredLanguage-en" name="preferredLanguage" value="en" lang="en" label={t("profile.languageEn")} defaultChecked={v.preferredLanguage === "en"} />
          </fieldset>
          <p>
            <button type="submit" className="primary">
              {t("profile.save")}
            </button>
          </p>
        </Form>
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("profile.passwordSection")}</h2>
        <ErrorSummary errors={accountErrorLinks(t, passwordErrors, ["currentPassword", "newPassword"])} title={t("errors.summaryTitle")} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field name="currentPassword" type="password" label={t("profile.currentPassword")} error={passwordErrors.currentPassword} autoComplete="current-password" required />
          <Field
            name="newPassword"
            type="password"
            label={t("profile.newPassword")}
            hint={t("register.passwordHint", { min: data.passwordMin })}
            error={passwordErrors.newPassword}
            autoComplete="new-password"
            required
          />
          <p>
            <button type="submit" className="primary">
              {t("profile.changePassword")}
            </button>
          </p>
        </Form>
      </section>
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("profile.sessionsLink")}</h2>
        <p>{t("profile.sessionsHint")}</p>
        <p>
          <Link to="/tai-khoan/phien">{t("profile.sessionsLink")}</Link>
        </p>
      </section>
    </div>
  );
}
