/**
 * The periodic report on the handling of administrative procedures (báo cáo định kỳ tình hình, kết
 * quả giải quyết thủ tục hành chính), monthly or quarterly, laid out as a Decree 30/2020/NĐ-CP
 * report (Appendix III, form 1.4 "Báo cáo"): issuing agency and national title, number and symbol
 * (…/BC-…), place and date, the title with its summary line, the body, "Nơi nhận" and the signature
 * block. Plain data in: the app computes the figures; this module only lays them out.
 */
import { openForm } from './common.js';
import { formatDate, formatDateTimeShort } from './format.js';
import type { FormBase, RenderedForm } from './layout.js';

/** The counts of the period's cohort (the app's measures), as the report prints them. */
export interface PeriodicReportCounts {
  /** Tổng số hồ sơ: every dossier of the period's cohort. */
  entered: number;
  received: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  inProgress: number;
  overdueOpen: number;
  withdrawn: number;
  refused: number;
  awaiting: number;
  stopped: number;
}

export interface PeriodicReportIndicator {
  /** Nhóm chỉ số of Decision 766, e.g. "Tiến độ giải quyết". */
  group: string;
  label: string;
  formula: string;
  numerator: number;
  denominator: number;
  /** One decimal; null when the denominator is zero. */
  percent: number | null;
}

export interface PeriodicReportAgencyRow {
  name: string;
  received: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  inProgress: number;
  overdueOpen: number;
}

export interface PeriodicReportLateProcedure {
  code: string;
  name: string;
  /** Returned late plus still open past due. */
  late: number;
  reasons: Array<{ reason: string; count: number }>;
}

export interface PeriodicReportInput extends FormBase {
  /** "tháng 11/2026" or "quý IV năm 2026": printed after "… giải quyết thủ tục hành chính". */
  periodTitle: string;
  periodStart: Date;
  periodEnd: Date;
  /** Whose figures: "tỉnh Thái Bình", "UBND huyện Đông Hưng và các cơ quan trực thuộc". */
  scopeName: string;
  /** The agency issuing the report, as the body names it ("Ủy ban nhân dân tỉnh Thái Bình"). */
  issuerName: string;
  /** When the figures were computed (the rollup's instant). */
  asOf: Date;
  counts: PeriodicReportCounts;
  indicators: PeriodicReportIndicator[];
  /** Average citizen rating out of 5, one decimal; null when nobody rated. */
  averageRating: number | null;
  byAgency: PeriodicReportAgencyRow[];
  topLate: PeriodicReportLateProcedure[];
  recipients: string[];
  /** The signature block: the Decree 30 authority lines and title; `name` may be empty for a seal alone. */
  signature: { authority: string[]; title: string; name?: string; note?: string };
}

/** 1.234: counts as Vietnamese documents print them. */
export function formatReportCount(n: number): string {
  return Math.round(n).toLocaleString('de-DE');
}

/** 95,2%; "—" when there is nothing to divide by. */
export function formatReportPercent(p: number | null): string {
  return p === null ? '—' : `${p.toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

const share = (part: number, whole: number) => (whole > 0 ? formatReportPercent(Math.round((part * 1000) / whole) / 10) : '—');

export async function renderPeriodicReport(input: PeriodicReportInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: `Báo cáo tình hình, kết quả giải quyết thủ tục hành chính ${input.periodTitle}` });
  w.header(input.header);
  w.title('Báo cáo', `Tình hình, kết quả giải quyết thủ tục hành chính ${input.periodTitle}`, undefined, { rule: true });

  const c = input.counts;
  w.paragraph(
    `Thực hiện chế độ báo cáo định kỳ về tình hình, kết quả giải quyết thủ tục hành chính, ${input.issuerName} báo cáo ` +
      `kết quả giải quyết thủ tục hành chính của ${input.scopeName} từ ngày ${formatDate(input.periodStart)} đến ngày ` +
      `${formatDate(input.periodEnd)}, theo số liệu của Hệ thống thông tin giải quyết thủ tục hành chính tính đến ` +
      `${formatDateTimeShort(input.asOf)}, như sau:`,
  );

  w.heading('I. TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
  w.heading('1. Tiếp nhận và giải quyết hồ sơ');
  w.paragraph(
    `Trong kỳ có ${formatReportCount(c.entered)} hồ sơ, trong đó đã tiếp nhận ${formatReportCount(c.received)} hồ sơ; đã giải quyết ` +
      `${formatReportCount(c.resolved)} hồ sơ (trước hạn ${formatReportCount(c.early)}, đúng hạn ${formatReportCount(c.onTime)}, trễ hạn ` +
      `${formatReportCount(c.late)}); đang giải quyết ${formatReportCount(c.inProgress)} hồ sơ, trong đó quá hạn ${formatReportCount(c.overdueOpen)}.`,
  );
  w.table(
    [
      { header: 'TT', width: 0.7, align: 'center' },
      { header: 'Chỉ tiêu', width: 6 },
      { header: 'Số hồ sơ', width: 1.6, align: 'right' },
      { header: 'Tỷ lệ', width: 1.6, align: 'right' },
    ],
    [
      ['1', 'Tổng số hồ sơ trong kỳ', formatReportCount(c.entered), ''],
      ['2', 'Đã tiếp nhận', formatReportCount(c.received), share(c.received, c.entered)],
      ['3', 'Đã giải quyết', formatReportCount(c.resolved), share(c.resolved, c.received)],
      ['3.1', 'Trong đó: trước hạn', formatReportCount(c.early), share(c.early, c.resolved)],
      ['3.2', 'Đúng hạn', formatReportCount(c.onTime), share(c.onTime, c.resolved)],
      ['3.3', 'Trễ hạn', formatReportCount(c.late), share(c.late, c.resolved)],
      ['4', 'Đang giải quyết', formatReportCount(c.inProgress), share(c.inProgress, c.received)],
      ['4.1', 'Trong đó: quá hạn', formatReportCount(c.overdueOpen), share(c.overdueOpen, c.inProgress)],
      ['5', 'Rút hồ sơ', formatReportCount(c.withdrawn), share(c.withdrawn, c.entered)],
      ['6', 'Từ chối tiếp nhận', formatReportCount(c.refused), share(c.refused, c.entered)],
      ['7', 'Chờ tiếp nhận', formatReportCount(c.awaiting), share(c.awaiting, c.entered)],
      ['8', 'Dừng xử lý', formatReportCount(c.stopped), share(c.stopped, c.received)],
    ],
    { size: 11.5 },
  );

  w.heading('2. Chỉ số phục vụ người dân, doanh nghiệp (Quyết định số 766/QĐ-TTg)');
  w.table(
    [
      { header: 'TT', width: 0.7, align: 'center' },
      { header: 'Nhóm, chỉ số và cách tính', width: 6.2 },
      { header: 'Tử số', width: 1.3, align: 'right' },
      { header: 'Mẫu số', width: 1.3, align: 'right' },
      { header: 'Tỷ lệ', width: 1.4, align: 'right' },
    ],
    input.indicators.map((ind, i) => [
      String(i + 1),
      `${ind.group}: ${ind.label}\n(${ind.formula})`,
      formatReportCount(ind.numerator),
      formatReportCount(ind.denominator),
      formatReportPercent(ind.percent),
    ]),
    { size: 10.5, headerSize: 11 },
  );
  w.paragraph(
    input.averageRating === null
      ? 'Trong kỳ chưa có đánh giá của người dân, doanh nghiệp về việc giải quyết hồ sơ.'
      : `Điểm đánh giá bình quân của người dân, doanh nghiệp: ${input.averageRating.toLocaleString('de-DE', { minimumFractionDigits: 1 })}/5.`,
  );

  w.heading('3. Kết quả theo cơ quan giải quyết');
  if (input.byAgency.length === 0) w.paragraph('Trong kỳ không có hồ sơ.');
  else {
    w.table(
      [
        { header: 'TT', width: 0.7, align: 'center' },
        { header: 'Cơ quan', width: 4.2 },
        { header: 'Tiếp nhận', width: 1.25, align: 'right' },
        { header: 'Đã giải quyết', width: 1.35, align: 'right' },
        { header: 'Trước hạn', width: 1.2, align: 'right' },
        { header: 'Đúng hạn', width: 1.2, align: 'right' },
        { header: 'Trễ hạn', width: 1.1, align: 'right' },
        { header: 'Đang giải quyết', width: 1.35, align: 'right' },
        { header: 'Quá hạn', width: 1.1, align: 'right' },
      ],
      input.byAgency.map((a, i) => [
        String(i + 1),
        a.name,
        formatReportCount(a.received),
        formatReportCount(a.resolved),
        formatReportCount(a.early),
        formatReportCount(a.onTime),
        formatReportCount(a.late),
        formatReportCount(a.inProgress),
        formatReportCount(a.overdueOpen),
      ]),
      { size: 10, headerSize: 9.5 },
    );
  }

  w.heading('4. Thủ tục hành chính có nhiều hồ sơ trễ hạn và lý do');
  if (input.topLate.length === 0) w.paragraph('Trong kỳ không có hồ sơ trễ hạn.');
  else {
    w.table(
      [
        { header: 'TT', width: 0.7, align: 'center' },
        { header: 'Thủ tục hành chính', width: 4.6 },
        { header: 'Số hồ sơ trễ hạn', width: 1.4, align: 'right' },
        { header: 'Lý do (theo phiếu xin lỗi và hẹn lại ngày trả kết quả)', width: 4.2 },
      ],
      input.topLate.map((p, i) => [
        String(i + 1),
        `${p.name} (mã ${p.code})`,
        formatReportCount(p.late),
        p.reasons.length === 0 ? 'Chưa có phiếu xin lỗi' : p.reasons.map((r) => `${r.reason} (${formatReportCount(r.count)})`).join('; '),
      ]),
      { size: 10.5, headerSize: 10 },
    );
  }

  w.heading('II. ĐÁNH GIÁ CHUNG');
  const onTime = input.indicators.find((i) => i.numerator === c.early + c.onTime && i.denominator === c.resolved);
  w.paragraph(
    `Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn trong kỳ đạt ${onTime ? formatReportPercent(onTime.percent) : share(c.early + c.onTime, c.resolved)}; ` +
      (c.late + c.overdueOpen > 0
        ? `còn ${formatReportCount(c.late + c.overdueOpen)} hồ sơ trễ hạn hoặc đang quá hạn, các cơ quan có hồ sơ trễ hạn cần rà soát nguyên nhân và thực hiện xin lỗi theo quy định.`
        : 'không có hồ sơ trễ hạn.'),
  );

  const s = input.signature;
  w.signatures({
    right: { authority: s.authority, title: s.title, note: s.note, name: s.name, area: 'organisation' },
    recipients: input.recipients,
  });
  return w.finish();
}
