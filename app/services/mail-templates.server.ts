/**
 * The administrator's wording of the portal's mails (mẫu thư): per template and language, a
 * subject and body that replace the built-in text, with placeholders ({{code}}, {{procedure}},
 * {{applicantName}}, {{dueDate}}). The sender reads the override when it renders a mail, so a
 * change applies to every mail sent from then on. Officer reminders are keyed `officer:<name>`.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { withTransaction, type Database } from "../../db/client";
import { mailTemplates } from "../../db/schema";
import { recordAdminChange } from "./admin/audit.server";
import type { AppServices } from "./context.server";
import {
  APPLICANT_TEMPLATES,
  applicantMail,
  builtInMailText,
  MAIL_PLACEHOLDERS,
  officerMail,
  OFFICER_TEMPLATES,
  unknownPlaceholders,
  type MailLanguage,
  type MailTextOverride,
} from "./notifications.server";

export async function mailTemplateOverride(db: Database, template: string, language: MailLanguage): Promise<MailTextOverride | null> {
  const [row] = await db
    .select({ subject: mailTemplates.subject, body: mailTemplates.body })
    .from(mailTemplates)
    .where(and(eq(mailTemplates.template, template), eq(mailTemplates.language, language)));
  return row ?? null;
}

/** Vietnamese names of the templates, for the administrator. */
export const TEMPLATE_NAMES: Record<string, string> = {
  submitted: "Đã nộp hồ sơ trực tuyến",
  received: "Đã tiếp nhận hồ sơ",
  refused: "Từ chối tiếp nhận",
  supplementRequested: "Yêu cầu bổ sung hồ sơ",
  feeRequested: "Đề nghị nộp phí, lệ phí",
  paid: "Đã nộp phí, lệ phí",
  apology: "Xin lỗi, hẹn lại ngày trả",
  stopped: "Dừng giải quyết",
  withdrawn: "Đã rút hồ sơ",
  resultReady: "Đã có kết quả",
  returned: "Đã trả kết quả",
  postalPickupRegistered: "Bưu chính: đã đăng ký thu gom",
  postalPickupCollected: "Bưu chính: đã nhận hồ sơ",
  postalPickupHandedOver: "Bưu chính: đã chuyển đến cơ quan",
  postalPickupCancelled: "Bưu chính: đã huỷ thu gom",
  postalDeliveryInTransit: "Bưu chính: kết quả đang chuyển phát",
  postalDeliveryFailed: "Bưu chính: chưa phát được kết quả",
  postalDeliveryReturned: "Bưu chính: kết quả chuyển lại cơ quan",
  feedbackAnswered: "Trả lời phản ánh, kiến nghị",
  "officer:forwarded": "Cán bộ: hồ sơ liên thông chuyển đến",
  "officer:dueSoon": "Cán bộ: hồ sơ sắp đến hạn",
  "officer:overdue": "Cán bộ: hồ sơ quá hạn",
};

export type MailTemplateSlot = { template: string; language: MailLanguage; name: string; builtIn: { subject: string; body: string } };

/** Every template and language an administrator can word: applicant mails in vi and en, officer reminders in vi. */
export function mailTemplateSlots(): MailTemplateSlot[] {
  const slots: MailTemplateSlot[] = [];
  for (const template of APPLICANT_TEMPLATES) {
    for (const language of ["vi", "en"] as const) {
      slots.push({ template, language, name: TEMPLATE_NAMES[template] ?? template, builtIn: builtInMailText("applicant", template, language)! });
    }
  }
  for (const reminder of OFFICER_TEMPLATES) {
    const template = `officer:${reminder}`;
    slots.push({ template, language: "vi", name: TEMPLATE_NAMES[template] ?? template, builtIn: builtInMailText("officer", reminder, "vi")! });
  }
  return slots;
}

export async function listMailTemplates(services: AppServices) {
  const overrides = await services.database.db.select().from(mailTemplates);
  return mailTemplateSlots().map((slot) => {
    const override = overrides.find((o) => o.template === slot.template && o.language === slot.language);
    return { ...slot, override: override ? { subject: override.subject, body: override.body, updatedAt: override.updatedAt.toISOString() } : null };
  });
}

const textSchema = z.object({
  subject: z.string().trim().min(3, "Vui lòng nhập tiêu đề thư.").max(200, "Tiêu đề thư quá dài.").refine((s) => !/[\r\n]/.test(s), "Tiêu đề thư chỉ có một dòng."),
  body: z.string().trim().min(10, "Vui lòng nhập nội dung thư.").max(5000, "Nội dung thư quá dài."),
});

function findSlot(template: string, language: string): MailTemplateSlot | undefined {
  return mailTemplateSlots().find((s) => s.template === template && s.language === language);
}

export async function saveMailTemplate(
  services: AppServices,
  actorId: number,
  input: { template: string; language: string; subject: string; body: string },
  now = new Date(),
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const slot = findSlot(input.template, input.language);
  if (!slot) return { ok: false, errors: { form: "Mẫu thư không tồn tại." } };
  const parsed = textSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { ok: false, errors };
  }
  const unknown = [...new Set([...unknownPlaceholders(parsed.data.subject), ...unknownPlaceholders(parsed.data.body)])];
  if (unknown.length) {
    return { ok: false, errors: { body: `Không có biến ${unknown.map((u) => `{{${u}}}`).join(", ")}. Các biến dùng được: ${Object.keys(MAIL_PLACEHOLDERS).map((p) => `{{${p}}}`).join(", ")}.` } };
  }
  await withTransaction(services.database, async (tx) => {
    const before = await mailTemplateOverride(tx, slot.template, slot.language);
    await tx
      .insert(mailTemplates)
      .values({ template: slot.template, language: slot.language, subject: parsed.data.subject, body: parsed.data.body, updatedBy: actorId, updatedAt: now })
      .onConflictDoUpdate({ target: [mailTemplates.template, mailTemplates.language], set: { subject: parsed.data.subject, body: parsed.data.body, updatedBy: actorId, updatedAt: now } });
    await recordAdminChange(tx, actorId, "mailTemplate", `${slot.template}/${slot.language}`, before ? "update" : "create", before ?? slot.builtIn, parsed.data, now);
  });
  return { ok: true };
}

/** Back to the built-in wording. */
export async function resetMailTemplate(services: AppServices, actorId: number, template: string, language: string, now = new Date()): Promise<boolean> {
  const slot = findSlot(template, language);
  if (!slot) return false;
  return withTransaction(services.database, async (tx) => {
    const removed = await tx
      .delete(mailTemplates)
      .where(and(eq(mailTemplates.template, slot.template), eq(mailTemplates.language, slot.language)))
      .returning();
    if (removed.length === 0) return false;
    await recordAdminChange(tx, actorId, "mailTemplate", `${slot.template}/${slot.language}`, "reset", { subject: removed[0].subject, body: removed[0].body }, slot.builtIn, now);
    return true;
  });
}

/** The mail as an applicant would receive it, for the page's preview: a sample dossier, the given wording. */
export function previewMail(template: string, language: MailLanguage, text: { subject: string; body: string }, baseUrl: string) {
  const sample = {
    code: "000.00.15.H54-260105-0001",
    applicantName: "Nguyễn Văn An",
    applicantEmail: "congdan@example.vn",
    dueAt: new Date("2026-01-09T10:00:00Z"),
  } as Parameters<typeof applicantMail>[1];
  const values = { code: sample.code, procedure: "Đăng ký thành lập hộ kinh doanh", applicantName: sample.applicantName, dueDate: "09/01/2026 17:00" };
  const mail = template.startsWith("officer:")
    ? officerMail(baseUrl, sample, template.slice("officer:".length) as Parameters<typeof officerMail>[2], { fullName: "Lê Văn Cường", email: "chuyenvien@example.vn" }, values.procedure, text)
    : applicantMail(baseUrl, sample, template as Parameters<typeof applicantMail>[2], null, { language, override: text, values });
  return { subject: mail.subject, text: mail.text };
}
