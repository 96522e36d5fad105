import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PeriodAndAgencyFields } from "../components/indicators/period-agency-fields";
import { ExportLinks, FigureTable, formatNumber, formatPercent } from "../components/indicators/figure-table";
import { numberLocale } from "../i18n";
import { metaTranslator, usePortal } from "../portal";
import { currentUser } from "../services/auth.server";
import { readLanguage } from "../services/language.server";
import { ReportInputError } from "../services/reports/filters.server";
import { indicatorPageModel, type IndicatorFigure, type MeasureLink } from "../services/reports/indicator-page.server";
import styles from "../styles/indicators.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "indicators");
  return [{ title: t("metaTitle", { province: provinceName }) }];
};

/** Decision 766's indicators for the reader's scope or one agency in it (?co-quan); the files come from ./tai. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await currentUser(services.database.db, request);
  const url = new URL(request.url);
  if (!user) throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  try {
    return json(await indicatorPageModel(services.reports.db, user, url, { now: new Date(), language: readLanguage(request) }));
  } catch (error) {
    if (error instanceof ReportInputError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

function Count({ link, locale }: { link: MeasureLink; locale: string }) {
  return (
    <Link to={link.href} aria-label={`${formatNumber(link.count, locale)} — ${link.label}`}>
      {formatNumber(link.count, locale)}
    </Link>
  );
}

function Indicator({ figure, locale }: { figure: IndicatorFigure; locale: string }) {
  const { t } = useTranslation("indicators");
  const [single] = figure.numeratorParts;
  return (
    <li className="indicator card" data-testid={`indicator-${figure.key}`}>
      <h3>{figure.label}</h3>
      <p className={figure.percent === null ? "indicator-value no-data" : "indicator-value"} data-testid="indicator-value">
        {figure.percent === null ? t("noDossiers") : formatPercent(figure.percent, locale)}
      </p>
      <dl className="indicator-terms">
        <dt>{t("formula")}</dt>
        <dd>{figure.formula}</dd>
        <dt>{t("numerator")}</dt>
        <dd data-testid="indicator-numerator">
          {figure.numeratorParts.length === 1 ? (
            <>
              <Count link={single} locale={locale} /> <span className="hint">({single.label})</span>
            </>
          ) : (
            <>
              {formatNumber(figure.numerator, locale)} ={" "}
              {figure.numeratorParts.map((part, i) => (
                <span key={part.measure}>
                  {i > 0 ? " + " : null}
                  <Count link={part} locale={locale} /> <span className="hint">({part.label})</span>
                </span>
              ))}
            </>
          )}
        </dd>
        <dt>{t("denominator")}</dt>
        <dd data-testid="indicator-denominator">
          <Count link={figure.denominator} locale={locale} /> <span className="hint">({figure.denominator.label})</span>
        </dd>
      </dl>
    </li>
  );
}

export default function IndicatorPage() {
  const model = useLoaderData<typeof loader>();
  const { t } = useTranslation("indicators");
  const { language } = usePortal();
  const locale = numberLocale(language);
  const [indicatorTable, comparisonTable] = model.tables;
  const exportLinks = (table: typeof indicatorTable) => (
    <ExportLinks
      path="/giam-sat/chi-so/tai"
      tableKey={table.key}
      title={table.title}
      query={model.query}
      csvLabel={t("exportCsv")}
      xlsxLabel={t("exportXlsx")}
      ofLabel={(format, title) => t("exportOf", { format, table: title })}
    />
  );
  const nameLang = language === "vi" ? undefined : "vi";
  return (
    <div className="indicator-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ul className="report-facts">
        <li>{t("scope", { scope: model.scopeLabel })}</li>
        {model.agency ? (
          <li>
            {t("agencyView", { agency: model.agency.name })} — <Link to={model.wholeScopeHref}>{t("clear")}</Link>
          </li>
        ) : null}
        <li>{t("period", { period: model.period.label })}</li>
        <li data-testid="data-age">{model.asOfText ? t("dataAge", { time: model.asOfText }) : t("dataNever")}</li>
      </ul>

      <Form method="get" className="card report-filter" aria-labelledby="indicator-filter-title">
        <h2 id="indicator-filter-title" className="filter-title">
          {t("filterTitle")}
        </h2>
        {model.keptParams.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <PeriodAndAgencyFields
          namespace="indicators"
          kinds={["month", "quarter", "year", "custom"] as const}
          kind={model.period.kind}
          value={model.period.value}
          agencyId={model.agency ? model.agency.id : null}
          agencyChoices={model.agencyChoices}
          nameLang={nameLang}
        />
        <div>
          <label htmlFor="tu">{t("from")}</label>
          <input id="tu" name="tu" type="text" inputMode="numeric" defaultValue={model.period.kind === "custom" ? model.period.from : ""} aria-describedby="month-hint" />
        </div>
        <div>
          <label htmlFor="den">{t("to")}</label>
          <input id="den" name="den" type="text" inputMode="numeric" defaultValue={model.period.kind === "custom" ? model.period.to : ""} aria-describedby="month-hint" />
          <p className="hint" id="month-hint">
            {t("monthHint")}
          </p>
        </div>
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t("show")}
          </button>
        </div>
      </Form>

      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading" className="visually-hidden">
          {t("indicatorsTable")}
        </h2>
        {exportLinks(indicatorTable)}
        {model.groups.map((group) => (
          <section key={group.group} aria-labelledby={`group-${group.group}`} className="indicator-group" data-testid={`group-${group.group}`}>
            <h2 id={`group-${group.group}`}>{group.label}</h2>
            <ul className="indicator-list">
              {group.indicators.map((figure) => (
                <Indicator key={figure.key} figure={figure} locale={locale} />
              ))}
            </ul>
            {group.group === "satisfaction" ? (
              <div className="card indicator-rating" data-testid="average-rating">
                <h3>{t("ratingTitle")}</h3>
                {model.rating.average === null ? (
                  <p className="indicator-value no-data">{t("noDossiers")}</p>
                ) : (
                  <p className="indicator-value">{t("ratingValue", { average: model.rating.average.toLocaleString(locale, { minimumFractionDigits: 1 }) })}</p>
                )}
                <p>
                  {model.rating.average === null ? (
                    t("ratingNone")
                  ) : (
                    <>
                      <Count link={model.rating.rated} locale={locale} /> <span className="hint">({model.rating.rated.label})</span>
                    </>
                  )}
                </p>
              </div>
            ) : null}
          </section>
        ))}
      </section>

      <section aria-labelledby="comparison-heading">
        <h2 id="comparison-heading">{t("comparisonTitle")}</h2>
        <p className="hint">{t("comparisonLead")}</p>
        {comparisonTable.rows.length === 0 ? (
          <p>{t("comparisonEmpty")}</p>
        ) : (
          <>
            {exportLinks(comparisonTable)}
            <FigureTable
              table={comparisonTable}
              regionLabel={t("comparisonRegion")}
              firstColumnLang={nameLang}
              testId="agency-comparison"
              wide
              format={{ locale, emptyText: (i) => (comparisonTable.columns[i]?.percent ? t("noDossiers") : i === comparisonTable.columns.length - 1 ? "—" : "") }}
            />
          </>
        )}
      </section>
    </div>
  );
}
