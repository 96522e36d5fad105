import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ALLOWANCE_UNIT_NAMES, FIELD_TYPE_NAMES, RESULT_TEMPLATE_NAMES, SERVICE_MODE_NAMES } from "../admin-labels";
import {
  attachDocumentTemplate,
  procedureForAdmin,
  procedureInputFromForm,
  updateProcedure,
  type ProcedureInput,
} from "../services/admin/procedures.server";
import { AdminInputError } from "../services/admin/users.server";
import { fileField, FormRejected, parseForm, rejectionHeaders, UploadRejected } from "../services/uploads.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Thủ tục hành chính — Quản trị" }];

async function load(context: LoaderFunctionArgs["context"], code: string) {
  const found = await procedureForAdmin(context.services, code);
  if (!found) throw new Response("Không tìm thấy thủ tục hành chính.", { status: 404 });
  return found;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:procedures:all");
  const { procedure, agencies } = await load(context, params.code ?? "");
  const values: ProcedureInput = {
    name: procedure.name,
    field: procedure.field,
    level: procedure.level,
    agencyId: procedure.agencyId,
    serviceMode: procedure.serviceMode,
    allowance: procedure.allowance,
    onlineAllowance: procedure.onlineAllowance,
    timeNote: procedure.timeNote ?? "",
    feeAmount: procedure.feeAmount,
    feeNote: procedure.feeNote ?? "",
    legalBasis: procedure.legalBasis ?? "",
    resultName: procedure.resultName,
    resultTemplate: procedure.resultTemplate,
    resultSymbol: procedure.resultSymbol ?? "",
    documents: procedure.documents.map(({ template: _t, ...d }) => d),
    formFields: procedure.formFields,
  };
  return json({ code: procedure.code, values, templates: procedure.documents.map((d) => d.template ?? null), agencies });
}

type ActionData = { done: string | null; errors: Record<string, string>; values: ProcedureInput | null };
const answer = (data: Partial<ActionData>, status = 200, headers?: HeadersInit) => json({ done: null, errors: {}, values: null, ...data } satisfies ActionData, { status, headers });

const TEXT_FIELD = /^(intent|documentIndex|name|field|level|agencyId|serviceMode|allowanceAmount|allowanceUnit|onlineAllowanceAmount|onlineAllowanceUnit|timeNote|feeAmount|feeNote|legalBasis|resultName|resultTemplate|resultSymbol|(doc|field)\[\d{1,3}\]\.\w+)$/;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:procedures:all");
  const code = params.code ?? "";
  let form: FormData;
  try {
    form = await parseForm(request, { fields: (n) => TEXT_FIELD.test(n), files: (n) => n === "template", maxFiles: 1, maxFields: 400 });
  } catch (error) {
    if (error instanceof FormRejected) return answer({ errors: { form: error.message } }, error.status, rejectionHeaders);
    throw error;
  }
  try {
    if (form.get("intent") === "template") {
      const picked = fileField(form.get("template"));
      if (!picked) return answer({ errors: { template: "Vui lòng chọn tệp mẫu đơn, tờ khai." } }, 400);
      if ("oversizeName" in picked) return answer({ errors: { template: `Tệp "${picked.oversizeName}" vượt quá 10 MB.` } }, 413);
      const stored = await attachDocumentTemplate(context.services, admin.id, code, Number(form.get("documentIndex")), picked.file);
      return answer({ done: `Đã tải lên mẫu "${stored.fileName}" cho ${stored.documentName}.` });
    }
    const values = procedureInputFromForm(form);
    const saved = await updateProcedure(context.services, admin.id, code, values);
    if (!saved.ok) return answer({ errors: saved.errors, values }, 400);
    return answer({ done: "Đã lưu thủ tục." });
  } catch (error) {
    if (error instanceof AdminInputError) return answer({ errors: { form: error.message } }, error.status);
    if (error instanceof UploadRejected) return answer({ errors: { template: error.message } }, error.status as 400);
    throw error;
  }
}

const show = (n: number) => (Number.isFinite(n) ? String(n) : "");

export default function ProcedureEditor() {
  const { code, values: saved, templates, agencies } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const v = data?.values ?? saved;
  const input = (name: string, label: string, value: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} defaultValue={value} aria-invalid={errors[name] ? true : undefined} {...props} />
    </div>
  );
  const unitSelect = (name: string, value: string, label: string) => (
    <div>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value}>
        {Object.entries(ALLOWANCE_UNIT_NAMES).map(([u, l]) => (
          <option key={u} value={u}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <p>
        <Link to="/quan-tri/thu-tuc">← Danh sách thủ tục</Link> · <Link to={`/quan-tri/thu-tuc/${code}/quy-trinh`}>Quy trình xử lý</Link> ·{" "}
        <Link to={`/thu-tuc/${code}`}>Trang công khai</Link>
      </p>
      <h1>Thủ tục {code}</h1>
      {data?.done ? (
        <p className="notice" role="status">
          {data.done}
        </p>
      ) : null}
      {Object.keys(errors).length ? (
        <div className="error-box" role="alert">
          <ul style={{ margin: 0 }}>
            {Object.entries(errors).map(([k, e]) => (
              <li key={k}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" key={data?.done ?? "form"}>
        <input type="hidden" name="intent" value="save" />
        <section className="card" aria-labelledby="chung">
          <h2 id="chung">Thông tin chung</h2>
          <div className="grid">
            {input("name", "Tên thủ tục", v.name)}
            {input("field", "Lĩnh vực", v.field)}
            <div>
              <label htmlFor="level">Cấp thực hiện</label>
              <select id="level" name="level" defaultValue={v.level}>
                <option value="province">Cấp tỉnh</option>
                <option value="district">Cấp huyện</option>
                <option value="commune">Cấp xã</option>
              </select>
            </div>
            <div>
              <label htmlFor="agencyId">Cơ quan thực hiện</label>
              <select id="agencyId" name="agencyId" defaultValue={String(v.agencyId)} aria-invalid={errors.agencyId ? true : undefined}>
                {agencies.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="serviceMode">Mức độ dịch vụ công</label>
              <select id="serviceMode" name="serviceMode" defaultValue={v.serviceMode}>
                {Object.entries(SERVICE_MODE_NAMES).map(([m, l]) => (
                  <option key={m} value={m}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </section>
        <section className="card" aria-labelledby="thoi-han">
          <h2 id="thoi-han">Thời hạn, phí, lệ phí</h2>
          <div className="grid">
            {input("allowanceAmount", "Thời hạn giải quyết", show(v.allowance.amount), { inputMode: "decimal" })}
            {unitSelect("allowanceUnit", v.allowance.unit, "Đơn vị thời hạn")}
            {input("onlineAllowanceAmount", "Thời hạn với hồ sơ trực tuyến (nếu khác)", v.onlineAllowance ? show(v.onlineAllowance.amount) : "", { inputMode: "decimal" })}
            {unitSelect("onlineAllowanceUnit", v.onlineAllowance?.unit ?? "workingDay", "Đơn vị thời hạn trực tuyến")}
            {input("timeNote", "Ghi chú thời hạn", v.timeNote ?? "")}
            {input("feeAmount", "Phí, lệ phí (đồng)", show(v.feeAmount ?? 0), { inputMode: "numeric" })}
            {input("feeNote", "Ghi chú phí, lệ phí", v.feeNote ?? "")}
          </div>
        </section>
        <section className="card" aria-labelledby="ket-qua">
          <h2 id="ket-qua">Kết quả và căn cứ pháp lý</h2>
          <div className="grid">
            {input("resultName", "Tên kết quả", v.resultName)}
            <div>
              <label htmlFor="resultTemplate">Mẫu kết quả</label>
              <select id="resultTemplate" name="resultTemplate" defaultValue={v.resultTemplate}>
                {Object.entries(RESULT_TEMPLATE_NAMES).map(([t, l]) => (
                  <option key={t} value={t}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
            {input("resultSymbol", "Ký hiệu văn bản kết quả", v.resultSymbol ?? "", { placeholder: "GCN-ĐKHKD" })}
          </div>
          <label htmlFor="legalBasis">Căn cứ pháp lý</label>
          <textarea id="legalBasis" name="legalBasis" rows={3} defaultValue={v.legalBasis ?? ""} />
        </section>
        <section className="card" aria-labelledby="thanh-phan">
          <h2 id="thanh-phan">Thành phần hồ sơ</h2>
          <div className="form-rows">
            {[...v.documents, { name: "", originals: Number.NaN, copies: Number.NaN, required: false }].map((d, i) => (
              <fieldset key={i} className="form-row">
                <legend>{i < v.documents.length ? `Giấy tờ ${i + 1}` : "Thêm giấy tờ"}</legend>
                <div className="wide">
                  <label htmlFor={`doc-${i}-name`}>Tên giấy tờ</label>
                  <input id={`doc-${i}-name`} name={`doc[${i}].name`} defaultValue={d.name} />
                </div>
                <div>
                  <label htmlFor={`doc-${i}-originals`}>Bản chính</label>
                  <input id={`doc-${i}-originals`} name={`doc[${i}].originals`} inputMode="numeric" defaultValue={show(d.originals)} />
                </div>
                <div>
                  <label htmlFor={`doc-${i}-copies`}>Bản sao</label>
                  <input id={`doc-${i}-copies`} name={`doc[${i}].copies`} inputMode="numeric" defaultValue={show(d.copies)} />
                </div>
                <div>
                  <label>
                    <input type="checkbox" name={`doc[${i}].required`} defaultChecked={d.required} /> Bắt buộc
                  </label>
                  {i < v.documents.length ? (
                    <label>
                      <input type="checkbox" name={`doc[${i}].remove`} /> Bỏ giấy tờ này
                    </label>
                  ) : null}
                </div>
              </fieldset>
            ))}
          </div>
        </section>
        <section className="card" aria-labelledby="bieu-mau">
          <h2 id="bieu-mau">Trường của tờ khai điện tử</h2>
          <div className="form-rows">
            {[...v.formFields, { name: "", label: "", type: "text" as const, required: false }].map((f, i) => (
              <fieldset key={i} className="form-row">
                <legend>{i < v.formFields.length ? `Trường ${i + 1}` : "Thêm trường"}</legend>
                <div>
                  <label htmlFor={`field-${i}-name`}>Mã trường</label>
                  <input id={`field-${i}-name`} name={`field[${i}].name`} defaultValue={f.name} />
                </div>
                <div className="wide">
                  <label htmlFor={`field-${i}-label`}>Nhãn</label>
                  <input id={`field-${i}-label`} name={`field[${i}].label`} defaultValue={f.label} />
                </div>
                <div>
                  <label htmlFor={`field-${i}-type`}>Kiểu</label>
                  <select id={`field-${i}-type`} name={`field[${i}].type`} defaultValue={f.type}>
                    {Object.entries(FIELD_TYPE_NAMES).map(([t, l]) => (
                      <option key={t} value={t}>
                        {l}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label>
                    <input type="checkbox" name={`field[${i}].required`} defaultChecked={f.required} /> Bắt buộc
                  </label>
                  {i < v.formFields.length ? (
                    <label>
                      <input type="checkbox" name={`field[${i}].remove`} /> Bỏ trường này
                    </label>
                  ) : null}
                </div>
              </fieldset>
            ))}
          </div>
        </section>
        <p>
          <button type="submit" className="primary">
            Lưu thủ tục
          </button>
        </p>
      </Form>
      <section className="card" aria-labelledby="mau-don">
        <h2 id="mau-don">Mẫu đơn, tờ khai tải về</h2>
        <p className="hint">Tệp PDF, JPG hoặc PNG, tối đa 10 MB; công dân tải về ở trang công khai của thủ tục.</p>
        <ul className="admin-list">
          {saved.documents.map((d, i) => (
            <li key={d.name} style={{ marginBottom: ".75rem" }}>
              <strong>{d.name}</strong>
              {templates[i] ? (
                <>
                  {" "}
                  — <a href={`/thu-tuc/${code}/mau/${templates[i]!.sha256}`}>{templates[i]!.fileName}</a>
                </>
              ) : (
                <span className="hint"> — chưa có mẫu</span>
              )}
              <Form method="post" encType="multipart/form-data" className="search">
                <input type="hidden" name="intent" value="template" />
                <input type="hidden" name="documentIndex" value={i} />
                <label htmlFor={`template-${i}`} className="visually-hidden">
                  Tệp mẫu cho {d.name}
                </label>
                <input id={`template-${i}`} name="template" type="file" accept=".pdf,.jpg,.jpeg,.png" />
                <button type="submit" className="secondary" aria-label={`Tải lên mẫu cho ${d.name}`}>
                  Tải lên mẫu
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
