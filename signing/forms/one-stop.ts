/**
 * The one-stop notices, Mẫu 01–05: receipt and appointment, supplement request, refusal, apology
 * with a new date, and stop notice.
 */
import {
  applicantFields,
  dossierIntro,
  officerBlock,
  openForm,
  procedureLabel,
  RETURN_CHANNELS,
  type DossierFormBase,
  type Official,
  type ReturnChannel,
} from './common.js';
import { capitalize, formatCount, formatDateTime, formatMoney, longDate, numberToWords } from './format.js';
import type { RenderedForm } from './layout.js';

export interface SubmittedDocument {
  name: string;
  /** Bản chính */
  originals: number;
  /** Bản sao */
  copies: number;
}

/** Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptInput extends DossierFormBase {
  /** Bộ phận Tiếp nhận và Trả kết quả, e.g. "Trung tâm Phục vụ hành chính công tỉnh Thái Bình". */
  receivingUnit: string;
  documents: SubmittedDocument[];
  /** Số lượng hồ sơ (bộ); 1 by default. */
  sets?: number;
  /** Thời gian giải quyết theo quy định, e.g. "05 ngày làm việc". */
  processingTime?: string;
  receivedAt: Date;
  appointmentAt: Date;
  returnChannel: ReturnChannel;
  /** Where a result goes by post. */
  returnAddress?: string;
  officer: Official;
  /** Sổ theo dõi hồ sơ: book and entry number. */
  register?: { book?: string; entry?: string };
}

export async function renderReceipt(input: ReceiptInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: `Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${input.dossierCode}` });
  w.header(input.header);
  w.title('Giấy tiếp nhận hồ sơ và hẹn trả kết quả', undefined, `Mã hồ sơ: ${input.dossierCode}`);
  w.field('Bộ phận tiếp nhận và trả kết quả', input.receivingUnit);
  applicantFields(w, input.applicant);
  w.field('Nội dung yêu cầu giải quyết', procedureLabel(input.procedure));
  w.heading('1. Thành phần hồ sơ nộp gồm:');
  w.table(
    [
      { header: 'TT', width: 1, align: 'center' },
      { header: 'Tên giấy tờ', width: 9 },
      { header: 'Bản chính', width: 2, align: 'center' },
      { header: 'Bản sao', width: 2, align: 'center' },
    ],
    input.documents.map((d, i) => [String(i + 1), d.name, d.originals ? formatCount(d.originals) : '', d.copies ? formatCount(d.copies) : '']),
  );
  w.field('2. Số lượng hồ sơ', `${formatCount(input.sets ?? 1)} (bộ)`);
  if (input.processingTime) w.field('3. Thời gian giải quyết hồ sơ theo quy định', input.processingTime);
  w.field('4. Thời gian nhận hồ sơ', formatDateTime(input.receivedAt));
  w.field('5. Thời gian trả kết quả giải quyết hồ sơ', formatDateTime(input.appointmentAt));
  const channel = RETURN_CHANNELS[input.returnChannel];
  w.field('6. Đăng ký nhận kết quả', input.returnAddress ? `${channel} (${input.returnAddress})` : channel);
  if (input.register) {
    w.text(`Vào Sổ theo dõi hồ sơ, Quyển số: ${input.register.book ?? '……'}, Số thứ tự: ${input.register.entry ?? '……'}`, { style: 'italic' });
  }
  w.signatures({
    left: { title: 'Người nộp hồ sơ', note: '(Ký và ghi rõ họ tên)', name: input.applicant.name, area: 'applicant' },
    right: officerBlock('Người tiếp nhận hồ sơ', input.officer),
  });
  return w.finish();
}

/** Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementRequestInput extends DossierFormBase {
  receivingUnit: string;
  receivedAt: Date;
  /** What must be supplied or corrected, one item each. */
  items: Array<{ document: string; reason: string }>;
  /** The officer's own words beyond the list (hướng dẫn thêm), printed after it. */
  remarks?: string;
  /** Hạn bổ sung — after it the dossier may be refused. */
  deadline?: Date;
  contact: { name: string; phone?: string };
  officer: Official;
}

export async function renderSupplementRequest(input: SupplementRequestInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: `Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ ${input.dossierCode}` });
  w.header(input.header);
  w.title('Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', undefined, `Mã hồ sơ: ${input.dossierCode}`);
  dossierIntro(w, input, input.receivingUnit, input.receivedAt);
  w.heading('Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:');
  w.list(input.items.map((it) => `${it.document}: ${it.reason}`), { marker: (i) => `${i + 1}. ` });
  if (input.remarks) w.paragraph(`Ý kiến của người hướng dẫn: ${input.remarks}`);
  if (input.deadline) {
    w.paragraph(`Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ trước ${formatDateTime(input.deadline)}. Quá thời hạn này, hồ sơ có thể bị từ chối tiếp nhận giải quyết.`);
  }
  w.paragraph(
    `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với ${input.contact.name}` +
      (input.contact.phone ? `, số điện thoại ${input.contact.phone}` : '') +
      ' để được hướng dẫn./.',
  );
  w.signatures({ right: officerBlock('Người hướng dẫn', input.officer) });
  return w.finish();
}

/** Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface RefusalInput extends DossierFormBase {
  receivingUnit: string;
  receivedAt: Date;
  reasons: string[];
  /** The documents found missing or not acceptable at reception, each with its reason (from the checklist). */
  missingDocuments?: Array<{ document: string; reason: string }>;
  officer: Official;
}

export async function renderRefusal(input: RefusalInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: `Phiếu từ chối tiếp nhận giải quyết hồ sơ ${input.dossierCode}` });
  w.header(input.header);
  w.title('Phiếu từ chối tiếp nhận giải quyết hồ sơ', undefined, `Mã hồ sơ: ${input.dossierCode}`);
  dossierIntro(w, input, input.receivingUnit, input.receivedAt);
  w.paragraph('Qua xem xét, cơ quan, đơn vị tiếp nhận hồ sơ thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:');
  if (input.missingDocuments?.length) {
    w.heading('Hồ sơ còn thiếu hoặc chưa hợp lệ các thành phần sau:');
    w.list(input.missingDocuments.map((m) => `${m.document}: ${m.reason}`), { marker: (i) => `${i + 1}. ` });
    if (input.reasons.length) w.heading('Lý do khác:');
  }
  w.list(input.reasons);
  w.paragraph('Xin thông báo cho Ông/Bà được biết và thực hiện./.');
  w.signatures({ right: officerBlock('Người tiếp nhận hồ sơ', input.officer) });
  return w.finish();
}

/** Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả. */
export interface ApologyInput extends DossierFormBase {
  /** Cơ quan giải quyết, named in the text ("Sở Tư pháp tỉnh Thái Bình"). */
  processingAgency: string;
  receivedAt: Date;
  originalAppointmentAt: Date;
  newAppointmentAt: Date;
  reason: string;
  signer: Official;
  recipients?: string[];
}

export async function renderApology(input: ApologyInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: `Phiếu xin lỗi và hẹn lại ngày trả kết quả ${input.dossierCode}` });
  w.header(input.header);
  w.title('Phiếu xin lỗi và hẹn lại ngày trả kết quả', undefined, `Mã hồ sơ: ${input.dossierCode}`);
  const received = capitalize(longDate(input.receivedAt));
  w.paragraph(
    `${received}, ${input.processingAgency} tiếp nhận giải quyết hồ sơ của Ông/Bà ${input.applicant.name}, ` +
      `mã hồ sơ ${input.dossierCode}, nội dung yêu cầu giải quyết: ${procedureLabel(input.procedure)}.`,
  );
  w.paragraph(`Thời gian hẹn trả kết quả giải quyết hồ sơ: ${formatDateTime(input.originalAppointmentAt)}.`);
  w.paragraph(
    `Tuy nhiên đến nay, ${input.processingAgency} chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Lý do: ${input.reason}`,
  );
  w.paragraph(
    `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${input.processingAgency} xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả vào ${formatDateTime(input.newAppointmentAt)}.`,
  );
  w.paragraph('Mong nhận được sự thông cảm của Ông/Bà vì sự chậm trễ này./.');
  w.signatures({
    right: { authority: input.signer.authority, title: input.signer.title ?? 'Thủ trưởng cơ quan', name: input.signer.name, area: 'signer' },
    recipients: input.recipients ?? [`Ông/Bà ${input.applicant.name}`, 'Bộ phận Tiếp nhận và Trả kết quả', 'Lưu: VT'],
  });
  return w.finish();
}

/** Mẫu 05 — Thông báo về việc dừng giải quyết hồ sơ. */
export interface StopNoticeInput extends DossierFormBase {
  processingAgency: string;
  receivedAt: Date;
  reason: string;
  /** Căn cứ — the rule that allows the stop. */
  legalBasis?: string;
  signer: Official;
  recipients?: string[];
}

export async function renderStopNotice(input: StopNoticeInput): Promise<RenderedForm> {
  const w = await openForm(input, { title: `Thông báo dừng giải quyết hồ sơ ${input.dossierCode}` });
  w.header(input.header);
  w.title('Thông báo', 'Về việc dừng giải quyết hồ sơ', `Mã hồ sơ: ${input.dossierCode}`);
  if (input.legalBasis) w.paragraph(`Căn cứ ${input.legalBasis};`, { style: 'italic' });
  w.paragraph(
    `${input.processingAgency} đã tiếp nhận hồ sơ của Ông/Bà ${input.applicant.name} vào ${formatDateTime(input.receivedAt)}, ` +
      `nội dung yêu cầu giải quyết: ${procedureLabel(input.procedure)}.`,
  );
  w.paragraph(`${input.processingAgency} thông báo dừng giải quyết hồ sơ nêu trên. Lý do: ${input.reason}`);
  w.paragraph('Hồ sơ và lệ phí đã nộp (nếu có) được xử lý theo quy định. Xin thông báo để Ông/Bà được biết./.');
  w.signatures({
    right: { authority: input.signer.authority, title: input.signer.title ?? 'Thủ trưởng cơ quan', name: input.signer.name, area: 'signer' },
    recipients: input.recipients ?? [`Ông/Bà ${input.applicant.name}`, 'Bộ phận Tiếp nhận và Trả kết quả', 'Lưu: VT'],
  });
  return w.finish();
}

/** One fee collected (khoản thu), in đồng. */
export interface FeeLine {
  name: string;
  amount: number;
}

/**
 * Biên lai điện tử — the electronic receipt of a fee paid online through the national payment
 * platform, issued by the collecting agency and signed with its seal.
 */
export interface FeeReceiptInput extends DossierFormBase {
  /** Số biên lai, e.g. "12/BLĐT". */
  receiptNumber: string;
  /** Đơn vị thu phí, lệ phí. */
  collectingAgency: string;
  lines: FeeLine[];
  paidAt: Date;
  /** Hình thức thanh toán. */
  method: string;
  /** The payment platform's transaction id (mã giao dịch) and reference (mã tham chiếu). */
  transactionId: string;
  reference?: string;
  /** Our order id (mã đơn hàng) as sent to the platform. */
  orderId: string;
  signer: Official;
}

export async function renderFeeReceipt(input: FeeReceiptInput): Promise<RenderedForm> {
  const total = input.lines.reduce((sum, l) => sum + l.amount, 0);
  const w = await openForm(input, { title: `Biên lai thu phí, lệ phí ${input.dossierCode}` });
  w.header({ ...input.header, number: input.receiptNumber });
  w.title('Biên lai thu phí, lệ phí', '(Biên lai điện tử)', `Mã hồ sơ: ${input.dossierCode}`);
  w.field('Đơn vị thu', input.collectingAgency);
  applicantFields(w, input.applicant, 'Người nộp');
  w.field('Nội dung thu', procedureLabel(input.procedure));
  w.table(
    [
      { header: 'TT', width: 1, align: 'center' },
      { header: 'Khoản thu', width: 9 },
      { header: 'Số tiền', width: 4, align: 'right' },
    ],
    [...input.lines.map((l, i) => [String(i + 1), l.name, formatMoney(l.amount)]), ['', 'Tổng cộng', formatMoney(total)]],
  );
  w.field('Số tiền bằng chữ', `${capitalize(numberToWords(total))} đồng`);
  w.field('Hình thức thanh toán', input.method);
  w.field('Thời gian thanh toán', formatDateTime(input.paidAt));
  w.field('Mã giao dịch', input.transactionId);
  if (input.reference) w.field('Mã tham chiếu', input.reference);
  w.field('Mã đơn hàng', input.orderId);
  w.signatures({ right: { title: 'Đơn vị thu', note: '(Ký số)', name: input.signer.name, area: 'signer' } });
  return w.finish();
}
