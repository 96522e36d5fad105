/** The dossiers behind one figure (/giam-sat/ho-so): paged, each code a link to its dossier. */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DRILLDOWN_DOWNLOAD_PATH } from "../../monitoring-paths";
import type { DrilldownModel } from "../../services/reports/dashboard-page.server";
import { DataAgeNote } from "./data-age";
import { useNumberFormat } from "./format";
import { ExportLinks } from "./report-table-view";

export function DrilldownPage({ model }: { model: DrilldownModel }) {
  const { t } = useTranslation("monitoring");
  const { number } = useNumberFormat();
  const pageHref = (page: number) => `?${model.search}&trang=${page}`;
  const title = t("drilldownTitle", { measure: model.measureLabel });
  return (
    <div className="monitoring">
      <p>
        <Link to={model.backHref}>{t("drilldownBack")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">
        {t("scope", { scope: model.unitName ?? model.scopeLabel })} · {t("period", { period: model.periodLabel })} ·{" "}
        <strong data-testid="drilldown-count">{t("drilldownCount", { n: number(model.total) })}</strong>
      </p>
      {model.filterNotes.length > 0 ? <p data-testid="drilldown-filters">{model.filterNotes.join(" · ")}</p> : null}
      <DataAgeNote age={model.age} />
      {model.rows.length === 0 ? (
        <p>{t("drilldownEmpty")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="drilldown-title" tabIndex={0}>
          <table className="report-table">
            <caption id="drilldown-title" className="visually-hidden">
              {title}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("columns.code")}</th>
                <th scope="col" className="wide">
                  {t("columns.procedure")}
                </th>
                <th scope="col" className="medium">
                  {t("columns.agency")}
                </th>
                <th scope="col">{t("columns.channel")}</th>
                <th scope="col">{t("columns.status")}</th>
                <th scope="col">{t("columns.submittedAt")}</th>
                <th scope="col">{t("columns.receivedAt")}</th>
                <th scope="col">{t("columns.dueAt")}</th>
                <th scope="col">{t("columns.returnedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {model.rows.map((r) => (
                <tr key={r.code}>
                  <th scope="row">
                    <Link to={`/ho-so/${encodeURIComponent(r.code)}`}>{r.code}</Link>
                  </th>
                  <td>{r.procedure}</td>
                  <td>{r.agency}</td>
                  <td>{t(`channels.${String(r.channel) as "1"}`)}</td>
                  <td>{r.statusName}</td>
                  <td className="nowrap">{r.submittedAt}</td>
                  <td className="nowrap">{r.receivedAt}</td>
                  <td className="nowrap">{r.dueAt}</td>
                  <td className="nowrap">{r.returnedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {model.pages > 1 ? (
        <nav className="pagination" aria-label={t("pagination")}>
          <ul>
            {model.page > 1 ? (
              <li>
                <a href={pageHref(model.page - 1)}>{t("previous")}</a>
              </li>
            ) : null}
            <li>
              <a href={pageHref(model.page)} aria-current="page">
                {t("pageOf", { page: model.page, pages: model.pages })}
              </a>
            </li>
            {model.page < model.pages ? (
              <li>
                <a href={pageHref(model.page + 1)}>{t("next")}</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
      {model.total > 0 ? (
        <>
          <ExportLinks path={DRILLDOWN_DOWNLOAD_PATH} search={model.search} table={{ key: "ho-so", title }} />
          {model.total > model.exportCap ? <p className="hint">{t("drilldownCap", { cap: number(model.exportCap), total: number(model.total) })}</p> : null}
        </>
      ) : null}
    </div>
  );
}
