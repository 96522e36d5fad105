/**
 * A ReportTable (app/services/reports/report-tables.server.ts) as the indicator and statistics pages
 * show it: a caption, its CSV and Excel downloads (the same rows), numbers in the page's language,
 * links where the table names one. Wide tables scroll sideways inside a focusable region on a phone.
 */
import { Link } from "@remix-run/react";
import type { ReportTable } from "../../services/reports/report-tables.server";

export type FigureFormat = {
  locale: string;
  /** What an empty cell of column i says ("Chưa có hồ sơ" for a rate, nothing for a count). */
  emptyText(columnIndex: number): string;
};

export function formatNumber(value: number, locale: string): string {
  return value.toLocaleString(locale);
}

export function formatPercent(value: number, locale: string): string {
  return `${value.toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

export function ExportLinks({ path, tableKey, title, query, csvLabel, xlsxLabel, ofLabel }: {
  /** The resource route that answers the downloads. */
  path: string;
  tableKey: string;
  title: string;
  query: string;
  csvLabel: string;
  xlsxLabel: string;
  /** "{format}: {table}", the accessible name of each link. */
  ofLabel: (format: string, table: string) => string;
}) {
  const href = (format: "csv" | "xlsx") => `${path}?${query}${query ? "&" : ""}xuat=${format}&bang=${tableKey}`;
  return (
    <p className="export-links">
      <a href={href("csv")} aria-label={ofLabel(csvLabel, title)} download>
        {csvLabel}
      </a>
      <a href={href("xlsx")} aria-label={ofLabel(xlsxLabel, title)} download>
        {xlsxLabel}
      </a>
    </p>
  );
}

export function FigureTable({
  table,
  format,
  regionLabel,
  firstColumnLang,
  testId,
  wide = false,
  formatCell,
}: {
  /** A cell's own text when the column's kind is not enough (a summary mixing counts and rates); null: the default. */
  formatCell?: (value: number, rowIndex: number, columnIndex: number) => string | null;
  table: ReportTable;
  /** Many columns: keep them readable and scroll sideways on a phone. */
  wide?: boolean;
  format: FigureFormat;
  regionLabel: string;
  /** The language of the first column when it is not the page's (agency names are Vietnamese). */
  firstColumnLang?: string;
  testId?: string;
}) {
  const text = (value: ReportTable["rows"][number][number], i: number, r: number) => {
    const column = table.columns[i];
    if (value === null || value === undefined) return format.emptyText(i);
    const own = typeof value === "number" && formatCell ? formatCell(value, r, i) : null;
    if (own !== null) return own;
    if (typeof value === "number" && column?.percent) return formatPercent(value, format.locale);
    if (typeof value === "number") return formatNumber(value, format.locale);
    return value;
  };
  return (
    <div className={wide ? "table-wrap figure-table wide" : "table-wrap figure-table"} role="region" aria-label={regionLabel} tabIndex={0}>
      <table data-testid={testId}>
        <caption className="visually-hidden">{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col" className={c.numeric ? "amount" : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, i) => {
                const href = table.links?.[r]?.[i] ?? null;
                const content = href ? <Link to={href}>{text(value, i, r)}</Link> : text(value, i, r);
                const numeric = table.columns[i]?.numeric;
                const empty = value === null;
                if (i === 0) {
                  return (
                    <th key={i} scope="row" lang={firstColumnLang}>
                      {content}
                    </th>
                  );
                }
                return (
                  <td key={i} className={[numeric ? "amount" : "", empty ? "no-data" : ""].filter(Boolean).join(" ") || undefined}>
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
