import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { citizenTitle } from "../components/dossier/citizen-meta";
import { DossierCards } from "../components/dossier/dossier-cards";
import { STATUS_GROUP_KEYS } from "../citizen-dossier-options";
import { listMyDossiers, readMyDossierFilters } from "../services/my-dossiers.server";
import { requirePermission } from "../services/permissions.server";
import styles from "../styles/citizen-dossiers.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = ({ matches }) => citizenTitle(matches, "list.metaTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(context.services, request, "read:dossier:own");
  const filters = readMyDossierFilters(new URL(request.url).searchParams);
  const list = await listMyDossiers(context.services, user.id, filters);
  const filtered = !!(filters.group || filters.procedure || filters.from || filters.to || filters.code);
  return json({ ...list, filters, filtered });
}

export default function MyDossiers() {
  const { rows, total, page, pages, procedures, filters, filtered } = useLoaderData<typeof loader>();
  const { t } = useTranslation("dossier");
  const { t: tw } = useTranslation("wizard");
  const pageLink = (n: number) => {
    const params = new URLSearchParams();
    if (filters.group) params.set("nhom", filters.group);
    if (filters.procedure) params.set("thu-tuc", filters.procedure);
    if (filters.from) params.set("tu-ngay", filters.from);
    if (filters.to) params.set("den-ngay", filters.to);
    if (filters.code) params.set("ma", filters.code);
    if (n > 1) params.set("trang", String(n));
    const query = params.toString();
    return query ? `?${query}` : ".";
  };
  return (
    <>
      <h1>{t("list.title")}</h1>
      <p className="lead">{t("list.lead")}</p>
      <p>
        <Link to="/ho-so-nhap">{tw("myDrafts")}</Link>
      </p>
      <Form method="get" className="card filter-form" aria-label={t("list.filters.legend")}>
        <div>
          <label htmlFor="nhom">{t("list.filters.group")}</label>
          <select id="nhom" name="nhom" defaultValue={filters.group ?? ""}>
            <option value="">{t("list.filters.groupAll")}</option>
            {STATUS_GROUP_KEYS.map((g) => (
              <option key={g} value={g}>
                {t(`list.filters.groups.${g}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="thu-tuc">{t("list.filters.procedure")}</label>
          <select id="thu-tuc" name="thu-tuc" defaultValue={filters.procedure ?? ""}>
            <option value="">{t("list.filters.procedureAll")}</option>
            {procedures.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ma">{t("list.filters.code")}</label>
          <input id="ma" name="ma" type="text" defaultValue={filters.code} aria-describedby="ma-hint" autoComplete="off" />
          <p id="ma-hint" className="hint">
            {t("list.filters.codeHint")}
          </p>
        </div>
        <div>
          <label htmlFor="tu-ngay">{t("list.filters.from")}</label>
          <input id="tu-ngay" name="tu-ngay" type="date" defaultValue={filters.from ?? ""} />
        </div>
        <div>
          <label htmlFor="den-ngay">{t("list.filters.to")}</label>
          <input id="den-ngay" name="den-ngay" type="date" defaultValue={filters.to ?? ""} />
        </div>
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t("list.filters.submit")}
          </button>
          {filtered ? <Link to=".">{t("list.clearFilters")}</Link> : null}
        </div>
      </Form>

      <p role="status" data-testid="dossier-count">
        {t("list.count", { count: total })}
      </p>
      {rows.length === 0 ? (
        <p>
          {filtered ? t("list.emptyFiltered") : t("list.empty")} <Link to="/thu-tuc">{t("list.findProcedure")}</Link>.
        </p>
      ) : (
        <DossierCards rows={rows} />
      )}
      {pages > 1 ? <Pages page={page} pages={pages} link={pageLink} /> : null}
    </>
  );
}

function Pages({ page, pages, link }: { page: number; pages: number; link: (n: number) => string }) {
  const { t } = useTranslation();
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      <ul>
        {page > 1 ? (
          <li>
            <Link to={link(page - 1)}>{t("pagination.previous")}</Link>
          </li>
        ) : null}
        {Array.from({ length: pages }, (_, i) => i + 1)
          .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
          .map((n) => (
            <li key={n}>
              <Link to={link(n)} aria-current={n === page ? "page" : undefined} aria-label={t("pagination.page", { page: n, pages })}>
                {n}
              </Link>
            </li>
          ))}
        {page < pages ? (
          <li>
            <Link to={link(page + 1)}>{t("pagination.next")}</Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
