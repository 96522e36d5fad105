/**
 * The procedure's e-form (tờ khai) as the citizen's wizard and the desk's walk-in intake both show
 * it: one field per `formFields` entry, named `f_<name>`, typed (money, date, CCCD, phone, address),
 * with its hint and the server's (or the browser's) message tied to the input.
 *
 * An address is a cascade of selects from the administrative units: without JavaScript the citizen
 * chooses the province and presses "Chọn" (the server saves the draft and answers with the next
 * list); with JavaScript the next list is fetched in place. Without `units` (the desk), an address
 * is one text line.
 */
import { useEffect, useState } from "react";
import type { FormField } from "../../db/schema";
import { fieldLabel, type EFormLanguage } from "../e-form-schema";

/** A field's error, referenced by the input's aria-describedby (`<id>-error`). */
export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

/** aria attributes of an input whose value was refused, with its hint (`<id>-hint`) when it has one. */
export function invalidProps(errors: Record<string, string>, name: string, hasHint = false) {
  const described = [hasHint ? `${name}-hint` : null, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ");
  return {
    ...(errors[name] ? { "aria-invalid": true as const } : {}),
    ...(described ? { "aria-describedby": described } : {}),
  };
}

export type UnitOption = { code: string; name: string };
export type AddressUnits = { provinces: UnitOption[]; children: Record<string, UnitOption[]> };

const TEXT = {
  vi: { choose: "— Chọn —", chooseButton: "Chọn", province: "Tỉnh/thành phố", unit: "Huyện/xã/phường", street: "Số nhà, đường, thôn/xóm", moneyHint: "Số tiền bằng đồng, ví dụ 1.000.000", loading: "Đang tải danh sách…" },
  en: { choose: "— Choose —", chooseButton: "Choose", province: "Province or city", unit: "District or commune", street: "House number, street, hamlet", moneyHint: "Amount in đồng, like 1,000,000", loading: "Loading the list…" },
} as const;

export function EFormFields({
  legend,
  fields,
  values,
  errors,
  units,
  language = "vi",
}: {
  legend: string;
  fields: FormField[];
  values: Record<string, string> | undefined;
  errors: Record<string, string>;
  units?: AddressUnits;
  language?: EFormLanguage;
}) {
  if (fields.length === 0) return null;
  const t = TEXT[language];
  return (
    <fieldset>
      <legend>{legend}</legend>
      {fields.map((field) => {
        const name = `f_${field.name}`;
        const label = fieldLabel(field, language);
        const hint = (language === "en" ? (field.hintEn ?? field.hint) : field.hint) ?? (field.type === "money" ? t.moneyHint : undefined);
        if (field.type === "address" && units) {
          return <AddressField key={name} field={field} label={label} hint={hint} values={values ?? {}} errors={errors} units={units} language={language} />;
        }
        const value = values?.[name] ?? "";
        const common = { id: name, name, defaultValue: value, ...invalidProps(errors, name, !!hint) };
        return (
          <div key={name} className="e-form-field">
            <label htmlFor={name} className={field.required ? "required" : undefined}>
              {label}
            </label>
            {hint ? (
              <p className="hint" id={`${name}-hint`}>
                {hint}
              </p>
            ) : null}
            {field.type === "textarea" ? (
              <textarea {...common} />
            ) : field.type === "date" ? (
              <input {...common} type="date" />
            ) : field.type === "money" ? (
              <input {...common} type="text" inputMode="numeric" autoComplete="off" />
            ) : field.type === "idNumber" ? (
              <input {...common} type="text" inputMode="numeric" autoComplete="off" spellCheck={false} />
            ) : field.type === "phone" ? (
              <input {...common} type="tel" autoComplete="tel" />
            ) : (
              <input {...common} type="text" />
            )}
            <FieldError id={name} message={errors[name]} />
          </div>
        );
      })}
    </fieldset>
  );
}

function AddressField({
  field,
  label,
  hint,
  values,
  errors,
  units,
  language,
}: {
  field: FormField;
  label: string;
  hint?: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  units: AddressUnits;
  language: EFormLanguage;
}) {
  const t = TEXT[language];
  const name = `f_${field.name}`;
  const [province, setProvince] = useState(values[`${name}__province`] ?? "");
  const [children, setChildren] = useState<UnitOption[]>(units.children[province] ?? []);
  const [loading, setLoading] = useState(false);
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  useEffect(() => {
    if (!enhanced) return;
    if (!province) return setChildren([]);
    if (units.children[province]) return setChildren(units.children[province]);
    const controller = new AbortController();
    setLoading(true);
    fetch(`/don-vi-hanh-chinh?cha=${encodeURIComponent(province)}`, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : { units: [] }))
      .then((body: { units: UnitOption[] }) => setChildren(body.units))
      .catch(() => undefined)
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, [province, enhanced, units.children]);
  const ids = { province: `${name}__province`, unit: `${name}__unit`, street: `${name}__street` };
  return (
    <fieldset className="address-field" aria-describedby={hint ? `${name}-hint` : undefined}>
      <legend className={field.required ? "required" : undefined}>{label}</legend>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <label htmlFor={ids.province}>{t.province}</label>
      <div className="inline-choice">
        <select id={ids.province} name={ids.province} value={province} onChange={(e) => setProvince(e.target.value)} {...invalidProps(errors, ids.province)}>
          <option value="">{t.choose}</option>
          {units.provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
        {enhanced ? null : (
          <button type="submit" name="intent" value={`choose:${name}`} className="secondary" formNoValidate>
            {t.chooseButton}
          </button>
        )}
      </div>
      <FieldError id={ids.province} message={errors[ids.province]} />
      <label htmlFor={ids.unit}>{t.unit}</label>
      <select id={ids.unit} name={ids.unit} defaultValue={values[ids.unit] ?? ""} key={`${province}:${children.length}`} aria-busy={loading || undefined} {...invalidProps(errors, ids.unit)}>
        <option value="">{loading ? t.loading : t.choose}</option>
        {children.map((u) => (
          <option key={u.code} value={u.code}>
            {u.name}
          </option>
        ))}
      </select>
      <FieldError id={ids.unit} message={errors[ids.unit]} />
      <label htmlFor={ids.street}>{t.street}</label>
      <input id={ids.street} name={ids.street} defaultValue={values[ids.street] ?? ""} autoComplete="address-line1" {...invalidProps(errors, ids.street)} />
      <FieldError id={ids.street} message={errors[ids.street]} />
    </fieldset>
  );
}
