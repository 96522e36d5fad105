import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { catalogFacets, popularProcedures } from "../services/catalog.server";
import { metaTranslator, usePortal } from "../portal";

export const meta: MetaFunction = ({ matches }) => {
  const { t, provinceName } = metaTranslator(matches, "catalog");
  return [{ title: t("home.metaTitle", { province: provinceName }) }];
};

export async function loader({ context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const [popular, facets] = await Promise.all([popularProcedures(db), catalogFacets(db)]);
  return json({ popular, fields: facets.fields, levels: facets.levels, total: facets.fields.reduce((sum, f) => sum + f.count, 0) });
}

export default function Home() {
  const { popular, fields, levels, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalog");
  const { t: tc } = useTranslation("common");
  const { provinceName } = usePortal();
  return (
    <>
      <section className="hero">
        <h1>{t("home.title", { province: provinceName })}</h1>
        <p className="lead">{t("home.lead")}</p>
        <Form method="get" action="/thu-tuc" className="search" role="search">
          <label htmlFor="q" className="visually-hidden" style={{ margin: 0 }}>
            {t("home.searchLabel")}
          </label>
          <input id="q" name="q" type="search" placeholder={t("home.searchPlaceholder")} />
          <button type="submit" className="primary">
            {t("home.search")}
          </button>
        </Form>
      </section>
      <div className="grid">
        <section className="card" aria-labelledby="popular">
          <h2 id="popular">{t("home.popular")}</h2>
          <ul>
            {popular.map((p) => (
              <li key={p.code}>
                <Link to={`/thu-tuc/${p.code}`} lang="vi">{p.name}</Link>
                <div className="hint">
                  {p.field} · {tc(`serviceModes.${p.serviceMode}`)}
                </div>
              </li>
            ))}
          </ul>
          <p>
            <Link to="/thu-tuc">{t("home.allProcedures", { count: total })}</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="fields">
          <h2 id="fields">{t("home.fields")}</h2>
          <ul className="field-list">
            {fields.map((f) => (
              <li key={f.field}>
                <Link to={`/thu-tuc?linh-vuc=${encodeURIComponent(f.field)}`} lang="vi">{f.field}</Link>{" "}
                <span className="hint">({t("home.fieldCount", { count: f.count })})</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="levels">
          <h2 id="levels">{t("home.levels")}</h2>
          <ul>
            {levels.map((l) => (
              <li key={l.level}>
                <Link to={`/thu-tuc?cap=${l.level}`}>{tc(`levels.${l.level}`)}</Link>{" "}
                <span className="hint">({t("home.fieldCount", { count: l.count })})</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
