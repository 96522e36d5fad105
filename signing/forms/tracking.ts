/**
 * Mẫu 06 (control sheet: every hand-over of one dossier) and Mẫu 07 (the register of all dossiers
 * received). Both are tables; the register is landscape because it has thirteen columns.
 */
import { openForm, procedureLabel, type DossierFormBase, type Official } from './common.js';
import { formatDateTimeShort, formatDate } from './format.js';
import type { FormBase, RenderedForm } from './layout.js';

export type StepOutcome = 'early' | 'on_time' | 'late';

const OUTCOME: Record<StepOutcome, string> = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };

export interface HandOver {
  /** Bên giao: unit and person, e.g. "Bộ phận Một cửa — Nguyễn Thị Hương". */
  from: string;
  /** Bên nhận. */
  to: string;
  at: Date;
  /** Hạn xử lý of the receiving step. */
  dueAt?: Date;
  /** Kết quả: empty while the step is open. */
  outcome?: StepOutcome;
  note?: string;
}

/** Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ControlSheetInput extends DossierFormBase {
  receivedAt: Date;
  appointmentAt: Date;
  /** Cơ quan (bộ phận) giải quyết hồ sơ. */
  processingAgency: string;
  /** Cơ quan phối hợp giải quyết hồ sơ. */
  coordinatingAgencies?: string[];
  handOvers: HandOver[];
  officer: Official;
}

export async function renderControlSheet(input: ControlSheetInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: `Phiếu kiểm soát quá trình giải quyết hồ sơ ${input.dossierCode}` });
  w.header(input.header);
  w.title('Phiếu kiểm soát quá trình giải quyết hồ sơ', undefined, `Mã hồ sơ: ${input.dossierCode}`);
  w.field('Kèm theo hồ sơ của', input.applicant.name);
  w.field('Nội dung yêu cầu giải quyết', procedureLabel(input.procedure));
  w.fieldRow([
    ['Ngày nhận', formatDateTimeShort(input.receivedAt)],
    ['Hẹn trả', formatDateTimeShort(input.appointmentAt)],
  ]);
  w.field('Cơ quan (bộ phận) giải quyết hồ sơ', input.processingAgency);
  if (input.coordinatingAgencies?.length) w.field('Cơ quan phối hợp giải quyết hồ sơ', input.coordinatingAgencies.join('; '));
  w.gap(4);
  w.table(
    [
      { header: 'TT', width: 0.8, align: 'center' },
      { header: 'Bên giao', width: 4 },
      { header: 'Bên nhận', width: 4 },
      { header: 'Thời gian giao, nhận', width: 2.8, align: 'center' },
      { header: 'Hạn xử lý', width: 2.8, align: 'center' },
      { header: 'Kết quả (trước hạn / đúng hạn / quá hạn)', width: 2.6, align: 'center' },
      { header: 'Ghi chú', width: 2.4 },
    ],
    input.handOvers.map((h, i) => [
      String(i + 1),
      h.from,
      h.to,
      formatDateTimeShort(h.at),
      h.dueAt ? formatDateTimeShort(h.dueAt) : '',
      h.outcome ? OUTCOME[h.outcome] : '',
      h.note ?? '',
    ]),
    { size: 10.5, headerSize: 10 },
  );
  w.signatures({ right: { title: 'Người lập phiếu', note: '(Ký và ghi rõ họ tên)', name: input.officer.name, area: 'signer' } });
  return w.finish();
}

export interface RegisterEntry {
  dossierCode: string;
  procedure: string;
  sets?: number;
  applicant: string;
  /** Địa chỉ, số điện thoại. */
  contact?: string;
  processingAgency: string;
  receivedAt: Date;
  /** Empty for a dossier never received (refused at reception, withdrawn, still waiting). */
  appointmentAt?: Date;
  transferredAt?: Date;
  resolvedAt?: Date;
  returnedAt?: Date;
  note?: string;
}

/** Mẫu 07 — Sổ theo dõi hồ sơ, for a period. */
export interface RegisterInput extends FormBase {
  /** e.g. "Tháng 11 năm 2026" or "Từ 01/11/2026 đến 30/11/2026". */
  period: string;
  entries: RegisterEntry[];
}

export async function renderRegister(input: RegisterInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: `Sổ theo dõi hồ sơ — ${input.period}`, landscape: true });
  w.header(input.header, { leftShare: 0.45 });
  w.title('Sổ theo dõi hồ sơ', input.period);
  const date = (d?: Date) => (d ? formatDate(d) : '');
  w.table(
    [
      { header: 'TT', width: 0.6, align: 'center' },
      { header: 'Mã hồ sơ', width: 2.4 },
      { header: 'Tên thủ tục hành chính', width: 2.6 },
      { header: 'Số lượng (bộ)', width: 1.2, align: 'center' },
      { header: 'Tên cá nhân, tổ chức', width: 2 },
      { header: 'Địa chỉ, số điện thoại', width: 2.4 },
      { header: 'Cơ quan chủ trì giải quyết', width: 1.9 },
      { header: 'Nhận hồ sơ', width: 1.75, align: 'center' },
      { header: 'Hẹn trả kết quả', width: 1.75, align: 'center' },
      { header: 'Chuyển hồ sơ đến cơ quan giải quyết', width: 1.75, align: 'center' },
      { header: 'Có kết quả giải quyết', width: 1.75, align: 'center' },
      { header: 'Trả kết quả', width: 1.75, align: 'center' },
      { header: 'Ghi chú', width: 1.3 },
    ],
    input.entries.map((e, i) => [
      String(i + 1),
      e.dossierCode,
      e.procedure,
      String(e.sets ?? 1),
      e.applicant,
      e.contact ?? '',
      e.processingAgency,
      date(e.receivedAt),
      date(e.appointmentAt),
      date(e.transferredAt),
      date(e.resolvedAt),
      date(e.returnedAt),
      e.note ?? '',
    ]),
    { size: 8.5, headerSize: 8.5 },
  );
  return w.finish();
}
