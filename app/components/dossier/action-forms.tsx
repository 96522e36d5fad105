/**
 * The action forms of the dossier page. Each form is validated by conform with the page's one zod
 * schema (dossier-action-schema.ts) before it is sent, and again by the server; what was typed
 * survives an error. Every form carries the version shown and a fresh transaction id.
 */
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import type { DossierEventType, DraftResult } from "../../../workflows/dossier-machine";
import { dossierActionSchema, type DossierActionForm, type DossierActionInput } from "../../dossier-action-schema";

export type PageAction = { type: DossierEventType; label: string; transactionId: string };
export type ActionReply = { intent: string; result: SubmissionResult<string[]>; done?: string; stale?: boolean } | undefined;
/** What a form posts as its intent: a statechart event, or CLAIM (an ASSIGN naming the signed-in officer). */
export type FormAction = { type: DossierEventType | "CLAIM"; transactionId: string };

/** The units and officers of the step a hand-over (TRANSFER, COMPLETE_STEP) enters. */
export type HandOverChoices = {
  stepName: string;
  units: Array<{ id: string; name: string }>;
  people: Array<{ id: string; name: string; unitId: string | null }>;
} | null;

export type Fields = Record<string, FieldMetadata<string | undefined>>;

type ActionField = {
  name: string;
  label: string;
  kind: "textarea" | "date" | "datetime-local" | "text" | "select" | "confirm" | "documents";
  required?: boolean;
};

/** Actions that need more than a click; each gets its own small form. */
export const ACTION_FORMS: Partial<Record<DossierEventType, { fields: ActionField[]; style: "secondary" | "danger" }>> = {
  REFUSE: { style: "danger", fields: [{ name: "note", label: "Lý do từ chối", kind: "textarea", required: true }] },
  REQUEST_SUPPLEMENT: {
    style: "secondary",
    fields: [
      { name: "note", label: "Nội dung cần bổ sung", kind: "textarea", required: true },
      { name: "deadline", label: "Hạn bổ sung (quá hạn, hồ sơ bị từ chối)", kind: "date" },
      { name: "documents", label: "Giấy tờ cần bổ sung (công dân tải lên từng giấy tờ được chọn)", kind: "documents" },
    ],
  },
  SEND_BACK: { style: "secondary", fields: [{ name: "note", label: "Lý do trả lại", kind: "textarea", required: true }] },
  APOLOGISE: {
    style: "secondary",
    fields: [
      { name: "newDueAt", label: "Ngày, giờ hẹn trả kết quả mới", kind: "datetime-local", required: true },
      { name: "note", label: "Lý do chậm trả kết quả", kind: "textarea", required: true },
    ],
  },
  FORWARD: {
    style: "secondary",
    fields: [
      { name: "targetAgency", label: "Cơ quan nhận hồ sơ liên thông", kind: "select", required: true },
      { name: "note", label: "Ghi chú", kind: "textarea" },
    ],
  },
  FORWARD_RETURNED: { style: "secondary", fields: [{ name: "note", label: "Ghi chú", kind: "textarea" }] },
  FEE_PAID: { style: "secondary", fields: [{ name: "reference", label: "Số biên lai hoặc mã giao dịch", kind: "text" }] },
  STOP: { style: "danger", fields: [{ name: "note", label: "Lý do dừng giải quyết", kind: "textarea", required: true }] },
  WITHDRAW: {
    style: "danger",
    fields: [
      { name: "note", label: "Lý do rút hồ sơ", kind: "textarea" },
      { name: "confirm", label: "Tôi xác nhận rút hồ sơ này; hồ sơ sẽ dừng giải quyết.", kind: "confirm", required: true },
    ],
  },
};

export function useActionForm(action: FormAction, reply: ActionReply) {
  return useForm<DossierActionInput, DossierActionForm>({
    id: `dossier-action-${action.type}`,
    lastResult: reply?.intent === action.type ? reply.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: dossierActionSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
}

export function FieldError({ field }: { field: { errorId: string; errors?: string[] } }) {
  return field.errors?.length ? (
    <p id={field.errorId} className="field-error">
      {field.errors[0]}
    </p>
  ) : null;
}

/** The form's frame: hidden fields, the one alert with the first error, and its submit button. */
export function ActionFormFrame(props: {
  action: FormAction;
  version: number;
  form: ReturnType<typeof useActionForm>[0];
  busy: boolean;
  buttonLabel: string;
  buttonClass: string;
  children?: ReactNode;
}) {
  const { action, version, form, busy } = props;
  const firstError = Object.values(form.allErrors).flat()[0];
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={action.type} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="transactionId" value={action.transactionId} />
      {firstError ? (
        <div className="error-box" role="alert">
          {firstError}
        </div>
      ) : null}
      {props.children}
      <p>
        <button type="submit" className={props.buttonClass} disabled={busy}>
          {props.buttonLabel}
        </button>
      </p>
    </Form>
  );
}

/**
 * The unit (phòng) and, optionally, the officer a hand-over names; both optional: without a unit the
 * dossier goes to the step's role at the agency, without a person anyone of the unit may claim it.
 */
export function HandOverFields({ action, fields, choices }: { action: FormAction; fields: Fields; choices: NonNullable<HandOverChoices> }) {
  const { key: unitKey, ...unitProps } = getSelectProps(fields.unitId);
  const { key: personKey, ...personProps } = getSelectProps(fields.assigneeUserId);
  return (
    <fieldset className="hand-over">
      <legend>Chuyển tới: {choices.stepName}</legend>
      <div>
        <label htmlFor={`${action.type}-unitId`}>Phòng xử lý</label>
        <select key={unitKey} {...unitProps} id={`${action.type}-unitId`}>
          <option value="">— Không chọn phòng —</option>
          {choices.units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        <FieldError field={fields.unitId} />
      </div>
      <div>
        <label htmlFor={`${action.type}-assigneeUserId`}>Cán bộ xử lý (không bắt buộc)</label>
        <select key={personKey} {...personProps} id={`${action.type}-assigneeUserId`}>
          <option value="">— Không chỉ định —</option>
          <AssigneeOptions people={choices.people} units={choices.units} />
        </select>
        <FieldError field={fields.assigneeUserId} />
      </div>
    </fieldset>
  );
}

/** The officers a step can go to, each with her unit's name so that namesakes are told apart. */
export function AssigneeOptions({ people, units }: { people: Array<{ id: string; name: string; unitId: string | null }>; units: Array<{ id: string; name: string }> }) {
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  return (
    <>
      {people.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
          {p.unitId && unitNames.get(p.unitId) ? ` — ${unitNames.get(p.unitId)}` : ""}
        </option>
      ))}
    </>
  );
}

/** A one-click action (tiếp nhận, chuyển, phê duyệt…); a hand-over also names the unit and person. */
export function ButtonActionForm({
  action,
  version,
  reply,
  busy,
  handOver = null,
}: {
  action: PageAction;
  version: number;
  reply: ActionReply;
  busy: boolean;
  handOver?: HandOverChoices;
}) {
  const [form, fieldsOf] = useActionForm(action, reply);
  const withHandOver = handOver && (action.type === "TRANSFER" || action.type === "COMPLETE_STEP");
  return (
    <ActionFormFrame action={action} version={version} form={form} busy={busy} buttonLabel={action.label} buttonClass="primary">
      {withHandOver ? <HandOverFields action={action} fields={fieldsOf as unknown as Fields} choices={handOver} /> : null}
    </ActionFormFrame>
  );
}

/** An action with a few fields of its own, folded under its name. */
export function DetailedActionForm(props: {
  action: PageAction;
  version: number;
  reply: ActionReply;
  busy: boolean;
  forwardTargets: Array<{ id: string; name: string }>;
  /** The procedure's documents, for a supplement request to name the missing ones. */
  documents?: string[];
}) {
  const { action, version, reply, busy, forwardTargets, documents = [] } = props;
  const spec = ACTION_FORMS[action.type]!;
  const [form, fieldsOf] = useActionForm(action, reply);
  const fields = fieldsOf as unknown as Fields;
  // Opened by an error, it stays open while the user corrects it (errors clear as they type).
  const hasErrors = Object.keys(form.allErrors).length > 0;
  const [open, setOpen] = useState(hasErrors);
  if (hasErrors && !open) setOpen(true);
  return (
    <details open={open}>
      <summary>{action.label}</summary>
      <ActionFormFrame action={action} version={version} form={form} busy={busy} buttonLabel={action.label} buttonClass={spec.style}>
        {spec.fields.map((field) => {
          const meta = fields[field.name];
          const id = `${action.type}-${field.name}`;
          const label = (
            <label htmlFor={id} className={field.required ? "required" : undefined}>
              {field.label}
            </label>
          );
          switch (field.kind) {
            case "documents": {
              if (documents.length === 0) return null;
              const chosen = new Set([meta?.initialValue ?? []].flat().map(String));
              return (
                <fieldset key={id}>
                  <legend>{field.label}</legend>
                  {documents.map((name, i) => (
                    <label key={name} htmlFor={`${id}-${i}`} style={{ fontWeight: 400 }}>
                      <input id={`${id}-${i}`} type="checkbox" name="documents" value={name} defaultChecked={chosen.has(name)} /> {name}
                    </label>
                  ))}
                </fieldset>
              );
            }
            case "textarea": {
              const { key, ...rest } = getTextareaProps(meta);
              return (
                <div key={id}>
                  {label}
                  <textarea key={key} {...rest} id={id} />
                  <FieldError field={meta} />
                </div>
              );
            }
            case "select": {
              const { key, ...rest } = getSelectProps(meta);
              return (
                <div key={id}>
                  {label}
                  <select key={key} {...rest} id={id}>
                    <option value="">— Chọn cơ quan —</option>
                    {forwardTargets.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                  <FieldError field={meta} />
                </div>
              );
            }
            case "confirm": {
              const { key, ...rest } = getInputProps(meta, { type: "checkbox", value: "yes" });
              return (
                <div key={id}>
                  <label htmlFor={id} style={{ fontWeight: 400 }}>
                    <input key={key} {...rest} id={id} /> {field.label}
                  </label>
                  <FieldError field={meta} />
                </div>
              );
            }
            default: {
              const { key, ...rest } = getInputProps(meta, { type: field.kind });
              return (
                <div key={id}>
                  {label}
                  <input key={key} {...rest} id={id} />
                  <FieldError field={meta} />
                </div>
              );
            }
          }
        })}
      </ActionFormFrame>
    </details>
  );
}

/** The specialist's draft of the result (dự thảo kết quả) with her opinion. */
export function DraftResultForm(props: { action: PageAction; version: number; reply: ActionReply; busy: boolean; draft: DraftResult; handOver?: HandOverChoices }) {
  const { action, version, reply, busy, draft, handOver = null } = props;
  const [form, fieldsOf] = useActionForm(action, reply);
  const fields = fieldsOf as unknown as Fields;
  const typed = (name: string) => {
    const initial = form.initialValue as { draft?: { fields?: Array<{ value?: string }> } } | undefined;
    return initial?.draft?.fields?.[Number(name)]?.value;
  };
  const { key: noteKey, ...noteProps } = getTextareaProps(fields.note);
  return (
    <>
    <p>
      {/* The typed template, saved drafts, the appraisal note and the PDF preview live on their own page. */}
      <Link className="button" to="du-thao" relative="path" data-testid="open-drafting">
        Soạn dự thảo theo mẫu, lưu và xem trước bản PDF
      </Link>
    </p>
    <ActionFormFrame action={action} version={version} form={form} busy={busy} buttonLabel="Hoàn thành thụ lý, trình lãnh đạo" buttonClass="primary">
      <input type="hidden" name="draft.title" value={draft.title} />
      <fieldset>
        <legend>Dự thảo kết quả: {draft.title}</legend>
        {draft.fields.map((field, i) => {
          const errors = form.allErrors[`draft.fields[${i}].value`];
          return (
            <div key={i}>
              <input type="hidden" name={`draft.fields[${i}].label`} value={field.label} />
              {field.name ? <input type="hidden" name={`draft.fields[${i}].name`} value={field.name} /> : null}
              <label htmlFor={`draft-${i}`}>{field.label}</label>
              <input
                id={`draft-${i}`}
                name={`draft.fields[${i}].value`}
                defaultValue={typed(String(i)) ?? field.value}
                aria-invalid={errors ? true : undefined}
                aria-describedby={errors ? `draft-${i}-error` : undefined}
              />
              {errors ? (
                <p id={`draft-${i}-error`} className="field-error">
                  {errors[0]}
                </p>
              ) : null}
            </div>
          );
        })}
        <label htmlFor="complete-note">Ý kiến thụ lý</label>
        <textarea key={noteKey} {...noteProps} id="complete-note" />
        <FieldError field={fields.note} />
      </fieldset>
      {handOver ? <HandOverFields action={action} fields={fields} choices={handOver} /> : null}
    </ActionFormFrame>
    </>
  );
}

/** The citizen's supplement: a file (checked by the server's upload rules) and a note. */
export function SupplementForm({ action, version, reply, busy }: { action: PageAction; version: number; reply: ActionReply; busy: boolean }) {
  const [form, fieldsOf] = useActionForm(action, reply);
  const fields = fieldsOf as unknown as Fields;
  const fileErrors = form.allErrors.supplementFile;
  const { key, ...noteProps } = getTextareaProps(fields.note);
  return (
    <ActionFormFrame action={action} version={version} form={form} busy={busy} buttonLabel="Gửi hồ sơ bổ sung" buttonClass="primary">
      <label htmlFor="supplementFile" className="required">
        Giấy tờ bổ sung (PDF, JPG, PNG; tối đa 10 MB)
      </label>
      <input
        id="supplementFile"
        name="supplementFile"
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        aria-invalid={fileErrors ? true : undefined}
      />
      <label htmlFor="supplement-note">Ghi chú</label>
      <textarea key={key} {...noteProps} id="supplement-note" />
      <FieldError field={fields.note} />
    </ActionFormFrame>
  );
}
