/**
 * One ReportTable as the page shows it: its heading, its rows (each figure a link to the dossiers
 * behind it when the table says where), and its downloads in CSV and XLSX with the same rows.
 */
import { useTranslation } from "react-i18next";
import type { ReportTable } from "../../services/reports/report-tables.server";
import { useNumberFormat } from "./format";

export function exportHref(search: string, key: string, format: "csv" | "xlsx", path: string) {
  return `${path}?${search}${search ? "&" : ""}xuat=${format}&bang=${encodeURIComponent(key)}`;
}

export function ExportLinks({ search, table, path }: { search: string; table: Pick<ReportTable, "key" | "title">; path: string }) {
  const { t } = useTranslation("monitoring");
  return (
    <p className="export-links">
      {t("download")}{" "}
      <a href={exportHref(search, table.key, "csv", path)} download aria-label={t("downloadOf", { format: "CSV", table: table.title })}>
        {t("downloadCsv")}
      </a>
      {" · "}
      <a href={exportHref(search, table.key, "xlsx", path)} download aria-label={t("downloadOf", { format: "XLSX", table: table.title })}>
        {t("downloadXlsx")}
      </a>
    </p>
  );
}

export function ReportTableGrid({ table, labelledBy }: { table: ReportTable; labelledBy: string }) {
  const { t } = useTranslation("monitoring");
  const { number, percent } = useNumberFormat();
  if (table.rows.length === 0) return <p>{t("noRows")}</p>;
  return (
    <div className="table-wrap" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="report-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.label} scope="col" className={c.numeric ? "num" : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) => {
                const column = table.columns[i];
                const text = cell === null ? "—" : column.percent ? percent(Number(cell)) : typeof cell === "number" ? number(cell) : cell;
                const href = table.links?.[r]?.[i] ?? null;
                const content = href ? <a href={href}>{text}</a> : text;
                return i === 0 ? (
                  <th key={i} scope="row">
                    {content}
                  </th>
                ) : (
                  <td key={i} className={column.numeric ? "num" : undefined}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A section: heading, table and downloads. */
export function ReportTableSection({ table, search, path }: { table: ReportTable; search: string; path: string }) {
  const headingId = `bang-${table.key}`;
  return (
    <section className="card report-section">
      <h2 id={headingId}>{table.title}</h2>
      <ReportTableGrid table={table} labelledBy={headingId} />
      <ExportLinks search={search} table={table} path={path} />
    </section>
  );
}
