/**
 * Result documents (kết quả giải quyết TTHC) signed by the competent person: a generic
 * certificate for any result type, and three with their own fixed content — Giấy khai sinh,
 * Phiếu lý lịch tư pháp, Giấy chứng nhận đăng ký hộ kinh doanh.
 */
import { openForm, type Official } from './common.js';
import { capitalize, dateInWords, formatDate, formatMoney, longDate, numberToWords, vietnamTime } from './format.js';
import type { FormBase, RenderedForm, FormWriter } from './layout.js';

/** A line of a certificate body: a label/value field, a row of short fields, a heading or a paragraph. */
export type ResultLine =
  | { label: string; value: string | undefined }
  | { row: Array<[string, string | undefined]> }
  | { heading: string }
  | { paragraph: string };

export interface ResultSignature {
  signer: Official;
  /** Nơi nhận; omitted on certificates handed to the citizen. */
  recipients?: string[];
  /** Left-hand block, e.g. "Người lập phiếu" on a judicial record. */
  preparedBy?: Official & { caption: string };
}

/** Any result: a title, label/value lines and the signer. */
export interface ResultCertificateInput extends FormBase, ResultSignature {
  /** Mã hồ sơ the result answers; drives the QR code. */
  dossierCode: string;
  title: string;
  subtitle?: string;
  /** Căn cứ lines, printed in italic before the body. */
  legalBasis?: string[];
  lines: ResultLine[];
  /** Paragraphs after the fields (validity, obligations…). */
  closing?: string[];
}

function body(w: FormWriter, lines: ResultLine[]): void {
  for (const line of lines) {
    if ('label' in line) w.field(line.label, line.value);
    else if ('row' in line) w.fieldRow(line.row);
    else if ('heading' in line) w.heading(line.heading);
    else w.paragraph(line.paragraph);
  }
}

function signatureSection(w: FormWriter, s: ResultSignature): void {
  const right = {
    authority: s.signer.authority,
    title: s.signer.title ?? '',
    name: s.signer.name,
    area: 'signer',
  };
  if (s.preparedBy) {
    w.signatures({ left: { title: s.preparedBy.caption, note: '(Ký, ghi rõ họ tên)', name: s.preparedBy.name, area: 'preparer' }, right });
  } else {
    w.signatures({ right, recipients: s.recipients });
  }
}

export async function renderResultCertificate(input: ResultCertificateInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: input.subtitle ? `${input.title} — ${input.subtitle}` : input.title });
  w.header(input.header);
  w.title(input.title, input.subtitle);
  for (const basis of input.legalBasis ?? []) w.paragraph(`Căn cứ ${basis};`, { style: 'italic' });
  body(w, input.lines);
  for (const p of input.closing ?? []) w.paragraph(p);
  signatureSection(w, input);
  return w.finish();
}

export interface PersonParticulars {
  name: string;
  birthDate?: Date;
  /** When only the year is known (parents). */
  birthYear?: number;
  ethnicity?: string;
  nationality?: string;
  residence?: string;
}

/** Giấy khai sinh (bản chính) — Circular 04/2020/TT-BTP layout, simplified. */
export interface BirthCertificateInput extends FormBase {
  dossierCode: string;
  /** Số and Quyển số of the civil-status book. */
  registerNumber: string;
  registerBook?: string;
  child: {
    name: string;
    birthDate: Date;
    sex: 'Nam' | 'Nữ';
    ethnicity: string;
    nationality: string;
    birthPlace: string;
    hometown?: string;
    personalId?: string;
  };
  mother?: PersonParticulars;
  father?: PersonParticulars;
  declarant: { name: string; idDocument?: string; relationship?: string };
  registrationPlace: string;
  registeredAt: Date;
  signer: Official;
}

function parent(label: string, p: PersonParticulars | undefined): ResultLine[] {
  const year = p?.birthYear ?? (p?.birthDate ? vietnamTime(p.birthDate).year : undefined);
  return [
    { label: `Họ, chữ đệm, tên người ${label}`, value: p?.name },
    { row: [['Năm sinh', year ? String(year) : undefined], ['Dân tộc', p?.ethnicity], ['Quốc tịch', p?.nationality]] },
    { label: 'Nơi cư trú', value: p?.residence },
  ];
}

export async function renderBirthCertificate(input: BirthCertificateInput): Promise<RenderedForm> {
  const c = input.child;
  return renderResultCertificate({
    ...input,
    header: { ...input.header, number: input.registerBook ? `${input.registerNumber}, Quyển số: ${input.registerBook}` : input.registerNumber },
    title: 'Giấy khai sinh',
    lines: [
      { label: 'Họ, chữ đệm, tên', value: c.name.toLocaleUpperCase('vi') },
      { label: 'Ngày, tháng, năm sinh', value: `${formatDate(c.birthDate)} (${dateInWords(c.birthDate)})` },
      { row: [['Giới tính', c.sex], ['Dân tộc', c.ethnicity], ['Quốc tịch', c.nationality]] },
      { label: 'Nơi sinh', value: c.birthPlace },
      { label: 'Quê quán', value: c.hometown },
      { label: 'Số định danh cá nhân', value: c.personalId },
      ...parent('mẹ', input.mother),
      ...parent('cha', input.father),
      {
        label: 'Họ, chữ đệm, tên người đi khai sinh',
        value: input.declarant.relationship ? `${input.declarant.name} (${input.declarant.relationship})` : input.declarant.name,
      },
      { label: 'Giấy tờ tùy thân', value: input.declarant.idDocument },
      { label: 'Nơi đăng ký khai sinh', value: input.registrationPlace },
      { label: 'Ngày, tháng, năm đăng ký', value: formatDate(input.registeredAt) },
    ],
    signer: { ...input.signer, title: input.signer.title ?? 'Người ký Giấy khai sinh' },
  });
}

export interface CriminalRecordEntry {
  /** Bản án số, ngày, tòa án. */
  judgment: string;
  offence: string;
  sentence: string;
  status?: string;
}

/** Phiếu lý lịch tư pháp số 1 or số 2. */
export interface JudicialRecordInput extends FormBase {
  dossierCode: string;
  kind: 1 | 2;
  person: PersonParticulars & {
    sex: 'Nam' | 'Nữ';
    birthDate: Date;
    birthPlace: string;
    idNumber: string;
    father?: string;
    mother?: string;
    spouse?: string;
  };
  /** Empty: "Không có án tích". */
  convictions: CriminalRecordEntry[];
  /** Only when the applicant asked for it (phiếu số 1). */
  managementBan?: { requested: boolean; text?: string };
  preparedBy: Official;
  signer: Official;
}

export async function renderJudicialRecord(input: JudicialRecordInput): Promise<RenderedForm> {
  const p = input.person;
  const lines: ResultLine[] = [
    { label: 'Họ và tên', value: p.name.toLocaleUpperCase('vi') },
    { row: [['Giới tính', p.sex], ['Ngày, tháng, năm sinh', formatDate(p.birthDate)]] },
    { label: 'Nơi sinh', value: p.birthPlace },
    { row: [['Quốc tịch', p.nationality ?? 'Việt Nam'], ['Dân tộc', p.ethnicity]] },
    { label: 'Nơi cư trú', value: p.residence },
    { label: 'Số định danh cá nhân/CCCD', value: p.idNumber },
  ];
  if (input.kind === 2 || p.father || p.mother) {
    lines.push({ label: 'Họ và tên cha', value: p.father }, { label: 'Họ và tên mẹ', value: p.mother });
    if (p.spouse) lines.push({ label: 'Họ và tên vợ/chồng', value: p.spouse });
  }
  lines.push({ heading: 'TÌNH TRẠNG ÁN TÍCH' });
  if (input.convictions.length === 0) lines.push({ paragraph: 'Không có án tích.' });
  for (const c of input.convictions) {
    lines.push({ paragraph: `${c.judgment}: tội ${c.offence}; hình phạt: ${c.sentence}${c.status ? `; ${c.status}` : ''}.` });
  }
  if (input.managementBan?.requested) {
    lines.push({ heading: 'THÔNG TIN VỀ VIỆC CẤM ĐẢM NHIỆM CHỨC VỤ, THÀNH LẬP, QUẢN LÝ DOANH NGHIỆP, HỢP TÁC XÃ' });
    lines.push({ paragraph: input.managementBan.text ?? 'Không bị cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã.' });
  }
  return renderResultCertificate({
    ...input,
    title: `Phiếu lý lịch tư pháp số ${input.kind}`,
    lines,
    preparedBy: { ...input.preparedBy, caption: 'Người lập phiếu' },
    signer: { ...input.signer, title: input.signer.title ?? 'Giám đốc' },
  });
}

/** Giấy chứng nhận đăng ký hộ kinh doanh. */
export interface HouseholdBusinessInput extends FormBase {
  dossierCode: string;
  /** Mã số hộ kinh doanh, printed as the number. */
  registrationNumber: string;
  firstRegisteredAt: Date;
  /** Đăng ký thay đổi lần thứ …, ngày … */
  amendment?: { count: number; at: Date };
  businessName: string;
  address: string;
  phone?: string;
  email?: string;
  /** Ngành, nghề kinh doanh. */
  activities: string[];
  /** Vốn kinh doanh, đồng. */
  capital: number;
  owner: {
    name: string;
    sex: 'Nam' | 'Nữ';
    birthDate: Date;
    ethnicity: string;
    nationality: string;
    idNumber: string;
    idIssuedAt?: Date;
    idIssuedBy?: string;
    permanentAddress: string;
    currentAddress?: string;
  };
  signer: Official;
}

export async function renderHouseholdBusinessCertificate(input: HouseholdBusinessInput): Promise<RenderedForm> {
  const o = input.owner;
  const registered = capitalize(`đăng ký lần đầu: ${longDate(input.firstRegisteredAt)}`);
  const amended = input.amendment
    ? `Đăng ký thay đổi lần thứ ${input.amendment.count}: ${longDate(input.amendment.at)}`
    : undefined;
  return renderResultCertificate({
    ...input,
    header: { ...input.header, number: undefined },
    title: 'Giấy chứng nhận đăng ký hộ kinh doanh',
    subtitle: `Số: ${input.registrationNumber}`,
    lines: [
      { paragraph: amended ? `${registered}. ${amended}.` : `${registered}.` },
      { heading: '1. Tên hộ kinh doanh' },
      { label: 'Tên hộ kinh doanh viết bằng tiếng Việt', value: input.businessName.toLocaleUpperCase('vi') },
      { heading: '2. Địa điểm kinh doanh' },
      { label: 'Địa chỉ', value: input.address },
      { row: [['Điện thoại', input.phone], ['Email', input.email]] },
      { heading: '3. Ngành, nghề kinh doanh' },
      ...input.activities.map((a) => ({ paragraph: `- ${a}` })),
      { heading: '4. Vốn kinh doanh' },
      { label: 'Tổng số', value: `${formatMoney(input.capital)} (${capitalize(numberToWords(input.capital))} đồng)` },
      { heading: '5. Thông tin về chủ hộ kinh doanh' },
      { label: 'Họ và tên', value: o.name.toLocaleUpperCase('vi') },
      { row: [['Giới tính', o.sex], ['Sinh ngày', formatDate(o.birthDate)]] },
      { row: [['Dân tộc', o.ethnicity], ['Quốc tịch', o.nationality]] },
      { label: 'Số định danh cá nhân/CCCD', value: o.idNumber },
      ...(o.idIssuedAt ? [{ row: [['Ngày cấp', formatDate(o.idIssuedAt)], ['Nơi cấp', o.idIssuedBy]] as Array<[string, string | undefined]> }] : []),
      { label: 'Địa chỉ thường trú', value: o.permanentAddress },
      { label: 'Chỗ ở hiện tại', value: o.currentAddress ?? o.permanentAddress },
    ],
    signer: { ...input.signer, title: input.signer.title ?? 'Trưởng phòng' },
  });
}
