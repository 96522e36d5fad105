/** The dossier page's fee card: what is owed now and, for the applicant, the way to pay it online. */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SerializeFrom } from "@remix-run/node";
import { formatMoney } from "../../labels";
import type { DossierPageModel } from "../../services/dossier-page.server";

type Fees = SerializeFrom<DossierPageModel>["fees"];

export function FeePanel({ fees }: { fees: Fees }) {
  const { t } = useTranslation("dossier");
  if (!fees.due) return null;
  return (
    <section className="card" aria-labelledby="fee-title">
      <h2 id="fee-title">{t("payment.panelTitle")}</h2>
      <p>
        {fees.due.title}: <strong data-testid="fee-amount">{formatMoney(fees.due.amount)}</strong>
      </p>
      {fees.mayPay && fees.online ? (
        <p>
          <Link className="button primary" to={fees.path} data-testid="pay-online">
            {t("payment.payOnline")}
          </Link>
        </p>
      ) : null}
      {fees.mayPay && !fees.online ? (
        <p className="hint">{t("payment.atDesk")}</p>
      ) : null}
    </section>
  );
}
