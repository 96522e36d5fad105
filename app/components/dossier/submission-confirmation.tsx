/**
 * What the applicant sees right after submitting (issue 11 §4): the code, the expected date, what
 * happens next, the receipt, and the payment link where the fee is paid with the dossier.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../labels";

export function SubmissionConfirmation(props: {
  code: string;
  expectedAt: string | null;
  resultDelivery: number;
  fees: { due: unknown; mayPay: boolean; online: boolean; path: string };
}) {
  const { t } = useTranslation("dossier");
  const { t: tc } = useTranslation();
  return (
    <section className="notice confirmation" role="status" aria-labelledby="confirmation-title" data-testid="submission-confirmation">
      <h2 id="confirmation-title">{t("confirmation.title")}</h2>
      <p>
        {t("confirmation.code")} <strong data-testid="dossier-code">{props.code}</strong>. {t("confirmation.keepCode")}
      </p>
      {props.expectedAt ? <p data-testid="expected-date">{t("confirmation.expected", { date: formatDateTime(props.expectedAt) })}</p> : null}
      <h3>{t("confirmation.nextTitle")}</h3>
      <ol>
        <li>{t("confirmation.nextCheck")}</li>
        <li>{t("confirmation.nextMail")}</li>
        <li>{t("confirmation.nextResult", { delivery: tc(`resultDelivery.${props.resultDelivery}` as "resultDelivery.0") })}</li>
        <li>{t("confirmation.nextTrack")}</li>
      </ol>
      <p>
        <a href={`/ho-so/${props.code}/bien-nhan`} download>
          {t("confirmation.receipt")}
        </a>
      </p>
      {!!props.fees.due && props.fees.mayPay && props.fees.online ? (
        <p>
          {t("confirmation.payNow")} <Link to={props.fees.path}>{t("confirmation.pay")}</Link>
        </p>
      ) : null}
    </section>
  );
}
