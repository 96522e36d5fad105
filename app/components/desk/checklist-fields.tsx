/**
 * The checklist of the paper dossier, one fieldset per required document: presented or not, in which
 * form, how many, why it is missing, and (at walk-in intake) the scan. Shared by walk-in intake and
 * the reception of online and postal dossiers.
 */
import { DOCUMENT_FORM_NAMES, type ChecklistRow } from "../../desk-labels";

export type KeptUpload = { index: number; token: string; fileName: string; size: number };

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

export function ChecklistFields(props: {
  rows: ChecklistRow[];
  errors: Record<string, string>;
  /** Present at walk-in intake: a file input per document, and the scans a failed submit kept. */
  scans?: { kept: KeptUpload[] };
  idPrefix?: string;
}) {
  const { rows, errors, scans } = props;
  const prefix = props.idPrefix ?? "checklist";
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {});
  return (
    <div className="checklist" data-testid="checklist">
      {rows.map((row) => {
        const name = (field: string) => `checklist-${row.index}-${field}`;
        const id = (field: string) => `${prefix}-${row.index}-${field}`;
        const kept = scans?.kept.find((k) => k.index === row.index);
        return (
          <fieldset key={row.index} className="checklist-item">
            <legend>
              {row.index + 1}. {row.name}
              {row.required ? <span className="hint"> (bắt buộc)</span> : <span className="hint"> (nếu có)</span>}
            </legend>
            <p className="hint">
              Yêu cầu: bản chính {row.originals}, bản sao {row.copies}
            </p>
            <label htmlFor={id("present")} style={{ fontWeight: 400 }}>
              <input id={id("present")} type="checkbox" name={name("present")} value="yes" defaultChecked={row.present} /> Đã nộp, đã kiểm tra
            </label>
            <div className="checklist-row">
              <div>
                <label htmlFor={id("form")}>Hình thức</label>
                <select id={id("form")} name={name("form")} defaultValue={row.form ?? ""} {...invalid(name("form"))}>
                  <option value="">— Chọn —</option>
                  {Object.entries(DOCUMENT_FORM_NAMES).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
                <FieldError id={name("form")} message={errors[name("form")]} />
              </div>
              <div>
                <label htmlFor={id("count")}>Số lượng</label>
                <input id={id("count")} name={name("count")} type="number" min={1} max={99} inputMode="numeric" defaultValue={row.count} {...invalid(name("count"))} />
                <FieldError id={name("count")} message={errors[name("count")]} />
              </div>
            </div>
            <label htmlFor={id("note")}>Ghi chú (lý do thiếu hoặc chưa hợp lệ)</label>
            <input id={id("note")} name={name("note")} defaultValue={row.note} {...invalid(name("note"))} />
            <FieldError id={name("note")} message={errors[name("note")]} />
            {scans ? (
              <>
                {kept ? (
                  <p className="notice">
                    Đã nhận bản quét "{kept.fileName}" ({Math.ceil(kept.size / 1024)} KB). Chọn tệp khác nếu muốn thay.
                    <input type="hidden" name={`pending-${row.index}`} value={kept.token} />
                  </p>
                ) : null}
                <label htmlFor={`doc-${row.index}`}>Bản quét (PDF, JPG, PNG; tối đa 10 MB)</label>
                <input id={`doc-${row.index}`} name={`doc-${row.index}`} type="file" accept="application/pdf,image/jpeg,image/png" {...invalid(`doc-${row.index}`)} />
                <FieldError id={`doc-${row.index}`} message={errors[`doc-${row.index}`]} />
              </>
            ) : null}
          </fieldset>
        );
      })}
    </div>
  );
}
