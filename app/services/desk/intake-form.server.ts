/**
 * Reads the walk-in intake form: the applicant, the procedure's e-form, the checklist, one scan per
 * presented document (the same upload rules and pending uploads as online submission, owned by the
 * officer), and the result delivery. On any error every typed value and every accepted file come back.
 */
import { z } from "zod";
import type { procedures } from "../../../db/schema";
import type { ResultDeliveryCode } from "../../../workflows/dossier-status";
import type { SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import type { FormSpec } from "../multipart.server";
import { districtName } from "../postal/areas";
import { applicantSchema, readDocumentFiles, readEFormFields, type PendingView } from "../submission-form.server";
import { CHECKLIST_FIELD, readChecklist } from "./checklist.server";
import { citizenAccount, type WalkInIntake } from "./intake.server";

const intakeSchema = applicantSchema
  .pick({
    applicantName: true,
    applicantIdNumber: true,
    applicantPhone: true,
    applicantEmail: true,
    applicantAddress: true,
    resultDelivery: true,
    deliveryAddress: true,
    deliveryDistrict: true,
    idempotencyKey: true,
  })
  .extend({
    applicantUserId: z.union([z.literal(""), z.string().regex(/^\d{1,9}$/, "Tài khoản công dân không hợp lệ.")]).default(""),
    note: z.string().trim().max(2000, "Ghi chú quá dài (tối đa 2.000 ký tự).").default(""),
  });

type Procedure = typeof procedures.$inferSelect;

/** The fields and files this procedure's intake form has; the parser refuses any other. */
export function intakeFormSpec(procedure: Procedure): FormSpec {
  const fields = new Set([...Object.keys(intakeSchema.shape), ...procedure.formFields.map((f) => `f_${f.name}`)]);
  const count = procedure.documents.length;
  const indexed = (name: string, pattern: RegExp) => {
    const match = pattern.exec(name);
    return match ? Number(match[1]) < count : false;
  };
  return {
    fields: (name) => fields.has(name) || indexed(name, /^pending-(\d{1,2})$/) || (CHECKLIST_FIELD.test(name) && indexed(name, /^checklist-(\d{1,2})-/)),
    files: (name) => indexed(name, /^doc-(\d{1,2})$/),
    maxFiles: Math.max(1, count),
    maxFields: fields.size + count * 5 + 5,
  };
}

export type IntakeFormResult = { values: Record<string, string>; pending: PendingView[] } & (
  | { ok: true; intake: Omit<WalkInIntake, "procedureCode"> }
  | { ok: false; status: 400 | 413 | 503; errors: Record<string, string> }
);

export async function readIntakeForm(services: AppServices, officer: SessionUser, procedure: Procedure, form: FormData): Promise<IntakeFormResult> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !key.startsWith("doc-")) values[key] = value;
  const errors: Record<string, string> = {};
  const parsed = intakeSchema.safeParse(values);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;

  let delivery: WalkInIntake["delivery"] = null;
  if (parsed.success && parsed.data.resultDelivery === "1") {
    if (parsed.data.deliveryAddress.length < 5) errors.deliveryAddress = "Vui lòng nhập địa chỉ nhận kết quả (số nhà, thôn/xóm, xã/phường).";
    if (!districtName(parsed.data.deliveryDistrict)) errors.deliveryDistrict = "Vui lòng chọn huyện/thành phố của địa chỉ nhận kết quả.";
    delivery = { address: parsed.data.deliveryAddress, districtCode: parsed.data.deliveryDistrict };
  }
  let applicantUserId: number | null = null;
  if (parsed.success && parsed.data.applicantUserId) {
    const account = await citizenAccount(services, Number(parsed.data.applicantUserId));
    if (account) applicantUserId = account.id;
    else errors.applicantUserId = "Không tìm thấy tài khoản công dân đã chọn; hãy tìm lại hoặc nhập thông tin người nộp.";
  }

  const formData = readEFormFields(procedure, values, errors);
  const checklist = readChecklist(procedure.documents, values);
  Object.assign(errors, checklist.errors);
  // Every document the officer ticked as presented is scanned into the dossier (số hóa hồ sơ).
  const { uploads, status } = await readDocumentFiles(services, officer.id, procedure, form, values, errors, (_d, index) => checklist.items[index]?.present ?? false);
  const pending: PendingView[] = uploads.map(({ index, upload }) => ({ index, token: upload.id, fileName: upload.fileName, size: upload.size }));

  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, status, errors, values, pending };
  const data = parsed.data;
  return {
    ok: true,
    values,
    pending,
    intake: {
      applicantUserId,
      applicant: {
        name: data.applicantName,
        idNumber: data.applicantIdNumber,
        phone: data.applicantPhone,
        email: data.applicantEmail || null,
        address: data.applicantAddress,
      },
      formData,
      // A scan of a document not presented (unticked after choosing a file) is not part of the dossier.
      uploads: uploads.filter(({ index }) => checklist.items[index]?.present).map(({ upload: { id: _id, ...facts } }) => facts),
      checklist: checklist.items,
      resultDelivery: Number(data.resultDelivery) as ResultDeliveryCode,
      delivery,
      idempotencyKey: data.idempotencyKey,
      note: data.note || undefined,
    },
  };
}
