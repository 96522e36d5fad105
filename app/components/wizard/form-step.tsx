/**
 * The wizard's first step as a page. The browser validates "Tiếp tục" with the same zod schema as the
 * server (conform); "Lưu nháp" and "Chọn" skip validation. Everything works as a plain form.
 */
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { DraftFile, FormField, RequiredDocument } from "../../../db/schema";
import { buildWizardSchema, eFormInputNames } from "../../e-form-schema";
import type { Language } from "../../i18n";
import { formatDateTime } from "../../labels";
import { DISTRICTS } from "../../services/postal/areas";
import { EFormFields, FieldError, invalidProps, type AddressUnits } from "../e-form-fields";
import { allowanceText, moneyText } from "./format";
import { ErrorSummary, orderedErrorLinks } from "../error-summary";
import { WizardSteps } from "./wizard-steps";

type Procedure = {
  code: string;
  name: string;
  serviceMode: string;
  feeAmount: number;
  allowance: { amount: number; unit: "workingDay" | "workingHour" | "calendarDay" };
  formFields: FormField[];
  documents: RequiredDocument[];
};

const APPLICANT = ["applicantName", "applicantIdNumber", "applicantPhone", "applicantEmail", "applicantAddress"];

export function FormStep(props: {
  procedure: Procedure;
  agencies: Array<{ id: number; name: string; address: string | null }>;
  values: Record<string, string>;
  files: DraftFile[];
  units: AddressUnits;
  draft: { id: string; version: number; updatedAt: string; expiresAt: string } | null;
  saved: boolean;
  errors: Record<string, string>;
  formError?: string;
}) {
  const { procedure, agencies, values, files, units, draft, saved } = props;
  const { t, i18n } = useTranslation("wizard");
  const { t: tc } = useTranslation("common");
  const language = (i18n.language === "en" ? "en" : "vi") as Language;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const schema = useMemo(() => buildWizardSchema(procedure.formFields, language), [procedure.formFields, language]);
  // Keyed by content: a fresh `{}` on every render must not look like a new server answer to conform.
  const serverErrors = JSON.stringify(props.errors);
  const lastResult = useMemo<SubmissionResult<string[]>>(
    () => ({ status: "error", error: Object.fromEntries(Object.entries(JSON.parse(serverErrors) as Record<string, string>).map(([k, v]) => [k, [v]])) }),
    [serverErrors],
  );
  const [form] = useForm({
    id: "submission-wizard",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData, submitter }) {
      // "Lưu nháp" and the cascade's "Chọn" save whatever is there; only "Tiếp tục" is checked.
      const intent = submitter?.getAttribute("value") ?? "continue";
      // The schema normalises raw strings itself, exactly as on the server: no conform coercion.
      return parseWithZod(formData, { schema: intent === "continue" ? schema : z.object({}), disableAutoCoercion: true });
    },
  });
  const errors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(form.allErrors)) if (messages?.[0]) errors[name] = messages[0];
  const order = [
    ...APPLICANT,
    "agencyId",
    ...procedure.formFields.flatMap(eFormInputNames),
    ...procedure.documents.map((_, i) => `doc-${i}`),
    "submissionChannel",
    "pickupAddress",
    "pickupDistrict",
  ];
  const value = (name: string) => values[name] ?? "";
  const invalid = (name: string, hint = false) => invalidProps(errors, name, hint);
  const fileOf = new Map(files.map((f) => [f.index, f]));
  const action = `/thu-tuc/${encodeURIComponent(procedure.code)}/nop-truc-tuyen${draft ? `?nhap=${draft.id}` : ""}`;
  const hasErrors = Object.keys(errors).length > 0;

  const textInput = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => (
    <div className="e-form-field">
      <label htmlFor={name} className={props.required === false ? undefined : "required"}>
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={name} name={name} defaultValue={value(name)} {...invalid(name, !!hint)} {...props} required={undefined} />
      <FieldError id={name} message={errors[name]} />
    </div>
  );

  return (
    <>
      <p>
        <Link to={`/thu-tuc/${procedure.code}`}>← {procedure.name}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">
        {t("lead", { procedure: procedure.name, allowance: allowanceText(tc, language, procedure.allowance), fee: moneyText(tc, language, procedure.feeAmount) })}
      </p>
      <WizardSteps current={1} />
      {hasErrors || props.formError ? (
        <ErrorSummary title={t("errorTitle")} description={props.formError} errors={orderedErrorLinks(errors, order)} />
      ) : null}
      {saved && draft ? (
        <div className="notice" role="status">
          <strong>{t("savedNotice")}</strong> {t("savedDetail", { at: formatDateTime(draft.updatedAt) })} <Link to="/ho-so-nhap">{t("draftsLink")}</Link>
          {t("savedUntil", { at: formatDateTime(draft.expiresAt) })}
        </div>
      ) : null}
      <Form method="post" action={action} encType="multipart/form-data" noValidate id={form.id} onSubmit={form.onSubmit}>
        {/* The default button (Enter in a field) is "Tiếp tục", not the cascade's "Chọn". */}
        <button type="submit" name="intent" value="continue" hidden tabIndex={-1} />
        {draft ? <input type="hidden" name="draftVersion" value={draft.version} /> : null}
        <fieldset>
          <legend>{t("applicantLegend")}</legend>
          <p className="hint">{t("applicantHint")}</p>
          {textInput("applicantName", t("applicantName"), { autoComplete: "name" })}
          {textInput("applicantIdNumber", t("applicantIdNumber"), { inputMode: "numeric" }, t("applicantIdNumberHint"))}
          {textInput("applicantPhone", t("applicantPhone"), { type: "tel", autoComplete: "tel" }, t("applicantPhoneHint"))}
          {textInput("applicantEmail", t("applicantEmail"), { type: "email", autoComplete: "email", required: false }, t("applicantEmailHint"))}
          {textInput("applicantAddress", t("applicantAddress"), { autoComplete: "street-address" })}
        </fieldset>

        {agencies.length > 1 ? (
          <fieldset>
            <legend>{t("agencyLegend")}</legend>
            <label htmlFor="agencyId" className="required">
              {t("agencyLabel")}
            </label>
            <p className="hint" id="agencyId-hint">
              {t("agencyHint")}
            </p>
            <select id="agencyId" name="agencyId" defaultValue={value("agencyId")} {...invalid("agencyId", true)}>
              <option value="">{t("agencyChoose")}</option>
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            <FieldError id="agencyId" message={errors.agencyId} />
          </fieldset>
        ) : (
          <p>
            {t("agencyFixed")} <strong>{agencies[0]?.name}</strong>
            {agencies[0]?.address ? ` — ${agencies[0].address}` : null}
          </p>
        )}

        <EFormFields legend={t("formLegend")} fields={procedure.formFields} values={values} errors={errors} units={units} language={language} />

        <fieldset>
          <legend>{t("documentsLegend")}</legend>
          {procedure.documents.map((document, index) => {
            const name = `doc-${index}`;
            const kept = fileOf.get(index);
            return (
              <div key={name} className="e-form-field">
                <label htmlFor={name} className={document.required ? "required" : undefined}>
                  {document.name}
                </label>
                <p className="hint" id={`${name}-hint`}>
                  {t("documentHint", { originals: document.originals, copies: document.copies })}
                </p>
                {kept ? (
                  <p className="notice" data-testid={`kept-${index}`}>
                    {t("keptFile", { name: kept.fileName, size: Math.ceil(kept.size / 1024) })}
                  </p>
                ) : null}
                <input id={name} name={name} type="file" accept="application/pdf,image/jpeg,image/png" {...invalid(name, true)} />
                <FieldError id={name} message={errors[name]} />
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>{t("channelLegend")}</legend>
          <label style={{ fontWeight: 400 }}>
            <input type="radio" name="submissionChannel" value="online" defaultChecked={(value("submissionChannel") || "online") === "online"} /> {t("channelOnline")}
          </label>
          <label style={{ fontWeight: 400 }}>
            <input type="radio" name="submissionChannel" value="post" defaultChecked={value("submissionChannel") === "post"} /> {t("channelPost")}
          </label>
          <FieldError id="submissionChannel" message={errors.submissionChannel} />
          <PostalAddressFields prefix="pickup" title={t("pickupTitle")} value={value} errors={errors} />
        </fieldset>

        {busy ? (
          <p role="status" className="hint">
            <progress className="upload-progress" aria-label={t("uploadingLabel")} />
            <br />
            {t("uploading")}
          </p>
        ) : null}
        <div className="wizard-actions">
          <button type="submit" name="intent" value="continue" className="primary" disabled={busy}>
            {t("continue")}
          </button>
          <button type="submit" name="intent" value="save" className="secondary" formNoValidate disabled={busy}>
            {t("saveDraft")}
          </button>
          <Link to="/ho-so-nhap">{t("myDrafts")}</Link>
        </div>
      </Form>
    </>
  );
}

/** Street address and district for a postal pickup or delivery; the server requires them only for that choice. */
export function PostalAddressFields(props: {
  prefix: "pickup" | "delivery";
  title: string;
  value: (name: string) => string;
  errors: Record<string, string>;
}) {
  const { prefix, title, value, errors } = props;
  const { t } = useTranslation("wizard");
  const address = `${prefix}Address`;
  const district = `${prefix}District`;
  return (
    <div className="postal-address">
      <p className="hint">{title}</p>
      <label htmlFor={address}>{t("postalStreet")}</label>
      <input id={address} name={address} autoComplete="street-address" defaultValue={value(address)} {...invalidProps(errors, address)} />
      <FieldError id={address} message={errors[address]} />
      <label htmlFor={district}>{t("postalDistrict")}</label>
      <select id={district} name={district} defaultValue={value(district)} {...invalidProps(errors, district)}>
        <option value="">{t("choose")}</option>
        {DISTRICTS.map((d) => (
          <option key={d.code} value={d.code}>
            {d.name}
          </option>
        ))}
      </select>
      <FieldError id={district} message={errors[district]} />
    </div>
  );
}
