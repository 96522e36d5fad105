/** The monitoring dashboard (/giam-sat): filters, counts, shares, monthly trend, late lists, breakdowns. */
import { useTranslation } from "react-i18next";
import { DASHBOARD_DOWNLOAD_PATH, DASHBOARD_PATH } from "../../monitoring-paths";
import type { DashboardModel } from "../../services/reports/dashboard-page.server";
import { PercentBarChart } from "../charts/percent-bar-chart";
import { StackedBarChart } from "../charts/stacked-bar-chart";
import { DataAgeNote } from "./data-age";
import { FilterForm } from "./filter-form";
import { useNumberFormat } from "./format";
import { ExportLinks, ReportTableGrid, ReportTableSection } from "./report-table-view";

const tableOf = (model: DashboardModel, key: string) => model.tables.find((t) => t.key === key)!;

function Counts({ model }: { model: DashboardModel }) {
  const { t } = useTranslation("monitoring");
  const { number } = useNumberFormat();
  return (
    <section className="card" aria-labelledby="counts-title">
      <h2 id="counts-title">{t("countsTitle")}</h2>
      <ul className="figure-grid">
        {model.counts.map((c) => (
          <li key={c.measure} className={`figure figure-${c.measure}`}>
            <a href={c.href} data-testid={`figure-${c.measure}`}>
              <span className="figure-value">{number(c.value)}</span>
              <span className="figure-label">{c.label}</span>
            </a>
          </li>
        ))}
      </ul>
      <ExportLinks path={DASHBOARD_DOWNLOAD_PATH} search={model.search} table={tableOf(model, "so-lieu")} />
    </section>
  );
}

function Shares({ model }: { model: DashboardModel }) {
  const { t } = useTranslation("monitoring");
  const { number, percent } = useNumberFormat();
  const table = tableOf(model, "ty-le");
  return (
    <section className="card" aria-labelledby="shares-title">
      <h2 id="shares-title">{t("sharesTitle")}</h2>
      <PercentBarChart
        id="shares-chart"
        title={t("sharesTitle")}
        description={`${t("sharesChartDesc")} ${model.shares.map((s) => `${s.label}: ${percent(s.percent)}`).join("; ")}.`}
        items={model.shares.map((s) => ({ key: s.key, label: s.label, percent: s.percent, detail: `${number(s.numerator)}/${number(s.denominator)}` }))}
        tableSummary={t("chartData")}
        labelHead={t("columns.indicator")}
        valueHead={t("columns.percent")}
        formatPercent={percent}
      />
      <ul className="share-list">
        {model.shares.map((s) => (
          <li key={s.key}>
            <strong>{s.label}</strong>: {percent(s.percent)}
            <br />
            <span className="hint">{s.formula}</span>
            <br />
            {s.numeratorLinks.map((l, i) => (
              <span key={l.href}>
                {i > 0 ? " + " : ""}
                <a href={l.href}>{l.label}</a>
              </span>
            ))}
            {" : "}
            {number(s.numerator)} / <a href={s.denominatorHref}>{number(s.denominator)}</a>
          </li>
        ))}
      </ul>
      <p data-testid="average-rating">{model.averageRating === null ? t("noRating") : t("averageRating", { value: model.averageRating.toLocaleString("vi-VN") })}</p>
      <ExportLinks path={DASHBOARD_DOWNLOAD_PATH} search={model.search} table={table} />
    </section>
  );
}

function Trend({ model }: { model: DashboardModel }) {
  const { t } = useTranslation("monitoring");
  const { number } = useNumberFormat();
  const table = tableOf(model, "xu-huong");
  const { months } = model.trend;
  // "11" under a bar, the year under the first bar and each January: twelve labels fit a phone.
  const categories = months.map((m) => m.slice(0, 2));
  const years = months.map((m, i) => (i === 0 || m.startsWith("01/") ? m.slice(3) : ""));
  const labels = table.columns.map((c) => c.label);
  return (
    <section className="card" aria-labelledby="trend-title">
      <h2 id="trend-title">{t("trendTitle")}</h2>
      <StackedBarChart
        id="trend-chart"
        title={t("trendTitle")}
        description={t("trendDesc", { from: months[0] ?? "", to: months.at(-1) ?? "" })}
        categories={categories}
        subLabels={years}
        series={[
          { key: "early", label: labels[3], values: model.trend.early, tone: "good" },
          { key: "onTime", label: labels[4], values: model.trend.onTime, tone: "accent" },
          { key: "late", label: labels[5], values: model.trend.late, tone: "bad" },
        ]}
        tableSummary={t("chartData")}
        categoryHead={t("columns.month")}
        formatNumber={number}
        alternative={
          <details className="chart-data">
            <summary>{t("chartData")}</summary>
            <ReportTableGrid table={table} labelledBy="trend-title" />
          </details>
        }
      />
      <ExportLinks path={DASHBOARD_DOWNLOAD_PATH} search={model.search} table={table} />
    </section>
  );
}

export function DashboardPage({ model, refreshQueued }: { model: DashboardModel; refreshQueued: boolean }) {
  const { t } = useTranslation("monitoring");
  return (
    <div className="monitoring">
      <h1>{t("title")}</h1>
      <p className="lead">
        {t("scope", { scope: model.scopeLabel })} · <span data-testid="period-label">{t("period", { period: model.periodLabel })}</span>
      </p>
      <DataAgeNote age={model.age} canRefresh={model.canRefresh} refreshQueued={refreshQueued} />
      <FilterForm query={model.query} choices={model.choices} action={DASHBOARD_PATH} />
      <Counts model={model} />
      <Shares model={model} />
      <Trend model={model} />
      {["thu-tuc-tre-han", "co-quan-tre-han", "theo-co-quan", "theo-linh-vuc"].map((key) => (
        <ReportTableSection key={key} table={tableOf(model, key)} search={model.search} path={DASHBOARD_DOWNLOAD_PATH} />
      ))}
    </div>
  );
}
