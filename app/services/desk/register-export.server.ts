/**
 * The dossier register (Mẫu 07, sổ theo dõi hồ sơ) for any period and filter: the page's choices,
 * and the selection as a spreadsheet (XLSX, exceljs) or CSV. The signed PDF is made by
 * documents/tracking.server.ts from the same lines.
 */
import ExcelJS from "exceljs";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { agencies, procedures } from "../../../db/schema";
import { localDateOf } from "../../../workflows/calendar";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../../workflows/dossier-status";
import { CHANNEL_NAMES } from "../../desk-labels";
import { formatLocalDateTime } from "../../time";
import type { AppServices } from "../context.server";
import { registerLines, registerPeriodLabel, type RegisterFilter, type RegisterLine } from "../documents/tracking.server";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366 * 3;

const filterSchema = z
  .object({
    tu: z.string().regex(DAY, "Ngày bắt đầu phải có dạng ngày/tháng/năm."),
    den: z.string().regex(DAY, "Ngày kết thúc phải có dạng ngày/tháng/năm."),
    "thu-tuc": z.string().max(60).default(""),
    "trang-thai": z.union([z.literal(""), z.enum(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], { message: "Trạng thái không hợp lệ." })]).default(""),
    kenh: z.union([z.literal(""), z.enum(["1", "2", "3"], { message: "Kênh nộp không hợp lệ." })]).default(""),
  })
  .refine((f) => !Number.isNaN(Date.parse(f.tu)) && !Number.isNaN(Date.parse(f.den)), { message: "Ngày không hợp lệ.", path: ["tu"] })
  .refine((f) => f.tu <= f.den, { message: "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.", path: ["den"] })
  .refine((f) => (Date.parse(f.den) - Date.parse(f.tu)) / 86_400_000 <= MAX_DAYS, { message: "Mỗi lần xem tối đa 3 năm.", path: ["den"] });

export type RegisterQuery = { tu: string; den: string; "thu-tuc": string; "trang-thai": string; kenh: string };

/**
 * The filter a URL asks for; without dates, this month so far in the portal's zone. Errors come
 * back by field, with what was typed.
 */
export function readRegisterQuery(url: URL, now: Date, timeZone: string): { query: RegisterQuery; filter: RegisterFilter | null; errors: Record<string, string> } {
  const today = localDateOf(now, timeZone);
  const get = (k: string) => (url.searchParams.get(k) ?? "").trim();
  const query: RegisterQuery = {
    tu: get("tu") || `${today.slice(0, 8)}01`,
    den: get("den") || today,
    "thu-tuc": get("thu-tuc"),
    "trang-thai": get("trang-thai"),
    kenh: get("kenh"),
  };
  const parsed = filterSchema.safeParse(query);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { query, filter: null, errors };
  }
  const f = parsed.data;
  return {
    query,
    filter: { from: f.tu, to: f.den, procedureCode: f["thu-tuc"] || null, status: f["trang-thai"] ? Number(f["trang-thai"]) : null, channel: f.kenh ? Number(f.kenh) : null },
    errors: {},
  };
}

export async function registerChoices(services: AppServices, agencyId: number) {
  return {
    procedures: await services.database.db.select({ code: procedures.code, name: procedures.name }).from(procedures).where(eq(procedures.agencyId, agencyId)),
    statuses: Object.entries(DOSSIER_STATUS_NAMES).map(([code, name]) => ({ code, name })),
    channels: Object.entries(CHANNEL_NAMES).map(([code, name]) => ({ code, name })),
  };
}

const COLUMNS: Array<{ header: string; width: number; value: (l: RegisterLine, i: number) => string | number | Date | null }> = [
  { header: "TT", width: 5, value: (_l, i) => i + 1 },
  { header: "Mã hồ sơ", width: 26, value: (l) => l.dossierCode },
  { header: "Tên thủ tục hành chính", width: 36, value: (l) => l.procedure },
  { header: "Số lượng (bộ)", width: 8, value: () => 1 },
  { header: "Tên cá nhân, tổ chức", width: 24, value: (l) => l.applicant },
  { header: "Địa chỉ, số điện thoại", width: 36, value: (l) => l.contact ?? "" },
  { header: "Kênh nộp", width: 16, value: (l) => CHANNEL_NAMES[l.channel as 1 | 2 | 3] ?? String(l.channel) },
  { header: "Cơ quan chủ trì giải quyết", width: 24, value: (l) => l.processingAgency },
  { header: "Nhận hồ sơ", width: 17, value: (l) => l.receivedAt },
  { header: "Hẹn trả kết quả", width: 17, value: (l) => l.appointmentAt ?? null },
  { header: "Chuyển hồ sơ đến cơ quan giải quyết", width: 17, value: (l) => l.transferredAt ?? null },
  { header: "Có kết quả giải quyết", width: 17, value: (l) => l.resolvedAt ?? null },
  { header: "Trả kết quả", width: 17, value: (l) => l.returnedAt ?? null },
  { header: "Trạng thái", width: 22, value: (l) => DOSSIER_STATUS_NAMES[l.status as DossierStatusCode] },
];

async function agencyName(services: AppServices, agencyId: number) {
  const [agency] = await services.database.db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId));
  return agency?.name ?? "";
}

/**
 * The selection as an XLSX workbook: a title, the period, then one row per dossier; dates are real
 * date cells shown in Vietnam's local time (Excel has no zones, so the local wall time is written).
 */
export async function registerXlsx(services: AppServices, agencyId: number, filter: RegisterFilter): Promise<Uint8Array> {
  const lines = await registerLines(services, agencyId, filter);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Một Cửa Thái Bình";
  const sheet = workbook.addWorksheet("So theo doi ho so", { views: [{ state: "frozen", ySplit: 4 }] });
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  sheet.addRow([`SỔ THEO DÕI HỒ SƠ — ${await agencyName(services, agencyId)}`]).font = { bold: true, size: 14 };
  sheet.addRow([registerPeriodLabel(filter)]);
  sheet.addRow([]);
  const header = sheet.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "top" };
  const offsetMs = localOffsetMs(services.config.timeZone);
  lines.forEach((line, i) => {
    const row = sheet.addRow(
      COLUMNS.map((c) => {
        const v = c.value(line, i);
        return v instanceof Date ? new Date(v.getTime() + offsetMs(v)) : v;
      }),
    );
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = "dd/mm/yyyy hh:mm";
    });
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The zone's offset from UTC at an instant, so that a cell shows the local wall time. */
function localOffsetMs(timeZone: string) {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  return (at: Date) => {
    const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - Math.floor(at.getTime() / 1000) * 1000;
  };
}

/**
 * A CSV field: quoted, quotes doubled, and a leading = + - @ (or tab, carriage return) neutralised
 * with an apostrophe so that a spreadsheet never runs it as a formula (CSV injection).
 */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The selection as CSV: UTF-8 with a byte-order mark (so Excel reads Vietnamese), CRLF lines. */
export async function registerCsv(services: AppServices, agencyId: number, filter: RegisterFilter): Promise<string> {
  const lines = await registerLines(services, agencyId, filter);
  const cell = (v: string | number | Date | null) => csvField(v instanceof Date ? formatLocalDateTime(v) : v);
  const out = [COLUMNS.map((c) => csvField(c.header)).join(",")];
  lines.forEach((line, i) => out.push(COLUMNS.map((c) => cell(c.value(line, i))).join(",")));
  return `\uFEFF${out.join("\r\n")}\r\n`;
}

export function registerFileName(filter: RegisterFilter, ext: "pdf" | "xlsx" | "csv"): string {
  return `Mau07-${filter.from}-den-${filter.to}.${ext}`;
}

export { registerLines };

/** A spreadsheet or CSV as a private download (downloadResponse knows only the upload types). */
export function exportResponse(body: Uint8Array | string, fileName: string, mediaType: string): Response {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return new Response(new Blob([new Uint8Array(bytes)]), {
    headers: {
      "Content-Type": mediaType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_TYPE = "text/csv; charset=utf-8";
