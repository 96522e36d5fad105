/**
 * What the desk's walk-in intake shares with the online wizard: the applicant's fields, the e-form's
 * typed fields (the one schema of app/e-form-schema.ts), and files kept as pending uploads so a
 * mistake elsewhere in the form never makes anyone upload them again; nothing the browser sends can
 * describe a file for us. The citizen's wizard keeps its files in her draft (drafts-wizard.server.ts).
 */
import { z } from "zod";
import type { procedures } from "../../db/schema";
import { typedFieldSchema } from "../e-form-schema";
import type { AppServices } from "./context.server";
import { createPendingUpload, fileField, findPendingUpload, UploadRejected, type PendingUploadRecord } from "./uploads.server";

export const applicantSchema = z.object({
  applicantName: z.string().trim().min(2, "Vui lòng nhập họ và tên người nộp.").max(100, "Họ và tên quá dài."),
  applicantIdNumber: z
    .string()
    .trim()
    .regex(/^(\d{9}|\d{12})$/, "Số định danh cá nhân/CCCD gồm 12 chữ số (hoặc CMND 9 chữ số)."),
  applicantPhone: z
    .string()
    .trim()
    .regex(/^(0|\+84)\d{9,10}$/, "Số điện thoại không hợp lệ (ví dụ 0912345678)."),
  applicantEmail: z.union([z.literal(""), z.string().trim().email("Địa chỉ thư điện tử không hợp lệ.")]),
  applicantAddress: z.string().trim().min(5, "Vui lòng nhập địa chỉ liên hệ.").max(300, "Địa chỉ quá dài."),
  resultDelivery: z.enum(["0", "1", "2"], { message: "Vui lòng chọn hình thức nhận kết quả." }),
  /** "online": files only; "post": a postal worker also collects the paper dossier (channel 3). */
  submissionChannel: z.enum(["online", "post"], { message: "Vui lòng chọn cách nộp hồ sơ." }).default("online"),
  pickupAddress: z.string().trim().max(300, "Địa chỉ thu gom quá dài.").default(""),
  pickupDistrict: z.string().trim().default(""),
  deliveryAddress: z.string().trim().max(300, "Địa chỉ nhận kết quả quá dài.").default(""),
  deliveryDistrict: z.string().trim().default(""),
  idempotencyKey: z.string().uuid("Biểu mẫu không hợp lệ, vui lòng tải lại trang."),
});

export type PendingView = { index: number; token: string; fileName: string; size: number };

/** The procedure's e-form fields (`f_<name>`), checked; an error is set on each field that fails. */
export function readEFormFields(procedure: typeof procedures.$inferSelect, values: Record<string, string>, errors: Record<string, string>): Record<string, string> {
  const formData: Record<string, string> = {};
  for (const field of procedure.formFields) {
    const name = `f_${field.name}`;
    // The desk types an address as one line; the citizen's wizard has the cascade (drafts-wizard.server.ts).
    const schema = typedFieldSchema(field.type === "address" ? { ...field, type: "text" } : field);
    const parsed = schema.safeParse(values[name] ?? "");
    if (parsed.success) formData[field.name] = parsed.data;
    else {
      errors[name] = parsed.error.issues[0]?.message ?? `"${field.label}" không hợp lệ.`;
      formData[field.name] = (values[name] ?? "").trim();
    }
  }
  return formData;
}

/**
 * The file of each required document (`doc-<i>`), or the pending upload a failed submit kept
 * (`pending-<i>`), stored as `userId`'s pending uploads; `needsFile` says which documents must have one.
 */
export async function readDocumentFiles(
  services: AppServices,
  userId: number,
  procedure: typeof procedures.$inferSelect,
  form: FormData,
  values: Record<string, string>,
  errors: Record<string, string>,
  needsFile: (document: typeof procedures.$inferSelect["documents"][number], index: number) => boolean,
): Promise<{ uploads: Array<{ index: number; upload: PendingUploadRecord }>; status: 400 | 413 | 503 }> {
  // A new upload replaces a kept one.
  const uploads: Array<{ index: number; upload: PendingUploadRecord }> = [];
  let status: 400 | 413 | 503 = 400;
  for (const [index, document] of procedure.documents.entries()) {
    const key = `doc-${index}`;
    const chosen = fileField(form.get(key));
    if (chosen && "oversizeName" in chosen) {
      errors[key] = `Tệp "${chosen.oversizeName}" vượt quá dung lượng cho phép 10 MB.`;
      status = 413;
    } else if (chosen) {
      try {
        uploads.push({ index, upload: await createPendingUpload(services, userId, document.name, chosen.file) });
      } catch (error) {
        if (!(error instanceof UploadRejected)) throw error;
        errors[key] = error.message;
        if (error.status !== 400) status = error.status;
      }
    } else {
      const id = values[`pending-${index}`];
      // Only the signed-in user's own pending upload, for this very document, is taken back.
      const kept = id ? await findPendingUpload(services.database.db, userId, id) : null;
      if (kept && kept.documentName === document.name) uploads.push({ index, upload: kept });
      else if (needsFile(document, index)) errors[key] = `Vui lòng đính kèm "${document.name}".`;
    }
  }
  return { uploads, status };
}
