import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "../services/permissions.server";
import { DossierActionError } from "../services/dossier-actions.server";
import { loadProcedureForSubmission, submitOnlineDossier } from "../services/dossier-submission.server";
import { FormRejected, parseForm, rejectionHeaders } from "../services/uploads.server";
import { readSubmissionForm, submissionFormSpec } from "../services/submission-form.server";
import { formatAllowance, formatMoney, RESULT_DELIVERY_NAMES } from "../labels";
import { DISTRICTS } from "../services/postal/areas";
import { EFormFields, FieldError, invalidProps } from "../components/e-form-fields";

export const meta: MetaFunction = () => [{ title: "Nộp hồ sơ trực tuyến — Một Cửa Thái Bình" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
  const loaded = await loadProcedureForSubmission(services, params.code ?? "");
  if (!loaded) throw new Response("Không tìm thấy thủ tục hành chính này.", { status: 404 });
  // The body is read only now, after the session check, with this procedure's fields and limits.
  let posted: FormData;
  try {
    posted = await parseForm(request, submissionFormSpec(loaded.procedure));
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    return json({ errors: {} as Record<string, string>, formError: error.message, values: {} as Record<string, string>, pending: [] }, { status: error.status, headers: rejectionHeaders });
  }
  const form = await readSubmissionForm(services, user.id, loaded.procedure, posted);
  const { values, pending } = form;
  if (!form.ok) {
    return json({ errors: form.errors, formError: "Hồ sơ chưa được nộp. Vui lòng sửa các mục được đánh dấu bên dưới.", values, pending }, { status: form.status });
  }
  try {
    const result = await submitOnlineDossier(services, { ...form.submission, procedureCode: loaded.procedure.code, applicantUserId: user.id });
    return redirect(`/ho-so/${result.code}?da-nop=1`);
  } catch (error) {
    if (!(error instanceof DossierActionError)) throw error;
    return json({ errors: {} as Record<string, string>, formError: error.message, values, pending }, { status: error.status });
  }
}

export default function SubmitOnline() {
  const { procedure, agencyName, profile, idempotencyKey } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = data?.errors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  const value = (name: string, fallback = "") => values[name] ?? fallback;
  const pendingByIndex = new Map((data?.pending ?? []).map((p) => [p.index, p]));
  const invalid = (name: string) => invalidProps(errors, name);

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

        <EFormFields legend="Nội dung đề nghị" fields={procedure.formFields} values={values} errors={errors} />

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
          <legend>Cách nộp hồ sơ giấy</legend>
          <label style={{ fontWeight: 400 }}>
            <input type="radio" name="submissionChannel" value="online" defaultChecked={value("submissionChannel", "online") === "online"} /> Chỉ nộp
            trực tuyến (mang bản chính khi nhận kết quả nếu được yêu cầu)
          </label>
          <label style={{ fontWeight: 400 }}>
            <input type="radio" name="submissionChannel" value="post" defaultChecked={value("submissionChannel", "online") === "post"} /> Nộp hồ sơ
            qua bưu chính: nhân viên bưu chính đến địa chỉ của tôi nhận hồ sơ giấy
          </label>
          <FieldError id="submissionChannel" message={errors.submissionChannel} />
          <PostalAddressFields prefix="pickup" title="Địa chỉ thu gom hồ sơ (khi nộp qua bưu chính)" value={value} errors={errors} invalid={invalid} />
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
          <PostalAddressFields prefix="delivery" title="Địa chỉ nhận kết quả (khi nhận qua bưu chính)" value={value} errors={errors} invalid={invalid} />
        </fieldset>

        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Đang nộp…" : "Nộp hồ sơ"}
        </button>
      </Form>
    </>
  );
}

/** Street address and district for a postal pickup or delivery; the server requires them only for that choice. */
function PostalAddressFields(props: {
  prefix: "pickup" | "delivery";
  title: string;
  value: (name: string, fallback?: string) => string;
  errors: Record<string, string>;
  invalid: (name: string) => Record<string, unknown>;
}) {
  const { prefix, title, value, errors, invalid } = props;
  const address = `${prefix}Address`;
  const district = `${prefix}District`;
  return (
    <div className="postal-address">
      <p className="hint">{title}</p>
      <label htmlFor={address}>Số nhà, thôn/xóm, xã/phường</label>
      <input id={address} name={address} autoComplete="street-address" defaultValue={value(address)} {...invalid(address)} />
      <FieldError id={address} message={errors[address]} />
      <label htmlFor={district}>Huyện/thành phố (tỉnh Thái Bình)</label>
      <select id={district} name={district} defaultValue={value(district)} {...invalid(district)}>
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
