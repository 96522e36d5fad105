/**
 * Reads and checks the online submission form. Valid files are stored at once as the citizen's
 * pending uploads and the form carries back only their ids, so a mistake elsewhere in the form never
 * makes the citizen upload them again, and nothing the browser sends can describe a file for us.
 */
import { z } from "zod";
import type { procedures } from "../../db/schema";
import type { ResultDeliveryCode } from "../../workflows/dossier-status";
import { typedFieldSchema } from "../e-form-schema";
import type { AppServices } from "./context.server";
import type { OnlineSubmission } from "./dossier-submission.server";
import type { FormSpec } from "./multipart.server";
import { districtName } from "./postal/areas";
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

/** The pickup and delivery addresses the choices ask for; a missing one is an error on its field. */
function postalAddresses(data: z.infer<typeof applicantSchema>, errors: Record<string, string>) {
  const read = (address: string, district: string, field: "pickup" | "delivery") => {
    const what = field === "pickup" ? "thu gom hồ sơ" : "nhận kết quả";
    if (address.length < 5) errors[`${field}Address`] = `Vui lòng nhập địa chỉ ${what} (số nhà, thôn/xóm, xã/phường).`;
    if (!districtName(district)) errors[`${field}District`] = `Vui lòng chọn huyện/thành phố của địa chỉ ${what}.`;
    return { address, districtCode: district };
  };
  return {
    pickup: data.submissionChannel === "post" ? read(data.pickupAddress, data.pickupDistrict, "pickup") : null,
    delivery: data.resultDelivery === "1" ? read(data.deliveryAddress, data.deliveryDistrict, "delivery") : null,
  };
}

export type PendingView = { index: number; token: string; fileName: string; size: number };

/** The fields and files this procedure's form has; the parser refuses any other. */
export function submissionFormSpec(procedure: typeof procedures.$inferSelect): FormSpec {
  const fields = new Set([...Object.keys(applicantSchema.shape), ...procedure.formFields.map((f) => `f_${f.name}`)]);
  const documentCount = procedure.documents.length;
  const indexOf = (name: string, prefix: string) => {
    const match = new RegExp(`^${prefix}-(\\d{1,2})$`).exec(name);
    return match ? Number(match[1]) < documentCount : false;
  };
  return {
    fields: (name) => fields.has(name) || indexOf(name, "pending"),
    files: (name) => indexOf(name, "doc"),
    maxFiles: Math.max(1, documentCount),
    maxFields: fields.size + documentCount + 5,
  };
}

export type SubmissionFormResult = {
  values: Record<string, string>;
  pending: PendingView[];
} & (
  | { ok: true; submission: Omit<OnlineSubmission, "procedureCode" | "applicantUserId"> }
  | { ok: false; status: 400 | 413 | 503; errors: Record<string, string> }
);

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

export async function readSubmissionForm(
  services: AppServices,
  userId: number,
  procedure: typeof procedures.$inferSelect,
  form: FormData,
): Promise<SubmissionFormResult> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !key.startsWith("doc-")) values[key] = value;

  const errors: Record<string, string> = {};
  const parsed = applicantSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  }
  const postal = parsed.success ? postalAddresses(parsed.data, errors) : { pickup: null, delivery: null };
  const formData = readEFormFields(procedure, values, errors);
  const { uploads, status } = await readDocumentFiles(services, userId, procedure, form, values, errors, (document) => document.required);

  const pending: PendingView[] = uploads.map(({ index, upload }) => ({
    index,
    token: upload.id,
    fileName: upload.fileName,
    size: upload.size,
  }));
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, status, errors, values, pending };
  return {
    ok: true,
    values,
    pending,
    submission: {
      applicant: {
        name: parsed.data.applicantName,
        idNumber: parsed.data.applicantIdNumber,
        phone: parsed.data.applicantPhone,
        email: parsed.data.applicantEmail || null,
        address: parsed.data.applicantAddress,
      },
      formData,
      uploads: uploads.map(({ upload: { id: _id, ...facts } }) => facts),
      resultDelivery: Number(parsed.data.resultDelivery) as ResultDeliveryCode,
      pickup: postal.pickup,
      delivery: postal.delivery,
      idempotencyKey: parsed.data.idempotencyKey,
    },
  };
}
