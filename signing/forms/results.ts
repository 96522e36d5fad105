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

/** Phiếu lý lịch tư pháp số 1 or số 2 (Circular 06/2013/TT-BTP, mẫu số 06/2013 and 07/2013). */
export interface JudicialRecordInput extends FormBase {
  dossierCode: string;
  kind: 1 | 2;
  person: PersonParticulars & {
    sex: 'Nam' | 'Nữ';
    birthDate: Date;
    birthPlace: string;
    idNumber: string;
    idIssuedAt?: Date;
    idIssuedBy?: string;
    father?: string;
    mother?: string;
    spouse?: string;
  };
  /** Who asked for the record and when (the "Xét đề nghị" line); the person herself by default. */
  request?: { by?: string; at?: Date };
  /** Căn cứ lines; the Law on judicial records and its decree by default. */
  legalBasis?: string[];
  /** Empty: "Không có án tích". */
  convictions: CriminalRecordEntry[];
  /** Only when the applicant asked for it (phiếu số 1). */
  managementBan?: { requested: boolean; text?: string };
  preparedBy: Official;
  signer: Official;
}

const JUDICIAL_RECORD_BASIS = [
  'Luật Lý lịch tư pháp ngày 17 tháng 6 năm 2009',
  'Nghị định số 111/2010/NĐ-CP ngày 23 tháng 11 năm 2010 của Chính phủ quy định chi tiết và hướng dẫn thi hành một số điều của Luật Lý lịch tư pháp',
];

export async function renderJudicialRecord(input: JudicialRecordInput): Promise<RenderedForm> {
  const p = input.person;
  const w = await openForm(input, { title: `Phiếu lý lịch tư pháp số ${input.kind}` });
  w.header(input.header);
  w.title(`Phiếu lý lịch tư pháp số ${input.kind}`);
  for (const basis of input.legalBasis ?? JUDICIAL_RECORD_BASIS) w.paragraph(`Căn cứ ${basis};`, { style: 'italic' });
  const requestedAt = input.request?.at ? ` (Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp ${longDate(input.request.at)})` : '';
  w.paragraph(`Xét đề nghị của ${input.request?.by ?? `ông/bà ${p.name}`}${requestedAt},`, { style: 'italic' });
  w.text('XÁC NHẬN:', { style: 'bold', align: 'center' });
  w.gap(4);
  let n = 0;
  const item = (label: string, value: string | undefined) => w.field(`${++n}. ${label}`, value);
  item('Họ và tên', p.name.toLocaleUpperCase('vi'));
  w.fieldRow([[`${++n}. Giới tính`, p.sex], [`${++n}. Ngày, tháng, năm sinh`, formatDate(p.birthDate)]]);
  item('Nơi sinh', p.birthPlace);
  w.fieldRow([[`${++n}. Quốc tịch`, p.nationality ?? 'Việt Nam'], ['Dân tộc', p.ethnicity]]);
  item('Nơi cư trú', p.residence);
  item('Số định danh cá nhân/Căn cước', p.idNumber);
  if (p.idIssuedAt || p.idIssuedBy) w.fieldRow([['Ngày cấp', p.idIssuedAt ? formatDate(p.idIssuedAt) : undefined], ['Nơi cấp', p.idIssuedBy]]);
  if (input.kind === 2 || p.father || p.mother) {
    item('Họ và tên cha', p.father);
    item('Họ và tên mẹ', p.mother);
    if (p.spouse || input.kind === 2) item('Họ và tên vợ/chồng', p.spouse);
  }
  w.field(`${++n}. Tình trạng án tích`, input.convictions.length === 0 ? 'Không có án tích' : 'Có án tích');
  input.convictions.forEach((c, i) => {
    w.list([`${c.judgment}: tội ${c.offence}; hình phạt: ${c.sentence}${c.status ? `; ${c.status}` : ''}.`], { marker: () => `${i + 1}) ` });
  });
  if (input.managementBan?.requested) {
    w.field(
      `${++n}. Thông tin về việc cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã`,
      input.managementBan.text ?? 'Không bị cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã',
    );
  }
  signatureSection(w, { preparedBy: { ...input.preparedBy, caption: 'Người lập phiếu' }, signer: { ...input.signer, title: input.signer.title ?? 'Giám đốc' } });
  return w.finish();
}

/** Giấy chứng nhận đăng ký hộ kinh doanh (Circular 01/2021/TT-BKHĐT, Appendix III-5). */
export interface HouseholdBusinessInput extends FormBase {
  dossierCode: string;
  /** Mã số hộ kinh doanh. */
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
    /** Missing on a draft not yet completed: printed as dots. */
    sex?: 'Nam' | 'Nữ';
    birthDate?: Date;
    ethnicity: string;
    nationality: string;
    /** Loại giấy tờ pháp lý của cá nhân; "Thẻ Căn cước" by default. */
    idKind?: string;
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
  const w = await openForm(input, { title: 'Giấy chứng nhận đăng ký hộ kinh doanh' });
  w.header(input.header);
  w.title('Giấy chứng nhận đăng ký hộ kinh doanh');
  w.text(`Mã số hộ kinh doanh: ${input.registrationNumber}`, { style: 'bold', align: 'center' });
  w.text(`Đăng ký lần đầu: ${longDate(input.firstRegisteredAt)}`, { style: 'italic', align: 'center' });
  if (input.amendment) {
    w.text(`Đăng ký thay đổi lần thứ ${input.amendment.count}: ${longDate(input.amendment.at)}`, { style: 'italic', align: 'center' });
  }
  w.gap(6);
  // Many fields: a point smaller than the default keeps the certificate on one page, as issued.
  const SIZE = 12.5;
  const f = (label: string, value: string | undefined) => w.field(label, value, { size: SIZE });
  const row = (fields: Array<[string, string | undefined]>) => w.fieldRow(fields, { size: SIZE });
  f('1. Tên hộ kinh doanh (ghi bằng chữ in hoa)', input.businessName.toLocaleUpperCase('vi'));
  f('2. Địa chỉ trụ sở hộ kinh doanh', input.address);
  row([['Điện thoại', input.phone], ['Email', input.email]]);
  w.text('3. Ngành, nghề kinh doanh:', { size: SIZE });
  w.gap(2);
  w.list(input.activities, { size: SIZE });
  f('4. Vốn kinh doanh', formatMoney(input.capital));
  f('Bằng chữ', `${capitalize(numberToWords(input.capital))} đồng`);
  w.text('5. Thông tin về chủ hộ kinh doanh:', { size: SIZE });
  w.gap(2);
  row([['Họ và tên (ghi bằng chữ in hoa)', o.name.toLocaleUpperCase('vi')], ['Giới tính', o.sex]]);
  row([['Sinh ngày', o.birthDate ? formatDate(o.birthDate) : undefined], ['Dân tộc', o.ethnicity], ['Quốc tịch', o.nationality]]);
  f('Loại giấy tờ pháp lý của cá nhân', o.idKind ?? 'Thẻ Căn cước');
  f('Số giấy tờ pháp lý của cá nhân', o.idNumber);
  if (o.idIssuedAt || o.idIssuedBy) row([['Ngày cấp', o.idIssuedAt ? formatDate(o.idIssuedAt) : undefined], ['Nơi cấp', o.idIssuedBy]]);
  f('Địa chỉ thường trú', o.permanentAddress);
  // Printed only when it differs: the space is the signature's, which must stay on the first page.
  if (o.currentAddress && o.currentAddress !== o.permanentAddress) f('Địa chỉ liên lạc', o.currentAddress);
  signatureSection(w, { signer: { ...input.signer, title: input.signer.title ?? 'Trưởng phòng' } });
  return w.finish();
}

/**
 * Quyết định (Decree 30/2020, Appendix III, mẫu 1.4 for an individual's decision): the issuing
 * authority, the legal bases, "QUYẾT ĐỊNH:" and the articles, the last naming who carries it out.
 */
export interface DecisionInput extends FormBase {
  dossierCode: string;
  /** Trích yếu: "Về việc …". */
  subject: string;
  /** Thẩm quyền ban hành, e.g. "Chủ tịch Ủy ban nhân dân huyện Đông Hưng". Printed upper case. */
  issuer: string;
  legalBasis: string[];
  /** "Theo đề nghị của …". */
  proposal?: string;
  /** Article texts without "Điều N.", in order. */
  articles: string[];
  recipients: string[];
  signer: Official;
}

export async function renderDecision(input: DecisionInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: `Quyết định ${input.subject}` });
  w.header(input.header);
  w.title('Quyết định', input.subject, undefined, { rule: true });
  w.text(input.issuer.toLocaleUpperCase('vi'), { size: 14, style: 'bold', align: 'center' });
  w.gap(8);
  for (const basis of input.legalBasis) w.paragraph(`Căn cứ ${basis.replace(/^Căn cứ\s+/i, '').replace(/[;.]$/, '')};`, { style: 'italic' });
  if (input.proposal) w.paragraph(`Theo đề nghị của ${input.proposal.replace(/^Theo đề nghị của\s+/i, '').replace(/[;.]$/, '')}.`, { style: 'italic' });
  w.gap(4);
  w.text('QUYẾT ĐỊNH:', { size: 14, style: 'bold', align: 'center' });
  w.gap(6);
  input.articles.forEach((text, i) => {
    const last = i === input.articles.length - 1;
    const body = last ? `${text.replace(/[./]+$/, '')}./.` : text;
    w.paragraph([{ text: `Điều ${i + 1}. `, style: 'bold' }, { text: body }]);
  });
  signatureSection(w, { signer: input.signer, recipients: input.recipients });
  return w.finish();
}
