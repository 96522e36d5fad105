import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PeriodAndAgencyFields } from "../components/indicators/period-agency-fields";
import { PublicBarChart, type BarItem } from "../components/charts/public-bar-chart";
import { ExportLinks, FigureTable, formatNumber, formatPercent } from "../components/indicators/figure-table";
import { numberLocale } from "../i18n";
import { metaTranslator, usePortal } from "../portal";
import { readLanguage } from "../services/language.server";
import { readPortalIdentity } from "../services/portal-identity.server";
import { ReportInputError } from "../services/reports/filters.server";
import { publicStatisticsModel, type PublicFigure } from "../services/reports/public-statistics.server";
import styles from "../styles/indicators.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "statistics");
  return [{ title: t("metaTitle", { province: provinceName }) }];
};

/**
 * Aggregated and public, so a shared cache may keep it five minutes (the rollup changes every ten).
 * Not when the visitor is signed in: the page frame then carries her name. The language and the
 * reading preferences are cookies, hence Vary.
 */
function cacheHeaders(request: Request): HeadersInit {
  const signedIn = /(?:^|;\s*)motcua_session=/.test(request.headers.get("Cookie") ?? "");
  // Signed in: the server's noStoreForSignedIn already says no-store (http.server.ts).
  return signedIn ? {} : { "Cache-Control": "public, max-age=300", Vary: "Cookie" };
}

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  const source = errorHeaders ?? loaderHeaders;
  const out = new Headers();
  for (const name of ["Cache-Control", "Vary"]) {
    const value = source.get(name);
    if (value) out.set(name, value);
  }
  return out;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const url = new URL(request.url);
  const db = services.reports.db;
  try {
    const portal = await readPortalIdentity(services.database.db);
    const model = await publicStatisticsModel(db, url, { now: new Date(), language: readLanguage(request), provinceName: portal.provinceName });
    return json(model, { headers: cacheHeaders(request) });
  } catch (error) {
    if (error instanceof ReportInputError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

function FigureCard({ figure, locale }: { figure: PublicFigure; locale: string }) {
  const { t } = useTranslation("statistics");
  const label = t(`figures.${figure.key}`);
  if (figure.kind === "count") {
    return (
      <li className="card" data-testid={`figure-${figure.key}`}>
        <p className="figure-label">{label}</p>
        <p className="figure-value">{formatNumber(figure.value, locale)}</p>
      </li>
    );
  }
  const of = t(`ofWhat.${figure.key}` as "ofWhat.onTimeRate", { numerator: formatNumber(figure.numerator, locale), denominator: formatNumber(figure.denominator, locale) });
  return (
    <li className="card" data-testid={`figure-${figure.key}`}>
      <p className="figure-label">{label}</p>
      <p className={figure.percent === null ? "figure-value no-data" : "figure-value"}>{figure.percent === null ? t("noDossiers") : formatPercent(figure.percent, locale)}</p>
      <p className="figure-of">{of}</p>
    </li>
  );
}

/** At most this many bars: a province has hundreds of agencies; the table lists them all. */
const MAX_BARS = 30;

export default function PublicStatistics() {
  const model = useLoaderData<typeof loader>();
  const { t } = useTranslation("statistics");
  const { language, provinceName } = usePortal();
  const locale = numberLocale(language);
  const nameLang = language === "vi" ? undefined : "vi";
  const [summaryTable, byAgencyTable] = model.tables;
  const scope = model.agency ? t("agencyHeading", { agency: model.agency.name }) : t("province", { province: provinceName });
  const rateText = (percent: number | null) => (percent === null ? t("noDossiers") : formatPercent(percent, locale));

  const shareItems: BarItem[] = model.figures
    .filter((f): f is Extract<PublicFigure, { kind: "rate" }> => f.kind === "rate")
    .map((f) => ({ label: t(`figures.${f.key}`), value: f.percent, valueText: rateText(f.percent) }));
  const resolvedAgencies = model.byAgency
    .map((row) => ({ row, onTime: row.figures.find((f) => f.key === "onTimeRate")!, resolved: row.figures.find((f) => f.key === "resolved")! }))
    .filter((x) => x.resolved.kind === "count" && x.resolved.value > 0);
  const charted = [...resolvedAgencies]
    .sort((a, b) => (b.resolved.kind === "count" && a.resolved.kind === "count" ? b.resolved.value - a.resolved.value : 0))
    .slice(0, MAX_BARS)
    .sort((a, b) => model.byAgency.indexOf(a.row) - model.byAgency.indexOf(b.row));
  const agencyItems: BarItem[] = charted.map(({ row, onTime }) => {
    const percent = onTime.kind === "rate" ? onTime.percent : null;
    return { label: row.name, value: percent, valueText: rateText(percent) };
  });
  const exportLinks = (table: typeof summaryTable) => (
    <ExportLinks
      path="/thong-ke/tai"
      tableKey={table.key}
      title={table.title}
      query={model.query}
      csvLabel={t("exportCsv")}
      xlsxLabel={t("exportXlsx")}
      ofLabel={(format, title) => t("exportOf", { format, table: title })}
    />
  );

  return (
    <div className="statistics-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead", { province: provinceName })}</p>

      <Form method="get" className="card report-filter" aria-labelledby="statistics-filter-title">
        <h2 id="statistics-filter-title" className="filter-title">
          {t("filterTitle")}
        </h2>
        <PeriodAndAgencyFields
          namespace="statistics"
          kinds={["month", "quarter", "year"] as const}
          kind={model.period.kind}
          value={model.period.value}
          agencyId={model.agency ? model.agency.id : null}
          agencyChoices={model.agencyChoices}
          nameLang={nameLang}
        />
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t("show")}
          </button>
          <Link to="/thong-ke">{t("clear")}</Link>
        </div>
      </Form>

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">
          <span lang={model.agency ? nameLang : undefined}>{scope}</span> — {model.period.label}
        </h2>
        <p className="hint" data-testid="data-age">
          {model.asOfText ? t("dataAge", { time: model.asOfText }) : t("dataNever")}
        </p>
        <ul className="figure-summary" aria-label={t("summaryTitle")}>
          {model.figures.map((f) => (
            <FigureCard key={f.key} figure={f} locale={locale} />
          ))}
          <li className="card" data-testid="figure-averageRating">
            <p className="figure-label">{t("figures.averageRating")}</p>
            <p className={model.rating.average === null ? "figure-value no-data" : "figure-value"}>
              {model.rating.average === null ? t("noDossiers") : t("ratingValue", { average: model.rating.average.toLocaleString(locale, { minimumFractionDigits: 1 }) })}
            </p>
            <p className="figure-of">{t("ofWhat.averageRating", { ratings: formatNumber(model.rating.count, locale) })}</p>
          </li>
        </ul>
        <div className="charts">
          <PublicBarChart
            title={t("sharesChartTitle")}
            description={t("sharesChartDesc", { scope, period: model.period.label })}
            items={shareItems}
          />
          {agencyItems.length > 0 ? (
            <div>
              <PublicBarChart
                title={t("onTimeChartTitle")}
                description={t("onTimeChartDesc", { period: model.period.label })}
                items={agencyItems}
                lang={nameLang}
              />
              {resolvedAgencies.length > charted.length ? <p className="hint">{t("onTimeChartTruncated", { shown: charted.length, count: resolvedAgencies.length })}</p> : null}
            </div>
          ) : (
            <p className="card">{t("onTimeChartEmpty")}</p>
          )}
        </div>
        <h3 className="visually-hidden">{summaryTable.title}</h3>
        {exportLinks(summaryTable)}
        <FigureTable
          table={summaryTable}
          regionLabel={summaryTable.title}
          testId="summary-table"
          format={{ locale, emptyText: (i) => (i === 1 ? t("noDossiers") : "") }}
          formatCell={(value, r, i) => {
            if (i !== 1) return null;
            if (r < model.figures.length) return model.figures[r].kind === "rate" ? formatPercent(value, locale) : null;
            return value.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
          }}
        />
      </section>

      <section aria-labelledby="by-agency-heading">
        <h2 id="by-agency-heading">{t("byAgencyTitle")}</h2>
        <p className="hint">{t("byAgencyLead")}</p>
        {byAgencyTable.rows.length === 0 ? (
          <p>{t("byAgencyEmpty")}</p>
        ) : (
          <>
            {exportLinks(byAgencyTable)}
            <FigureTable
              table={byAgencyTable}
              regionLabel={t("tableRegion")}
              firstColumnLang={nameLang}
              testId="by-agency-table"
              wide
              format={{ locale, emptyText: (i) => (byAgencyTable.columns[i]?.percent ? t("noDossiers") : "") }}
            />
          </>
        )}
      </section>
    </div>
  );
}
