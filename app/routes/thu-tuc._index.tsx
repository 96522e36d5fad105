import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { catalogFacets, catalogQueryFromParams, searchCatalog } from "../services/catalog.server";
import { metaTranslator, usePortal } from "../portal";
import { numberLocale } from "../i18n";
import { Pager } from "../components/catalog/pager";

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "catalog");
  return [{ title: t("list.metaTitle", { province: provinceName }) }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = catalogQueryFromParams(new URL(request.url).searchParams);
  const db = context.services.database.db;
  const [result, facets] = await Promise.all([searchCatalog(db, query), catalogFacets(db)]);
  return json({ query, result, facets });
}

export default function Catalog() {
  const { query, result, facets } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalog");
  const { t: tc } = useTranslation("common");
  const { language } = usePortal();
  const location = useLocation();
  const filtered = Boolean(query.field || query.agencyId || query.level || query.mode);
  const money = (amount: number) => (amount === 0 ? tc("money.free") : tc("money.amount", { amount: amount.toLocaleString(numberLocale(language)) }));
  const summary =
    result.match === "all"
      ? t("list.countAll", { count: result.total })
      : result.match === "words"
        ? t("list.countFound", { count: result.total, q: query.q })
        : result.match === "similar"
          ? t("list.similar", { count: result.total, q: query.q })
          : query.q
            ? t("list.none", { q: query.q })
            : t("list.noneFiltered");
  return (
    <>
      <h1>{t("list.title")}</h1>
      <Form method="get" className="card" role="search" aria-label={t("list.title")}>
        <label htmlFor="q">{t("list.searchLabel")}</label>
        <p className="hint" id="q-hint">
          {t("list.searchHint")}
        </p>
        <div className="search">
          <input id="q" name="q" type="search" defaultValue={query.q} aria-describedby="q-hint" />
          <button type="submit" className="primary">
            {t("list.search")}
          </button>
        </div>
        <fieldset className="catalog-filters">
          <legend>{t("list.filters")}</legend>
          <div>
            <label htmlFor="linh-vuc">{t("list.field")}</label>
            <select id="linh-vuc" name="linh-vuc" defaultValue={query.field ?? ""}>
              <option value="">{t("list.any")}</option>
              {facets.fields.map((f) => (
                <option key={f.field} value={f.field}>
                  {f.field} ({f.count})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="cap">{t("list.level")}</label>
            <select id="cap" name="cap" defaultValue={query.level ?? ""}>
              <option value="">{t("list.any")}</option>
              {facets.levels.map((l) => (
                <option key={l.level} value={l.level}>
                  {tc(`levels.${l.level}`)} ({l.count})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="muc-do">{t("list.mode")}</label>
            <select id="muc-do" name="muc-do" defaultValue={query.mode ?? ""}>
              <option value="">{t("list.any")}</option>
              {(["full", "partial", "info"] as const).map((m) => (
                <option key={m} value={m}>
                  {tc(`serviceModes.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="co-quan">{t("list.agency")}</label>
            <select id="co-quan" name="co-quan" defaultValue={query.agencyId ? String(query.agencyId) : ""}>
              <option value="">{t("list.any")}</option>
              {facets.agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="catalog-filter-actions">
            <button type="submit" className="secondary">{t("list.apply")}</button>
            {filtered ? <Link to={query.q ? `/thu-tuc?q=${encodeURIComponent(query.q)}` : "/thu-tuc"}>{t("list.clear")}</Link> : null}
          </div>
        </fieldset>
      </Form>
      <p role="status" data-testid="catalog-summary">
        {summary}
      </p>
      {result.match === "none" ? (
        <div className="card">
          {result.suggestions.length > 0 ? (
            <>
              <h2>{t("list.didYouMean")}</h2>
              <ul data-testid="suggestions">
                {result.suggestions.map((s) => (
                  <li key={s.code}>
                    <Link to={`/thu-tuc/${s.code}`} lang="vi">{s.name}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>{t("list.adviceTitle")}</h2>
          <ul>
            <li>{t("list.advice1")}</li>
            <li>{t("list.advice2")}</li>
            {filtered ? <li>{t("list.advice3")}</li> : null}
            <li>{t("list.advice4")}</li>
          </ul>
        </div>
      ) : (
        <ul className="catalog-results" aria-label={t("list.results")}>
          {result.items.map((p) => (
            <li key={p.code} className="card">
              <h2 className="catalog-result-title">
                <Link to={`/thu-tuc/${p.code}`} lang="vi">{p.name}</Link>
              </h2>
              <p className="hint">
                {t("list.code")} {p.code} · {p.field} · {tc(`levels.${p.level}`)}
              </p>
              <p className="catalog-result-meta">
                <span className={`badge mode-${p.serviceMode}`}>{tc(`serviceModes.${p.serviceMode}`)}</span>{" "}
                <span>
                  {t("list.fee")}: {money(p.feeAmount)}
                </span>
              </p>
              <p className="hint">{t("list.receivers", { count: p.receiverCount, agency: p.agencyName, more: p.receiverCount - 1 })}</p>
            </li>
          ))}
        </ul>
      )}
      <Pager search={location.search} param="trang" page={result.page} pageCount={result.pageCount} label={tc("pagination.label")} />
    </>
  );
}
