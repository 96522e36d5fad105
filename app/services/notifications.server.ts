/**
 * The mails the portal sends applicants and officers, in Vietnamese and English (the applicant's
 * choice, Vietnamese by default), each as a text part and an HTML part rendered from one model so
 * the two never say different things. The texts are typed records: a template missing in one
 * language does not compile.
 */
import type { dossiers } from "../../db/schema";
import { formatShortLocalDateTime } from "../time";
import type { ApplicantTemplate, OfficerReminder } from "./jobs.server";
import type { OutgoingMail } from "./mail.server";

export type MailLanguage = "vi" | "en";
type Text = { subject: string; body: string };

const APPLICANT_TEXTS: Record<MailLanguage, Record<ApplicantTemplate, Text>> = {
  vi: {
    submitted: { subject: "Hồ sơ đã được nộp trực tuyến", body: "Hồ sơ của Ông/Bà đã được gửi tới Bộ phận Một cửa và đang chờ tiếp nhận." },
    received: {
      subject: "Hồ sơ đã được tiếp nhận",
      body: "Hồ sơ của Ông/Bà đã được tiếp nhận và chuyển xử lý. Giấy tiếp nhận hồ sơ và hẹn trả kết quả được gửi kèm thư này.",
    },
    refused: { subject: "Hồ sơ không được tiếp nhận", body: "Hồ sơ của Ông/Bà không được tiếp nhận. Phiếu từ chối tiếp nhận được gửi kèm thư này." },
    supplementRequested: {
      subject: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
      body: "Hồ sơ của Ông/Bà cần được bổ sung, hoàn thiện. Thời hạn giải quyết tạm dừng cho đến khi Ông/Bà bổ sung. Phiếu yêu cầu bổ sung được gửi kèm.",
    },
    feeRequested: { subject: "Đề nghị nộp phí, lệ phí", body: "Hồ sơ của Ông/Bà đang chờ nộp phí, lệ phí. Thời hạn giải quyết tạm dừng cho đến khi nộp xong." },
    paid: { subject: "Đã nộp phí, lệ phí", body: "Cơ quan giải quyết đã nhận khoản phí, lệ phí của Ông/Bà. Biên lai điện tử được gửi kèm thư này." },
    apology: {
      subject: "Thư xin lỗi và hẹn lại ngày trả kết quả",
      body: "Cơ quan giải quyết xin lỗi Ông/Bà vì hồ sơ chưa thể trả kết quả đúng hẹn và hẹn lại ngày trả kết quả. Phiếu xin lỗi được gửi kèm.",
    },
    stopped: { subject: "Thông báo dừng giải quyết hồ sơ", body: "Cơ quan giải quyết thông báo dừng giải quyết hồ sơ của Ông/Bà. Thông báo được gửi kèm thư này." },
    withdrawn: { subject: "Đã rút hồ sơ", body: "Hồ sơ của Ông/Bà đã được rút theo yêu cầu." },
    resultReady: { subject: "Hồ sơ đã có kết quả", body: "Hồ sơ của Ông/Bà đã có kết quả giải quyết, đã được ký số. Bản điện tử được gửi kèm thư này." },
    returned: { subject: "Đã trả kết quả giải quyết hồ sơ", body: "Kết quả giải quyết hồ sơ đã được trả cho Ông/Bà." },
    postalPickupRegistered: { subject: "Đã đăng ký thu gom hồ sơ qua bưu chính", body: "Nhân viên bưu chính sẽ liên hệ và đến địa chỉ của Ông/Bà để nhận hồ sơ giấy." },
    postalPickupCollected: { subject: "Bưu chính đã nhận hồ sơ", body: "Nhân viên bưu chính đã nhận hồ sơ giấy của Ông/Bà và đang chuyển đến cơ quan giải quyết." },
    postalPickupHandedOver: { subject: "Hồ sơ đã được chuyển đến cơ quan", body: "Bưu chính đã bàn giao hồ sơ của Ông/Bà cho Bộ phận Một cửa." },
    postalPickupCancelled: { subject: "Đã huỷ thu gom hồ sơ", body: "Yêu cầu thu gom hồ sơ qua bưu chính đã bị huỷ." },
    postalDeliveryInTransit: { subject: "Kết quả đang được chuyển phát", body: "Kết quả giải quyết hồ sơ đang được bưu chính chuyển đến địa chỉ của Ông/Bà." },
    postalDeliveryFailed: { subject: "Chưa phát được kết quả", body: "Bưu chính chưa phát được kết quả đến Ông/Bà và sẽ liên hệ lại." },
    postalDeliveryReturned: {
      subject: "Kết quả được chuyển lại cơ quan",
      body: "Bưu chính không phát được kết quả và đã chuyển lại cho Bộ phận Một cửa; Ông/Bà có thể nhận tại quầy.",
    },
    feedbackAnswered: { subject: "Phản ánh, kiến nghị đã được trả lời", body: "Cơ quan giải quyết đã trả lời phản ánh, kiến nghị của Ông/Bà về hồ sơ." },
  },
  en: {
    submitted: { subject: "Your application was submitted online", body: "Your application has been sent to the one-stop desk and is waiting to be received." },
    received: {
      subject: "Your application was received",
      body: "Your application has been received and passed on for processing. The receipt with the appointment date is attached.",
    },
    refused: { subject: "Your application was not accepted", body: "Your application was not accepted. The refusal notice, with its reasons, is attached." },
    supplementRequested: {
      subject: "Documents are missing from your application",
      body: "Your application needs to be completed. The processing time is paused until you supply what is missing. The request is attached.",
    },
    feeRequested: { subject: "Fees are due", body: "Your application is waiting for the payment of its fees. The processing time is paused until they are paid." },
    paid: { subject: "Fees paid", body: "The agency has received your payment of the fees. The electronic receipt is attached." },
    apology: {
      subject: "Apology and a new appointment date",
      body: "The agency apologises that your result cannot be ready on the appointed date and gives you a new one. The letter is attached.",
    },
    stopped: { subject: "Processing of your application has stopped", body: "The agency has stopped processing your application. The notice is attached." },
    withdrawn: { subject: "Application withdrawn", body: "Your application has been withdrawn as you asked." },
    resultReady: { subject: "Your result is ready", body: "The result of your application is ready and digitally signed. The electronic copy is attached." },
    returned: { subject: "Your result has been handed over", body: "The result of your application has been handed over to you." },
    postalPickupRegistered: { subject: "Postal collection booked", body: "A postal worker will contact you and collect the paper documents at your address." },
    postalPickupCollected: { subject: "The post has collected your documents", body: "A postal worker has collected your paper documents and is taking them to the agency." },
    postalPickupHandedOver: { subject: "Your documents reached the agency", body: "The post has handed your documents over to the one-stop desk." },
    postalPickupCancelled: { subject: "Postal collection cancelled", body: "The postal collection of your documents has been cancelled." },
    postalDeliveryInTransit: { subject: "Your result is on its way", body: "The post is taking the result of your application to your address." },
    postalDeliveryFailed: { subject: "Your result could not be delivered yet", body: "The post could not deliver your result yet and will contact you again." },
    postalDeliveryReturned: {
      subject: "Your result went back to the agency",
      body: "The post could not deliver your result and has returned it to the one-stop desk, where you can collect it.",
    },
    feedbackAnswered: { subject: "Your feedback was answered", body: "The agency has answered the feedback you sent about your application." },
  },
};

const OFFICER_TEXTS: Record<OfficerReminder, Text> = {
  forwarded: { subject: "Hồ sơ liên thông được chuyển đến", body: "Một hồ sơ liên thông vừa được chuyển đến cơ quan của đồng chí để xử lý." },
  dueSoon: { subject: "Hồ sơ sắp đến hạn", body: "Hồ sơ sau sắp đến hạn giải quyết. Đề nghị đồng chí xử lý kịp thời hoặc lập Phiếu xin lỗi và hẹn lại ngày trả kết quả." },
  overdue: { subject: "Hồ sơ đã quá hạn", body: "Hồ sơ sau đã quá hạn giải quyết. Đề nghị đồng chí xử lý ngay và lập Phiếu xin lỗi và hẹn lại ngày trả kết quả gửi công dân." },
};

const FRAME: Record<MailLanguage, { portal: string; greeting: (name: string) => string; note: string; code: string; follow: string; button: string; noReply: string; attached: string }> = {
  vi: {
    portal: "Cổng Dịch vụ công tỉnh Thái Bình",
    greeting: (name) => `Kính gửi Ông/Bà ${name},`,
    note: "Nội dung",
    code: "Mã hồ sơ",
    follow: "Theo dõi hồ sơ",
    button: "Xem hồ sơ",
    noReply: "Thư này được gửi tự động, vui lòng không trả lời.",
    attached: "Tệp đính kèm",
  },
  en: {
    portal: "Thái Bình Public Service Portal",
    greeting: (name) => `Dear ${name},`,
    note: "Details",
    code: "Application code",
    follow: "Follow your application",
    button: "View your application",
    noReply: "This message was sent automatically; please do not reply.",
    attached: "Attached",
  },
};

/**
 * An administrator's wording of a mail (mail_templates), replacing the built-in subject and body of
 * one template in one language. It may name the placeholders below; the frame (greeting, code,
 * link, footer) stays the portal's.
 */
export type MailTextOverride = { subject: string; body: string };

/** Placeholders an administrator may write in a template, with what each becomes. */
export const MAIL_PLACEHOLDERS = {
  code: "mã hồ sơ",
  procedure: "tên thủ tục hành chính",
  applicantName: "họ tên người nộp hồ sơ",
  dueDate: "hạn giải quyết (ngày giờ hẹn trả kết quả)",
} as const;
export type MailPlaceholder = keyof typeof MAIL_PLACEHOLDERS;
export type MailValues = Record<MailPlaceholder, string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Placeholders the text names that do not exist: the template page refuses to save them. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1]).filter((name) => !(name in MAIL_PLACEHOLDERS));
}

/** Fills the placeholders with plain text; the HTML part escapes the result like any other text. */
export function fillPlaceholders(text: string, values: MailValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as MailPlaceholder] : whole));
}

/** The built-in wording of a template, as the administrator's page shows it before any override. */
export function builtInMailText(audience: "applicant" | "officer", template: string, language: MailLanguage): Text | null {
  if (audience === "officer") return language === "vi" ? (OFFICER_TEXTS[template as OfficerReminder] ?? null) : null;
  return APPLICANT_TEXTS[language][template as ApplicantTemplate] ?? null;
}

export const APPLICANT_TEMPLATES = Object.keys(APPLICANT_TEXTS.vi) as ApplicantTemplate[];
export const OFFICER_TEMPLATES = Object.keys(OFFICER_TEXTS) as OfficerReminder[];

/** The values of the placeholders for a dossier. */
export function mailValues(dossier: Pick<typeof dossiers.$inferSelect, "code" | "applicantName" | "dueAt">, procedureName: string): MailValues {
  return {
    code: dossier.code,
    procedure: procedureName,
    applicantName: dossier.applicantName,
    dueDate: dossier.dueAt ? formatShortLocalDateTime(dossier.dueAt) : "—",
  };
}

/** The subject and paragraphs of a mail: the override's, filled in, or the built-in ones. */
function wording(builtIn: Text, override: MailTextOverride | null | undefined, values: MailValues | undefined): { subject: string; paragraphs: string[] } {
  if (!override || !values) return { subject: builtIn.subject, paragraphs: [builtIn.body] };
  const paragraphs = fillPlaceholders(override.body, values)
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, " ").trim())
    .filter(Boolean);
  return { subject: fillPlaceholders(override.subject, values).replace(/\s+/g, " ").trim(), paragraphs };
}

const SUBJECT_PREFIX = { vi: "[Một Cửa Thái Bình]", en: "[Thái Bình One-Stop]" } as const;

const linkTo = (baseUrl: string, code: string) => `${baseUrl.replace(/\/+$/, "")}/ho-so/${code}`;

/** What both parts of a mail say, in order. */
type MailModel = {
  language: MailLanguage;
  subject: string;
  /** The subject without the portal's prefix and the code, shown as the HTML part's heading. */
  heading: string;
  greeting: string;
  paragraphs: string[];
  facts: Array<{ label: string; value: string }>;
  link: { label: string; href: string; button: string };
  attachments: string[];
  footer: string | null;
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function renderText(model: MailModel): string {
  return [
    model.greeting,
    "",
    ...model.paragraphs.flatMap((p) => [p, ""]),
    ...model.facts.map((f) => `${f.label}: ${f.value}`),
    `${model.link.label}: ${model.link.href}`,
    ...(model.attachments.length ? ["", `${FRAME[model.language].attached}: ${model.attachments.join(", ")}`] : []),
    ...(model.footer ? ["", model.footer] : []),
  ].join("\n");
}

/** Simple, table-free HTML with inline styles: mail clients strip style sheets; 16 px text, 4.5:1 contrast. */
function renderHtml(model: MailModel): string {
  const frame = FRAME[model.language];
  const facts = model.facts
    .map((f) => `<tr><th scope="row" style="text-align:left;padding:4px 12px 4px 0;font-weight:600">${escapeHtml(f.label)}</th><td style="padding:4px 0">${escapeHtml(f.value)}</td></tr>`)
    .join("");
  const attachments = model.attachments.length
    ? `<p style="margin:16px 0 0">${escapeHtml(frame.attached)}: ${model.attachments.map(escapeHtml).join(", ")}</p>`
    : "";
  return `<!doctype html>
<html lang="${model.language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(model.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#1f2937;font-size:16px;line-height:1.5">
<div style="max-width:600px;margin:0 auto;background:#ffffff">
<header style="background:#8b1a1a;color:#ffffff;padding:16px 24px"><p style="margin:0;font-size:18px;font-weight:700">${escapeHtml(frame.portal)}</p></header>
<main style="padding:24px">
<h1 style="font-size:20px;margin:0 0 16px;color:#111827">${escapeHtml(model.heading)}</h1>
<p style="margin:0 0 12px">${escapeHtml(model.greeting)}</p>
${model.paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join("\n")}
<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px">${facts}</table>
<p style="margin:0"><a href="${escapeHtml(model.link.href)}" style="display:inline-block;background:#8b1a1a;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:4px;font-weight:600">${escapeHtml(model.link.button)}</a></p>
<p style="margin:12px 0 0;font-size:14px;color:#4b5563">${escapeHtml(model.link.label)}: <a href="${escapeHtml(model.link.href)}" style="color:#1d4ed8">${escapeHtml(model.link.href)}</a></p>
${attachments}
</main>
${model.footer ? `<footer style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:14px;color:#4b5563"><p style="margin:0">${escapeHtml(model.footer)}</p></footer>` : ""}
</div>
</body>
</html>`;
}

function mailOf(to: string, model: MailModel): OutgoingMail {
  return { to, subject: model.subject, text: renderText(model), html: renderHtml(model) };
}

export function applicantMail(
  baseUrl: string,
  dossier: typeof dossiers.$inferSelect,
  template: ApplicantTemplate,
  note: string | null,
  options: { language?: MailLanguage; attachmentNames?: string[]; override?: MailTextOverride | null; values?: MailValues } = {},
): OutgoingMail {
  const language = options.language ?? "vi";
  const text = wording(APPLICANT_TEXTS[language][template], options.override, options.values);
  const frame = FRAME[language];
  return mailOf(dossier.applicantEmail!, {
    language,
    subject: `${SUBJECT_PREFIX[language]} ${text.subject} — ${dossier.code}`,
    heading: text.subject,
    greeting: frame.greeting(dossier.applicantName),
    paragraphs: [...text.paragraphs, ...(note ? [`${frame.note}: ${note}`] : [])],
    facts: [{ label: frame.code, value: dossier.code }],
    link: { label: frame.follow, href: linkTo(baseUrl, dossier.code), button: frame.button },
    attachments: options.attachmentNames ?? [],
    footer: frame.noReply,
  });
}

export function officerMail(
  baseUrl: string,
  dossier: typeof dossiers.$inferSelect,
  reminder: OfficerReminder,
  officer: { fullName: string; email: string },
  procedureName: string,
  override?: MailTextOverride | null,
): OutgoingMail {
  const text = wording(OFFICER_TEXTS[reminder], override, mailValues(dossier, procedureName));
  return mailOf(officer.email, {
    language: "vi",
    subject: `${SUBJECT_PREFIX.vi} ${text.subject} — ${dossier.code}`,
    heading: text.subject,
    greeting: `Kính gửi đồng chí ${officer.fullName},`,
    paragraphs: text.paragraphs,
    facts: [
      { label: "Mã hồ sơ", value: dossier.code },
      { label: "Thủ tục", value: procedureName },
      { label: "Hạn giải quyết", value: dossier.dueAt ? formatShortLocalDateTime(dossier.dueAt) : "—" },
    ],
    link: { label: "Xử lý hồ sơ", href: linkTo(baseUrl, dossier.code), button: "Mở hồ sơ" },
    attachments: [],
    footer: null,
  });
}
