/**
 * The review page: what will be submitted, as the server read it from the draft, with a link back to
 * change each part; then how the result comes, then "Nộp hồ sơ".
 */
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Language } from "../../i18n";
import { formatDateTime } from "../../labels";
import { FieldError } from "../e-form-fields";
import { allowanceText, moneyText } from "./format";
import { PostalAddressFields } from "./form-step";
import { ErrorSummary, orderedErrorLinks } from "../error-summary";
import { WizardSteps } from "./wizard-steps";

type Review = {
  applicant: { name: string; idNumber: string; phone: string; email: string; address: string };
  answers: Array<{ label: string; labelEn: string | null; value: string; editAnchor: string }>;
  agency: { name: string; address: string | null } | null;
  files: Array<{ documentName: string; fileName: string; size: number }>;
  submissionChannel: "online" | "post";
  pickupAddress: string | null;
  fee: number;
  payAtSubmission: boolean;
  allowance: { amount: number; unit: "workingDay" | "workingHour" | "calendarDay" };
  expectedAt: string;
  deliveryChoices: Array<0 | 1 | 2>;
};

const REVIEW_FIELDS = ["resultDelivery", "deliveryAddress", "deliveryDistrict"];

export function ReviewStep(props: {
  procedure: { code: string; name: string };
  draft: { id: string; version: number; idempotencyKey: string };
  review: Review;
  values: Record<string, string>;
  errors: Record<string, string>;
  formError?: string;
}) {
  const { procedure, draft, review, values, errors } = props;
  const { t, i18n } = useTranslation("wizard");
  const { t: tc } = useTranslation("common");
  const language = (i18n.language === "en" ? "en" : "vi") as Language;
  const busy = useNavigation().state === "submitting";
  const edit = (anchor: string) => `/thu-tuc/${encodeURIComponent(procedure.code)}/nop-truc-tuyen?nhap=${draft.id}#${anchor}`;
  const hrefFor = (name: string) => (REVIEW_FIELDS.includes(name) ? `#${name}` : edit(name));
  const chosen = values.resultDelivery || String(review.deliveryChoices[0]);
  const value = (name: string) => values[name] ?? "";
  const row = (label: string, shown: string, anchor: string) => (
    <div key={anchor + label} style={{ display: "contents" }}>
      <dt>{label}</dt>
      <dd>
        {shown || <span className="hint">{t("review.empty")}</span>}{" "}
        <Link to={edit(anchor)} aria-label={t("review.changeLabel", { label })}>
          {t("review.change")}
        </Link>
      </dd>
    </div>
  );
  return (
    <>
      <p>
        <Link to={`/thu-tuc/${procedure.code}/nop-truc-tuyen?nhap=${draft.id}`}>{t("review.back")}</Link>
      </p>
      <h1>{t("review.title")}</h1>
      <p className="lead">{procedure.name}</p>
      <WizardSteps current={2} />
      {Object.keys(errors).length > 0 || props.formError ? (
        <ErrorSummary title={t("errorTitle")} description={props.formError} errors={orderedErrorLinks(errors, REVIEW_FIELDS, hrefFor)} />
      ) : null}

      <h2>{t("review.applicant")}</h2>
      <dl className="review-list">
        {row(t("applicantName"), review.applicant.name, "applicantName")}
        {row(t("applicantIdNumber"), review.applicant.idNumber, "applicantIdNumber")}
        {row(t("applicantPhone"), review.applicant.phone, "applicantPhone")}
        {row(t("applicantEmail"), review.applicant.email, "applicantEmail")}
        {row(t("applicantAddress"), review.applicant.address, "applicantAddress")}
      </dl>

      {review.answers.length > 0 ? (
        <>
          <h2>{t("review.content")}</h2>
          <dl className="review-list">{review.answers.map((a) => row(language === "en" ? (a.labelEn ?? a.label) : a.label, a.value, a.editAnchor))}</dl>
        </>
      ) : null}

      <h2>{t("review.files")}</h2>
      {review.files.length > 0 ? (
        <ul data-testid="review-files">
          {review.files.map((f) => (
            <li key={f.documentName}>
              {f.documentName}: {f.fileName} ({Math.ceil(f.size / 1024)} KB)
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("review.noFiles")}</p>
      )}
      <p>
        <Link to={edit("doc-0")}>{t("review.changeFiles")}</Link>
      </p>

      <h2>{t("review.handling")}</h2>
      <dl className="review-list">
        <dt>{t("review.agency")}</dt>
        <dd data-testid="review-agency">
          {review.agency ? review.agency.name : t("review.agencyNone")}
          {review.agency?.address ? ` — ${review.agency.address}` : null}
        </dd>
        <dt>{t("review.channel")}</dt>
        <dd>{review.submissionChannel === "post" ? t("review.channelPost", { address: review.pickupAddress }) : t("review.channelOnline")}</dd>
        <dt>{t("review.fee")}</dt>
        <dd data-testid="review-fee">
          {moneyText(tc, language, review.fee)}
          {review.payAtSubmission ? t("review.payNow") : null}
        </dd>
        <dt>{t("review.time")}</dt>
        <dd>
          {t("review.expected", { allowance: allowanceText(tc, language, review.allowance) })}{" "}
          <strong data-testid="review-expected">{formatDateTime(review.expectedAt)}</strong> {t("review.expectedNote")}
        </dd>
      </dl>

      <Form method="post" noValidate>
        <input type="hidden" name="draftVersion" value={draft.version} />
        <input type="hidden" name="idempotencyKey" value={draft.idempotencyKey} />
        <fieldset id="resultDelivery" tabIndex={-1} aria-describedby={errors.resultDelivery ? "resultDelivery-error" : undefined}>
          <legend>{t("review.deliveryLegend")}</legend>
          {review.deliveryChoices.map((code) => (
            <label key={code} style={{ fontWeight: 400 }}>
              <input type="radio" name="resultDelivery" value={code} defaultChecked={chosen === String(code)} /> {t(`review.delivery.${code}`)}
            </label>
          ))}
          <FieldError id="resultDelivery" message={errors.resultDelivery} />
          <PostalAddressFields prefix="delivery" title={t("deliveryTitle")} value={value} errors={errors} />
        </fieldset>
        <p>{t("review.declaration")}</p>
        <div className="wizard-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("review.submitting") : t("review.submit")}
          </button>
          <Link to={`/thu-tuc/${procedure.code}/nop-truc-tuyen?nhap=${draft.id}`}>{t("review.backShort")}</Link>
        </div>
      </Form>
    </>
  );
}
