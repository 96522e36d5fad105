/** How old the figures are (the rollup's instant) and, on a replica, how far it lags the primary. */
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { DataAge } from "../../services/reports/dashboard-page.server";

export function DataAgeNote({ age, canRefresh, refreshQueued }: { age: DataAge; canRefresh?: boolean; refreshQueued?: boolean }) {
  const { t } = useTranslation("monitoring");
  return (
    <div className="data-age" data-testid="data-age">
      <p>{age.asOf ? t("dataAge", { asOf: age.asOf }) : t("computing")}</p>
      {age.separate ? <p data-testid="replica-lag">{age.lagSeconds === null ? t("replicaLagUnknown") : t("replicaLag", { seconds: age.lagSeconds })}</p> : null}
      {refreshQueued ? (
        <p className="notice" role="status">
          {t("refreshQueued")}
        </p>
      ) : null}
      {canRefresh ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="refresh" />
          <button type="submit" className="secondary">
            {t("refreshNow")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
