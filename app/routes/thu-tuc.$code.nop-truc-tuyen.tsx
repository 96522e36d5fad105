import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "../services/auth.server";
import { DossierActionError } from "../services/dossier-actions.server";
import { loadProcedureForSubmission, submitOnlineDossier } from "../services/dossier-submission.server";
import {
  acceptUpload,
  fileField,
  parseFormWithUploads,
  readPendingUpload,
  signPendingUpload,
  UploadRejected,
  type PendingUpload,
} from "../services/uploads.server";
import { formatAllowance, formatMoney, RESULT_DELIVERY_NAMES } from "../labels";
import type { ResultDeliveryCode } from "../../workflows/dossier-status";

export const meta: MetaFunction = () => [{ title: "Nộp hồ sơ trực tuyến — Một Cửa Thái Bình" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requireUser(services.database.db, request, ["citizen"]);
  const loaded = await loadProcedureForSubmission(services, params.code ?? "");
  if (!loaded) throw new Response("Không tìm thấy thủ tục hành chính này.", { status: 404 });
  return json({
    procedure: loaded.procedure,
    agencyName: loaded.agency.name,
    profile: { name: user.fullName, idNumber: user.idNumber ?? "", phone: user.phone ?? "", email: user.email ?? "", address: user.address ?? "" },
    // A fresh key per form shown: submitting the same form twice creates one dossier.
    idempotencyKey: crypto.randomUUID(),
  });
}

const applicantSchema = z.object({
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
  idempotencyKey: z.string().uuid("Biểu mẫu không hợp lệ, vui lòng tải lại trang."),
});

type PendingView = { index: number; token: string; fileName: string; size: number };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { services } = context;
  const user = await requireUser(services.database.db, request, ["citizen"]);
  const loaded = await loadProcedureForSubmission(services, params.code ?? "");
  if (!loaded) throw new Response("Không tìm thấy thủ tục hành chính này.", { status: 404 });
  const { procedure } = loaded;

  const form = await parseFormWithUploads(request);
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !key.startsWith("doc-")) values[key] = value;

  const errors: Record<string, string> = {};
  const parsed = applicantSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  }
  const formData: Record<string, string> = {};
  for (const field of procedure.formFields) {
    const value = (values[`f_${field.name}`] ?? "").trim();
    if (field.required && !value) errors[`f_${field.name}`] = `Vui lòng nhập "${field.label}".`;
    else if (value.length > 2000) errors[`f_${field.name}`] = `"${field.label}" quá dài.`;
    else if (field.type === "date" && value && Number.isNaN(Date.parse(value))) errors[`f_${field.name}`] = `"${field.label}" không phải ngày hợp lệ.`;
    formData[field.name] = value;
  }

  // Files: a new upload replaces a kept one; a valid upload is stored at once and handed back as a
  // signed token, so a mistake elsewhere in the form never makes the citizen upload it again.
  const uploads: Array<{ index: number; upload: PendingUpload }> = [];
  for (const [index, document] of procedure.documents.entries()) {
    const key = `doc-${index}`;
    const chosen = fileField(form.get(key));
    if (chosen && "oversizeName" in chosen) {
      errors[key] = `Tệp "${chosen.oversizeName}" vượt quá dung lượng cho phép 10 MB.`;
    } else if (chosen) {
      try {
        uploads.push({ index, upload: await acceptUpload(services.storage, services.scanner, document.name, chosen.file) });
      } catch (error) {
        if (!(error instanceof UploadRejected)) throw error;
        errors[key] = error.message;
      }
    } else {
      const kept = values[`pending-${index}`] ? readPendingUpload(services.config.secret, user.id, values[`pending-${index}`]) : null;
      if (kept && kept.documentName === document.name) uploads.push({ index, upload: kept });
      else if (document.required) errors[key] = `Vui lòng đính kèm "${document.name}".`;
    }
  }

  const pending: PendingView[] = uploads.map(({ index, upload }) => ({
    index,
    token: signPendingUpload(services.config.secret, user.id, upload),
    fileName: upload.fileName,
    size: upload.size,
  }));
  if (Object.keys(errors).length > 0 || !parsed.success) {
    return json({ errors, formError: "Hồ sơ chưa được nộp. Vui lòng sửa các mục được đánh dấu bên dưới.", values, pending }, { status: 400 });
  }

  try {
    const result = await submitOnlineDossier(services, {
      procedureCode: procedure.code,
      applicantUserId: user.id,
      applicant: {
        name: parsed.data.applicantName,
        idNumber: parsed.data.applicantIdNumber,
        phone: parsed.data.applicantPhone,
        email: parsed.data.applicantEmail || null,
        address: parsed.data.applicantAddress,
      },
      formData,
      uploads: uploads.map((u) => u.upload),
      resultDelivery: Number(parsed.data.resultDelivery) as ResultDeliveryCode,
      idempotencyKey: parsed.data.idempotencyKey,
    });
    return redirect(`/ho-so/${result.code}?da-nop=1`);
  } catch (error) {
    if (!(error instanceof DossierActionError)) throw error;
    return json({ errors, formError: error.message, values, pending }, { status: error.status });
  }
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

export default function SubmitOnline() {
  const { procedure, agencyName, profile, idempotencyKey } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  const value = (name: string, fallback = "") => values[name] ?? fallback;
  const pendingByIndex = new Map((data?.pending ?? []).map((p) => [p.index, p]));
  const invalid = (name: string) =>
    errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {};

  const textInput = (name: string, label: string, fallback: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <>
      <label htmlFor={name} className="required">
        {label}
      </label>
      <input id={name} name={name} defaultValue={value(name, fallback)} {...invalid(name)} {...props} />
      <FieldError id={name} message={errors[name]} />
    </>
  );

  return (
    <>
      <p>
        <Link to={`/thu-tuc/${procedure.code}`}>← {procedure.name}</Link>
      </p>
      <h1>Nộp hồ sơ trực tuyến</h1>
      <p className="lead">
        {procedure.name} — {agencyName}. Thời hạn giải quyết: {formatAllowance(procedure.allowance)}. Lệ phí:{" "}
        {formatMoney(procedure.feeAmount)}.
      </p>
      {data?.formError ? (
        <div className="error-box" role="alert">
          {data.formError}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="idempotencyKey" value={value("idempotencyKey", idempotencyKey)} />
        <fieldset>
          <legend>Thông tin người nộp hồ sơ</legend>
          {textInput("applicantName", "Họ và tên", profile.name, { autoComplete: "name" })}
          {textInput("applicantIdNumber", "Số định danh cá nhân (CCCD)", profile.idNumber, { inputMode: "numeric" })}
          {textInput("applicantPhone", "Số điện thoại", profile.phone, { type: "tel", autoComplete: "tel" })}
          <label htmlFor="applicantEmail">Thư điện tử</label>
          <input id="applicantEmail" name="applicantEmail" type="email" defaultValue={value("applicantEmail", profile.email)} {...invalid("applicantEmail")} />
          <FieldError id="applicantEmail" message={errors.applicantEmail} />
          {textInput("applicantAddress", "Địa chỉ liên hệ", profile.address, { autoComplete: "street-address" })}
        </fieldset>

        {procedure.formFields.length > 0 ? (
          <fieldset>
            <legend>Nội dung đề nghị</legend>
            {procedure.formFields.map((field) => {
              const name = `f_${field.name}`;
              return (
                <div key={name}>
                  <label htmlFor={name} className={field.required ? "required" : undefined}>
                    {field.label}
                  </label>
                  {field.type === "textarea" ? (
                    <textarea id={name} name={name} defaultValue={value(name)} {...invalid(name)} />
                  ) : (
                    <input id={name} name={name} type={field.type === "date" ? "date" : "text"} defaultValue={value(name)} {...invalid(name)} />
                  )}
                  <FieldError id={name} message={errors[name]} />
                </div>
              );
            })}
          </fieldset>
        ) : null}

        <fieldset>
          <legend>Thành phần hồ sơ</legend>
          <p className="hint">Tệp PDF, JPG hoặc PNG, tối đa 10 MB mỗi tệp.</p>
          {procedure.documents.map((document, index) => {
            const name = `doc-${index}`;
            const kept = pendingByIndex.get(index);
            return (
              <div key={name}>
                <label htmlFor={name} className={document.required ? "required" : undefined}>
                  {document.name}
                </label>
                <p className="hint">
                  Bản chính: {document.originals}; bản sao: {document.copies}
                </p>
                {kept ? (
                  <p className="notice">
                    Đã nhận tệp "{kept.fileName}" ({Math.ceil(kept.size / 1024)} KB). Chọn tệp khác nếu muốn thay.
                    <input type="hidden" name={`pending-${index}`} value={kept.token} />
                  </p>
                ) : null}
                <input id={name} name={name} type="file" accept="application/pdf,image/jpeg,image/png" {...invalid(name)} />
                <FieldError id={name} message={errors[name]} />
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>Hình thức nhận kết quả</legend>
          {(["2", "0", "1"] as const).map((code) => (
            <label key={code} style={{ fontWeight: 400 }}>
              <input type="radio" name="resultDelivery" value={code} defaultChecked={value("resultDelivery", "2") === code} />{" "}
              {RESULT_DELIVERY_NAMES[Number(code) as 0 | 1 | 2]}
            </label>
          ))}
          <FieldError id="resultDelivery" message={errors.resultDelivery} />
        </fieldset>

        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Đang nộp…" : "Nộp hồ sơ"}
        </button>
      </Form>
    </>
  );
}
