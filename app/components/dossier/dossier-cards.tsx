/** "Hồ sơ của tôi" as cards: one column on a phone, one row per dossier on a wide screen (citizen-dossiers.css). */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../labels";

export type DossierCardRow = {
  code: string;
  procedureName: string;
  agencyName: string;
  status: number;
  submittedAt: string;
  dueAt: string | null;
  pausedAt: string | null;
  needsAction: boolean;
};

export function DossierCards({ rows }: { rows: DossierCardRow[] }) {
  const { t } = useTranslation("dossier");
  const { t: tc } = useTranslation();
  return (
    <ul className="dossier-cards" data-testid="dossier-cards">
      {rows.map((r) => (
        <li key={r.code} className={`dossier-card${r.needsAction ? " needs-action" : ""}`} data-testid="dossier-card">
          <h2>
            <Link to={`/ho-so/${encodeURIComponent(r.code)}`}>
              {r.code}
            </Link>
            {r.needsAction ? <span className="action-badge">{t("list.card.needsAction")}</span> : null}
          </h2>
          <dl>
            <div className="cell">
              <dt>{t("list.card.procedure")}</dt>
              <dd>{r.procedureName}</dd>
            </div>
            <div className="cell">
              <dt>{t("list.card.agency")}</dt>
              <dd>{r.agencyName}</dd>
            </div>
            <div className="cell">
              <dt>{t("list.card.status")}</dt>
              <dd>
                <span className={`status status-${r.status}`} data-testid="card-status">
                  {tc(`status.${r.status}` as "status.1")}
                </span>
              </dd>
            </div>
            <div className="cell">
              <dt>{t("list.card.due")}</dt>
              <dd>
                {r.dueAt ? formatDateTime(r.dueAt) : t("list.card.dueNone")}
                {r.pausedAt ? <span className="hint"> ({t("list.card.paused")})</span> : null}
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
