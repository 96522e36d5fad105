import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Page links that keep every other GET parameter (works without JavaScript). */
export function Pager({ search, param, page, pageCount, label }: { search: string; param: string; page: number; pageCount: number; label: string }) {
  const { t } = useTranslation("common");
  if (pageCount <= 1) return null;
  const href = (n: number) => {
    const params = new URLSearchParams(search);
    if (n === 1) params.delete(param);
    else params.set(param, String(n));
    const query = params.toString();
    return query ? `?${query}` : "?";
  };
  const pages = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  return (
    <nav aria-label={label} className="pagination">
      <ul>
        {page > 1 ? (
          <li>
            <Link to={href(page - 1)} preventScrollReset>
              ‹ {t("pagination.previous")}
            </Link>
          </li>
        ) : null}
        {pages.map((n) => (
          <li key={n}>
            <Link to={href(n)} aria-current={n === page ? "page" : undefined} aria-label={t("pagination.page", { page: n, pages: pageCount })} preventScrollReset>
              {n}
            </Link>
          </li>
        ))}
        {page < pageCount ? (
          <li>
            <Link to={href(page + 1)} preventScrollReset>
              {t("pagination.next")} ›
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
