/**
 * Inputs shared by the one-stop forms (Circular 01/2018/TT-VPCP, now Circular 03/2025/TT-VPCP)
 * and the pieces of text they repeat.
 */
import { formatDateTime } from './format.js';
import { FormWriter, RENDER_ENGINE, verificationFor, type FormBase, type RenderedForm, type SignatureBlock } from './layout.js';

export interface Applicant {
  /** Cá nhân, tổ chức — the person's or organisation's name. */
  name: string;
  /** Số định danh cá nhân / CCCD, or tax code for an organisation. */
  idNumber?: string;
  address?: string;
  phone?: string;
  email?: string;
}

export interface Procedure {
  /** National catalog code, e.g. "1.001193". */
  code?: string;
  name: string;
}

export interface Official {
  name: string;
  /** Chức vụ, e.g. "Phó Giám đốc". */
  title?: string;
  /** Thẩm quyền ký, e.g. ["KT. GIÁM ĐỐC"]. */
  authority?: string[];
}

/** Fields every one-stop form carries about its dossier. */
export interface DossierFormBase extends FormBase {
  dossierCode: string;
  applicant: Applicant;
  procedure: Procedure;
}

export const RETURN_CHANNELS = {
  desk: 'Tại Bộ phận Tiếp nhận và Trả kết quả',
  post: 'Qua dịch vụ bưu chính công ích',
  online: 'Trực tuyến, trên Cổng Dịch vụ công',
} as const;
export type ReturnChannel = keyof typeof RETURN_CHANNELS;

export async function openForm(
  input: FormBase & { dossierCode?: string },
  meta: { title: string; landscape?: boolean },
): Promise<FormWriter> {
  return FormWriter.create({
    watermark: input.watermark,
    title: meta.title,
    author: input.header.agency,
    subject: input.dossierCode ? `Mã hồ sơ ${input.dossierCode}` : undefined,
    createdAt: input.header.date,
    landscape: meta.landscape,
    verification: input.dossierCode ? verificationFor(input.verificationUrl, input.dossierCode) : undefined,
    engine: input[RENDER_ENGINE],
  });
}

export function procedureLabel(p: Procedure): string {
  return p.code ? `${p.name} (mã ${p.code})` : p.name;
}

export function applicantFields(w: FormWriter, a: Applicant, label = 'Tiếp nhận hồ sơ của'): void {
  w.field(label, a.name);
  if (a.idNumber) w.field('Số định danh cá nhân/CCCD/Mã số', a.idNumber);
  w.field('Địa chỉ', a.address);
  w.fieldRow([
    ['Số điện thoại', a.phone],
    ['Email', a.email],
  ]);
}

/** The officer's block on the right; the applicant's on the left when they sign too. */
export function officerBlock(title: string, o: Official, area = 'signer'): SignatureBlock {
  return { authority: o.authority, title: o.title && o.authority ? o.title : title, note: o.authority ? undefined : '(Ký và ghi rõ họ tên)', name: o.name, area };
}

export function dossierIntro(w: FormWriter, input: DossierFormBase, receivingUnit: string, receivedAt?: Date): void {
  w.field('Cơ quan, đơn vị tiếp nhận', receivingUnit);
  if (receivedAt) w.field('Thời gian tiếp nhận', formatDateTime(receivedAt));
  applicantFields(w, input.applicant, 'Hồ sơ của');
  w.field('Nội dung yêu cầu giải quyết', procedureLabel(input.procedure));
}

export type Render<T> = (input: T) => Promise<RenderedForm>;
