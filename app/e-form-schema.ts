/**
 * One zod schema per procedure's e-form (tờ khai), built from its `formFields`: the browser validates
 * with it before sending (conform) and the server validates the same input again with it, so the two
 * give the same messages. Typed values are normalised the way people write them: "1.000.000" đồng,
 * "0912 345 678" or "+84 912.345.678", a CCCD with spaces.
 *
 * Not a `.server.ts` module: the browser bundle imports it.
 */
import { z } from "zod";
import type { FormField } from "../db/schema";

export type EFormLanguage = "vi" | "en";

const MESSAGES = {
  vi: {
    required: (label: string) => `Vui lòng nhập "${label}".`,
    tooLong: (label: string) => `"${label}" quá dài.`,
    date: (label: string) => `"${label}" không phải ngày hợp lệ (ngày/tháng/năm).`,
    money: (label: string) => `"${label}" phải là số tiền bằng đồng, ví dụ 1.000.000.`,
    idNumber: (label: string) => `"${label}" phải là số định danh cá nhân (CCCD) gồm 12 chữ số.`,
    phone: (label: string) => `"${label}" không phải số điện thoại Việt Nam hợp lệ (ví dụ 0912 345 678).`,
    province: (label: string) => `Vui lòng chọn tỉnh/thành phố của "${label}".`,
    unit: (label: string) => `Vui lòng chọn huyện/xã của "${label}".`,
    street: (label: string) => `Vui lòng nhập số nhà, đường, thôn/xóm của "${label}".`,
  },
  en: {
    required: (label: string) => `Enter "${label}".`,
    tooLong: (label: string) => `"${label}" is too long.`,
    date: (label: string) => `"${label}" must be a real date.`,
    money: (label: string) => `"${label}" must be an amount in đồng, like 1,000,000.`,
    idNumber: (label: string) => `"${label}" must be a 12-digit personal identification number (CCCD).`,
    phone: (label: string) => `"${label}" must be a Vietnamese phone number, like 0912 345 678.`,
    province: (label: string) => `Choose the province of "${label}".`,
    unit: (label: string) => `Choose the district or commune of "${label}".`,
    street: (label: string) => `Enter the house number, street or hamlet of "${label}".`,
  },
} as const;

/** "1.000.000", "1 000 000", "1,000,000 đ" → "1000000"; anything else is returned trimmed, to fail. */
export function normaliseMoney(raw: string): string {
  const text = raw.trim().replace(/\s*(đồng|đ|vnd|vnđ)$/i, "");
  return /^\d{1,3}([.,\s]\d{3})+$/.test(text) || /^\d+$/.test(text) ? text.replace(/[.,\s]/g, "").replace(/^0+(?=\d)/, "") : raw.trim();
}

/** Spaces, dots and dashes dropped; +84 / 84 becomes the leading 0. */
export function normalisePhone(raw: string): string {
  const compact = raw.trim().replace(/[\s.\-()]/g, "");
  if (compact.startsWith("+84")) return `0${compact.slice(3)}`;
  if (/^84\d{9,10}$/.test(compact)) return `0${compact.slice(2)}`;
  return compact;
}

/** A Vietnamese mobile (03/05/07/08/09 + 8 digits) or landline (02x + 8 digits) number, normalised. */
export function isVietnamesePhone(normalised: string): boolean {
  return /^0[35789]\d{8}$/.test(normalised) || /^02\d{9}$/.test(normalised);
}

export function normaliseIdNumber(raw: string): string {
  return raw.trim().replace(/[\s.]/g, "");
}

/** A real calendar day written YYYY-MM-DD (the date input's value) or dd/mm/yyyy. */
export function normaliseDate(raw: string): string {
  const text = raw.trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return vn ? `${vn[3]}-${vn[2].padStart(2, "0")}-${vn[1].padStart(2, "0")}` : text;
}

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2200 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The input names of a field: an address has three (province, district-or-commune, street line). */
export function eFormInputNames(field: FormField): string[] {
  const name = `f_${field.name}`;
  return field.type === "address" ? [`${name}__province`, `${name}__unit`, `${name}__street`] : [name];
}

export function fieldLabel(field: FormField, language: EFormLanguage): string {
  return language === "en" ? (field.labelEn ?? field.label) : field.label;
}

/** One typed field's schema: the normalised string, or the field's message. */
export function typedFieldSchema(field: Pick<FormField, "type" | "required" | "label"> & { labelEn?: string }, language: EFormLanguage = "vi") {
  const label = language === "en" ? (field.labelEn ?? field.label) : field.label;
  const m = MESSAGES[language];
  const base = z.preprocess((v) => (typeof v === "string" ? v : v == null ? "" : String(v)), z.string());
  const optional = (check: (v: string) => boolean, normalise: (v: string) => string, message: string, max = 2000) =>
    base
      .transform((v) => normalise(v.trim()))
      .superRefine((v, ctx) => {
        if (!v) {
          if (field.required) ctx.addIssue({ code: "custom", message: m.required(label) });
        } else if (v.length > max) ctx.addIssue({ code: "custom", message: m.tooLong(label) });
        else if (!check(v)) ctx.addIssue({ code: "custom", message });
      });
  switch (field.type) {
    case "money":
      return optional((v) => /^\d{1,15}$/.test(v), normaliseMoney, m.money(label));
    case "date":
      return optional(isRealDate, normaliseDate, m.date(label));
    case "idNumber":
      return optional((v) => /^\d{12}$/.test(v), normaliseIdNumber, m.idNumber(label));
    case "phone":
      return optional(isVietnamesePhone, normalisePhone, m.phone(label));
    case "textarea":
      return optional(() => true, (v) => v, "", 4000);
    default:
      return optional(() => true, (v) => v, "", 2000);
  }
}

/** The e-form's schema: one key per input (`f_<name>`, an address's three parts). */
export function buildEFormSchema(fields: FormField[], language: EFormLanguage = "vi") {
  const shape: Record<string, z.ZodTypeAny> = {};
  const m = MESSAGES[language];
  for (const field of fields) {
    const name = `f_${field.name}`;
    if (field.type !== "address") {
      shape[name] = typedFieldSchema(field, language);
      continue;
    }
    const label = fieldLabel(field, language);
    const part = (message: string, min: number) =>
      z
        .preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(300, m.tooLong(label)))
        .superRefine((v, ctx) => {
          if (field.required && v.length < min) ctx.addIssue({ code: "custom", message });
        });
    shape[`${name}__province`] = part(m.province(label), 1);
    shape[`${name}__unit`] = part(m.unit(label), 1);
    shape[`${name}__street`] = part(m.street(label), 2);
  }
  return z.object(shape);
}

/** The wizard's applicant section: the same typed rules as the e-form's fields. */
export function buildApplicantSchema(language: EFormLanguage = "vi") {
  const en = language === "en";
  const email = en ? "Enter an e-mail address like name@example.com." : "Địa chỉ thư điện tử không hợp lệ.";
  return z.object({
    applicantName: typedFieldSchema({ type: "text", required: true, label: "Họ và tên", labelEn: "Full name" }, language),
    applicantIdNumber: typedFieldSchema({ type: "idNumber", required: true, label: "Số định danh cá nhân (CCCD)", labelEn: "Personal identification number (CCCD)" }, language),
    applicantPhone: typedFieldSchema({ type: "phone", required: true, label: "Số điện thoại", labelEn: "Phone number" }, language),
    applicantEmail: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.union([z.literal(""), z.string().email(email)])),
    applicantAddress: typedFieldSchema({ type: "textarea", required: true, label: "Địa chỉ liên hệ", labelEn: "Contact address" }, language),
  });
}

/** Everything the wizard's first step validates in the browser and on the server. */
export function buildWizardSchema(fields: FormField[], language: EFormLanguage = "vi") {
  return buildApplicantSchema(language).merge(buildEFormSchema(fields, language));
}

/** The first message per input, as the page shows them. */
export function firstErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}
