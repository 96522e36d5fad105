/**
 * The wizard's first step as a page. The browser validates "Tiếp tục" with the same zod schema as the
 * server (conform); "Lưu nháp" and "Chọn" skip validation. Everything works as a plain form.
 */
import { useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { z } from "zod";
import type { DraftFile, FormField, RequiredDocument } from "../../../db/schema";
import { buildWizardSchema, eFormInputNames } from "../../e-form-schema";
import { formatAllowance, formatDateTime, formatMoney } from "../../labels";
import { DISTRICTS } from "../../services/postal/areas";
import { EFormFields, FieldError, invalidProps, type AddressUnits } from "../e-form-fields";
import { WizardErrorSummary } from "./wizard-error-summary";
import { WizardSteps } from "./wizard-steps";

type Procedure = {
  code: string;
  name: string;
  serviceMode: string;
  feeAmount: number;
  allowance: { amount: number; unit: "workingDay" | "workingHour" | "calendarDay" };
  formFields: FormField[];
  documents: RequiredDocument[];
};

const APPLICANT = ["applicantName", "applicantIdNumber", "applicantPhone", "applicantEmail", "applicantAddress"];

export function FormStep(props: {
  procedure: Procedure;
  agencies: Array<{ id: number; name: string; address: string | null }>;
  values: Record<string, string>;
  files: DraftFile[];
  units: AddressUnits;
  draft: { id: string; version: number; updatedAt: string; expiresAt: string } | null;
  saved: boolean;
  errors: Record<string, string>;
  formError?: string;
}) {
  const { procedure, agencies, values, files, units, draft, saved } = props;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const schema = useMemo(() => buildWizardSchema(procedure.formFields), [procedure.formFields]);
  const lastResult = useMemo<SubmissionResult<string[]>>(
    () => ({ status: "error", error: Object.fromEntries(Object.entries(props.errors).map(([k, v]) => [k, [v]])) }),
    [props.errors],
  );
  const [form] = useForm({
    id: "submission-wizard",
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate({ formData, submitter }) {
      // "Lưu nháp" and the cascade's "Chọn" save whatever is there; only "Tiếp tục" is checked.
      const intent = submitter?.getAttribute("value") ?? "continue";
      return parseWithZod(formData, { schema: intent === "continue" ? schema : z.object({}) });
    },
  });
  const errors: Record<string, string> = {};
  for (const [name, messages] of Object.entries(form.allErrors)) if (messages?.[0]) errors[name] = messages[0];
  const order = [
    ...APPLICANT,
    "agencyId",
    ...procedure.formFields.flatMap(eFormInputNames),
    ...procedure.documents.map((_, i) => `doc-${i}`),
    "submissionChannel",
    "pickupAddress",
    "pickupDistrict",
  ];
  const value = (name: string) => values[name] ?? "";
  const invalid = (name: string, hint = false) => invalidProps(errors, name, hint);
  const fileOf = new Map(files.map((f) => [f.index, f]));
  const action = `/thu-tuc/${encodeURIComponent(procedure.code)}/nop-truc-tuyen${draft ? `?nhap=${draft.id}` : ""}`;
  const hasErrors = Object.keys(errors).length > 0;

  const textInput = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => (
    <div className="form-row">
      <label htmlFor={name} className={props.required === false ? undefined : "required"}>
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={name} name={name} defaultValue={value(name)} {...invalid(name, !!hint)} {...props} required={undefined} />
      <FieldError id={name} message={errors[name]} />
    </div>
  );

  return (
    <>
      <p>
        <Link to={`/thu-tuc/${procedure.code}`}>← {procedure.name}</Link>
      </p>
      <h1>Nộp hồ sơ trực tuyến</h1>
      <p className="lead">
        {procedure.name}. Thời hạn giải quyết: {formatAllowance(procedure.allowance)}. Lệ phí: {formatMoney(procedure.feeAmount)}.
      </p>
      <WizardSteps current={1} />
      {hasErrors || props.formError ? (
        <WizardErrorSummary title="Có lỗi cần sửa" description={props.formError} errors={errors} order={order} />
      ) : null}
      {saved && draft ? (
        <div className="notice" role="status">
          <strong>Đã lưu nháp</strong> lúc {formatDateTime(draft.updatedAt)}. Bạn có thể tiếp tục trên thiết bị khác tại{" "}
          <Link to="/ho-so-nhap">Hồ sơ nháp</Link>; bản nháp được giữ đến {formatDateTime(draft.expiresAt)}.
        </div>
      ) : null}
      <Form method="post" action={action} encType="multipart/form-data" noValidate id={form.id} onSubmit={form.onSubmit}>
        {/* The default button (Enter in a field) is "Tiếp tục", not the cascade's "Chọn". */}
        <button type="submit" name="intent" value="continue" hidden tabIndex={-1} />
        {draft ? <input type="hidden" name="draftVersion" value={draft.version} /> : null}
        <fieldset>
          <legend>Thông tin người nộp hồ sơ</legend>
          <p className="hint">Lấy từ hồ sơ tài khoản của bạn; sửa nếu người nộp là người khác.</p>
          {textInput("applicantName", "Họ và tên", { autoComplete: "name" })}
          {textInput("applicantIdNumber", "Số định danh cá nhân (CCCD)", { inputMode: "numeric" }, "12 chữ số, in trên thẻ căn cước.")}
          {textInput("applicantPhone", "Số điện thoại", { type: "tel", autoComplete: "tel" }, "Ví dụ 0912 345 678 hoặc +84 912 345 678.")}
          {textInput("applicantEmail", "Thư điện tử", { type: "email", autoComplete: "email", required: false }, "Để nhận thông báo về hồ sơ; không bắt buộc.")}
          {textInput("applicantAddress", "Địa chỉ liên hệ", { autoComplete: "street-address" })}
        </fieldset>

        {agencies.length > 1 ? (
          <fieldset>
            <legend>Nơi tiếp nhận hồ sơ</legend>
            <label htmlFor="agencyId" className="required">
              Cơ quan tiếp nhận
            </label>
            <p className="hint" id="agencyId-hint">
              Gõ chữ cái đầu của tên xã/phường để tìm nhanh trong danh sách. Mặc định là nơi khớp với địa chỉ của bạn.
            </p>
            <select id="agencyId" name="agencyId" defaultValue={value("agencyId")} {...invalid("agencyId", true)}>
              <option value="">— Chọn cơ quan tiếp nhận —</option>
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
            <FieldError id="agencyId" message={errors.agencyId} />
          </fieldset>
        ) : (
          <p>
            Nơi tiếp nhận: <strong>{agencies[0]?.name}</strong>
            {agencies[0]?.address ? ` — ${agencies[0].address}` : null}
          </p>
        )}

        <EFormFields legend="Nội dung đề nghị" fields={procedure.formFields} values={values} errors={errors} units={units} />

        <fieldset>
          <legend>Thành phần hồ sơ</legend>
          {procedure.documents.map((document, index) => {
            const name = `doc-${index}`;
            const kept = fileOf.get(index);
            return (
              <div key={name} className="form-row">
                <label htmlFor={name} className={document.required ? "required" : undefined}>
                  {document.name}
                </label>
                <p className="hint" id={`${name}-hint`}>
                  Bản chính: {document.originals}; bản sao: {document.copies}. Tệp PDF, JPG hoặc PNG, tối đa 10 MB.
                </p>
                {kept ? (
                  <p className="notice" data-testid={`kept-${index}`}>
                    Đã nhận tệp "{kept.fileName}" ({Math.ceil(kept.size / 1024)} KB). Chọn tệp khác nếu muốn thay.
                  </p>
                ) : null}
                <input id={name} name={name} type="file" accept="application/pdf,image/jpeg,image/png" {...invalid(name, true)} />
                <FieldError id={name} message={errors[name]} />
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>Cách nộp hồ sơ giấy</legend>
          <label style={{ fontWeight: 400 }}>
            <input type="radio" name="submissionChannel" value="online" defaultChecked={(value("submissionChannel") || "online") === "online"} /> Chỉ nộp
            trực tuyến (mang bản chính khi nhận kết quả nếu được yêu cầu)
          </label>
          <label style={{ fontWeight: 400 }}>
            <input type="radio" name="submissionChannel" value="post" defaultChecked={value("submissionChannel") === "post"} /> Nộp hồ sơ qua bưu
            chính: nhân viên bưu chính đến địa chỉ của tôi nhận hồ sơ giấy
          </label>
          <FieldError id="submissionChannel" message={errors.submissionChannel} />
          <PostalAddressFields prefix="pickup" title="Địa chỉ thu gom hồ sơ (khi nộp qua bưu chính)" value={value} errors={errors} />
        </fieldset>

        {busy ? (
          <p role="status" className="hint">
            <progress className="upload-progress" aria-label="Đang gửi hồ sơ và tải tệp lên" />
            <br />
            Đang gửi và tải tệp lên… Vui lòng không đóng trang.
          </p>
        ) : null}
        <div className="wizard-actions">
          <button type="submit" name="intent" value="continue" className="primary" disabled={busy}>
            Tiếp tục
          </button>
          <button type="submit" name="intent" value="save" className="secondary" formNoValidate disabled={busy}>
            Lưu nháp
          </button>
          <Link to="/ho-so-nhap">Hồ sơ nháp của tôi</Link>
        </div>
      </Form>
    </>
  );
}

/** Street address and district for a postal pickup or delivery; the server requires them only for that choice. */
export function PostalAddressFields(props: {
  prefix: "pickup" | "delivery";
  title: string;
  value: (name: string) => string;
  errors: Record<string, string>;
}) {
  const { prefix, title, value, errors } = props;
  const address = `${prefix}Address`;
  const district = `${prefix}District`;
  return (
    <div className="postal-address">
      <p className="hint">{title}</p>
      <label htmlFor={address}>Số nhà, thôn/xóm, xã/phường</label>
      <input id={address} name={address} autoComplete="street-address" defaultValue={value(address)} {...invalidProps(errors, address)} />
      <FieldError id={address} message={errors[address]} />
      <label htmlFor={district}>Huyện/thành phố (tỉnh Thái Bình)</label>
      <select id={district} name={district} defaultValue={value(district)} {...invalidProps(errors, district)}>
        <option value="">— Chọn —</option>
        {DISTRICTS.map((d) => (
          <option key={d.code} value={d.code}>
            {d.name}
          </option>
        ))}
      </select>
      <FieldError id={district} message={errors[district]} />
    </div>
  );
}
