import { Form } from "@remix-run/react";
import type { AgencyFormValues } from "../../services/admin/agencies.server";

export type { AgencyFormValues };

export const EMPTY_AGENCY: AgencyFormValues = {
  name: "",
  level: "commune",
  kind: "government",
  parentId: "",
  identifier: "",
  identifierIsSample: true,
  placeName: "",
  headTitle: "",
  abbreviation: "",
  address: "",
  sealAppliedBy: "clerk",
  active: true,
};

const LEVELS = [
  ["province", "Cấp tỉnh"],
  ["district", "Cấp huyện"],
  ["commune", "Cấp xã"],
] as const;
const KINDS = [
  ["government", "UBND (cơ quan hành chính)"],
  ["department", "Sở, ban, ngành"],
  ["desk", "Bộ phận Một cửa"],
  ["unit", "Phòng, đơn vị chuyên môn"],
] as const;

/** The agency form of the tree page (creation) and of an agency's page (editing). */
export function AgencyForm({
  values,
  errors,
  parents,
  submitLabel,
  idPrefix,
}: {
  values: AgencyFormValues;
  errors: Record<string, string>;
  parents: Array<{ id: number; name: string; depth: number }>;
  submitLabel: string;
  idPrefix: string;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const text = (name: keyof AgencyFormValues, label: string, hint?: string) => (
    <div>
      <label htmlFor={id(name)}>{label}</label>
      <input
        id={id(name)}
        name={name}
        defaultValue={String(values[name] ?? "")}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? id(`${name}-error`) : hint ? id(`${name}-hint`) : undefined}
      />
      {hint && !errors[name] ? (
        <p className="hint" id={id(`${name}-hint`)}>
          {hint}
        </p>
      ) : null}
      {errors[name] ? (
        <p className="field-error" id={id(`${name}-error`)}>
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save" />
      <div className="grid">
        {text("name", "Tên cơ quan, đơn vị")}
        <div>
          <label htmlFor={id("parentId")}>Cơ quan cấp trên</label>
          <select id={id("parentId")} name="parentId" defaultValue={values.parentId} aria-invalid={errors.parentId ? true : undefined}>
            <option value="">— Không có (cấp cao nhất) —</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {"\u00a0\u00a0".repeat(p.depth)}
                {p.name}
              </option>
            ))}
          </select>
          {errors.parentId ? <p className="field-error">{errors.parentId}</p> : null}
        </div>
        <div>
          <label htmlFor={id("level")}>Cấp</label>
          <select id={id("level")} name="level" defaultValue={values.level}>
            {LEVELS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={id("kind")}>Loại</label>
          <select id={id("kind")} name="kind" defaultValue={values.kind}>
            {KINDS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        {text("identifier", "Mã định danh (QCVN 102:2016)", "Dạng 000.00.15.H54; để trống với phòng, bộ phận.")}
        <div>
          <label>
            <input type="checkbox" name="identifierIsSample" defaultChecked={values.identifierIsSample} /> Mã định danh là dữ liệu mẫu (chưa xác minh)
          </label>
        </div>
        {text("placeName", "Địa danh (nơi ban hành văn bản)", "Ví dụ: Đông Hưng")}
        {text("headTitle", "Chức danh người đứng đầu", "Ví dụ: Chủ tịch, Giám đốc")}
        {text("abbreviation", "Chữ viết tắt", "Ví dụ: UBND, STP")}
        {text("address", "Địa chỉ")}
        <div>
          <label htmlFor={id("sealAppliedBy")}>Người đóng dấu số của cơ quan</label>
          <select id={id("sealAppliedBy")} name="sealAppliedBy" defaultValue={values.sealAppliedBy}>
            <option value="clerk">Văn thư</option>
            <option value="system">Hệ thống (ngay sau chữ ký lãnh đạo)</option>
          </select>
        </div>
        <div>
          <label>
            <input type="checkbox" name="active" defaultChecked={values.active} /> Đang hoạt động
          </label>
        </div>
      </div>
      <p>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </p>
    </Form>
  );
}

/** The agency form as posted, kept as typed for an answer with errors. */
export function agencyValuesOf(form: FormData): AgencyFormValues {
  const text = (name: string) => String(form.get(name) ?? "");
  return {
    name: text("name"),
    level: text("level"),
    kind: text("kind"),
    parentId: text("parentId"),
    identifier: text("identifier"),
    identifierIsSample: form.get("identifierIsSample") === "on",
    placeName: text("placeName"),
    headTitle: text("headTitle"),
    abbreviation: text("abbreviation"),
    address: text("address"),
    sealAppliedBy: text("sealAppliedBy"),
    active: form.get("active") === "on",
  };
}
