/**
 * Every table the monitoring pages show is also a download (issue 12): a page model builds its tables
 * as `ReportTable`s; the page renders them and its download route (a resource route beside it, e.g.
 * /giam-sat/tai: a page loader's Response would be read as page data by Remix's client navigation)
 * answers `?xuat=csv|xlsx&bang=<key>` with the same rows from the same model. One shape, so that no
 * table can be shown without its export, nor exported differently from what is shown.
 */
import ExcelJS from "exceljs";
import { CSV_TYPE, XLSX_TYPE, csvField, exportResponse } from "../desk/register-export.server";

export type ReportCell = string | number | null;

export type ReportColumn = {
  label: string;
  /** Numbers are right-aligned on the page and stored as numbers in the spreadsheet. */
  numeric?: boolean;
  /** Percent values (0–100, one decimal) get a % format. */
  percent?: boolean;
  width?: number;
};

export type ReportTable = {
  /** Stable key: `?bang=<key>` asks for this table's export. Lower case, digits and dashes. */
  key: string;
  title: string;
  /** The period, scope and data age, printed above the rows in the spreadsheet. */
  subtitle: string[];
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** For each row and column, where the figure drills down to (a URL), or null; the page makes links. */
  links?: (string | null)[][];
};

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** UTF-8 with a byte-order mark (Excel reads Vietnamese), CRLF lines, formulas neutralised. */
export function reportTableCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => csvField(c.label)).join(",")];
  for (const row of table.rows) lines.push(row.map((v) => csvField(v)).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

export async function reportTableXlsx(table: ReportTable): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Một Cửa";
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const sheet = workbook.addWorksheet(table.title.replace(/[:\\/?*[\]]/g, " ").slice(0, 31), {
    views: [{ state: "frozen", ySplit: table.subtitle.length + 3 }],
  });
  sheet.columns = table.columns.map((c) => ({ width: c.width ?? (c.numeric ? 14 : 36) }));
  sheet.addRow([table.title]).font = { bold: true, size: 14 };
  for (const line of table.subtitle) sheet.addRow([line]);
  sheet.addRow([]);
  const header = sheet.addRow(table.columns.map((c) => c.label));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "top" };
  for (const values of table.rows) {
    const row = sheet.addRow(values.map((v, i) => (typeof v === "string" && table.columns[i]?.numeric ? Number(v) : v)));
    table.columns.forEach((c, i) => {
      if (c.percent) row.getCell(i + 1).numFmt = '0.0"%"';
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The download of one table; the file name says the table and the period. */
export async function reportTableResponse(table: ReportTable, format: ExportFormat, periodSlug: string): Promise<Response> {
  const name = `${table.key}-${periodSlug}`.replace(/[^A-Za-z0-9-]/g, "-");
  return format === "csv"
    ? exportResponse(reportTableCsv(table), `${name}.csv`, CSV_TYPE)
    : exportResponse(await reportTableXlsx(table), `${name}.xlsx`, XLSX_TYPE);
}

/**
 * Answers an export request when the URL asks for one (`xuat` and `bang`), else null. An unknown
 * table or format is a 400 with a Vietnamese message.
 */
export async function exportRequested(url: URL, tables: ReportTable[], periodSlug: string): Promise<Response | null> {
  const format = url.searchParams.get("xuat");
  if (format === null) return null;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new Response("Định dạng xuất không hợp lệ: chọn csv hoặc xlsx.", { status: 400 });
  }
  const key = url.searchParams.get("bang") ?? "";
  const table = tables.find((t) => t.key === key);
  if (!table) throw new Response("Không có bảng số liệu này để xuất.", { status: 400 });
  return reportTableResponse(table, format as ExportFormat, periodSlug);
}
