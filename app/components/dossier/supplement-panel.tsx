/**
 * The applicant's answer to a supplement request (issue 11): the reason, the missing documents and
 * the deadline beside one upload per missing document and a note, sent as SUPPLEMENT_PROVIDED
 * through the page's one action (performDossierAction).
 */
import { getTextareaProps } from "@conform-to/react";
import type { SerializeFrom } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../labels";
import type { DossierPageModel } from "../../services/dossier-page.server";
import { ActionFormFrame, FieldError, useActionForm, type ActionReply, type Fields, type PageAction } from "./action-forms";

type Request = NonNullable<SerializeFrom<DossierPageModel>["supplementRequest"]>;

const fileId = (name: string) => `supplement-${name.replace(/\./g, "-")}`;

export function SupplementPanel(props: { request: Request; action: PageAction | undefined; version: number; reply: ActionReply; busy: boolean }) {
  const { request, action, version, reply, busy } = props;
  const { t } = useTranslation("dossier");
  return (
    <section className="card supplement-request" aria-labelledby="supplement-title" data-testid="supplement-request">
      <h2 id="supplement-title">{t("supplement.title")}</h2>
      <dl className="facts">
        <dt>{t("supplement.reason")}</dt>
        <dd data-testid="supplement-reason">{request.reason}</dd>
        {request.documents.length ? (
          <>
            <dt>{t("supplement.missing")}</dt>
            <dd>
              <ul className="missing" data-testid="supplement-documents">
                {request.documents.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{t("supplement.deadline")}</dt>
        <dd data-testid="supplement-deadline">
          {request.deadline ? (
            <>
              <strong>{formatDateTime(request.deadline)}</strong> — {t("supplement.deadlineWarning")}
            </>
          ) : (
            t("supplement.deadlineNone")
          )}
        </dd>
      </dl>
      <p className="hint">{t("supplement.askedBy", { at: formatDateTime(request.askedAt), by: request.askedBy ?? "—" })}</p>
      {action ? <SupplementUploads request={request} action={action} version={version} reply={reply} busy={busy} /> : null}
    </section>
  );
}

function SupplementUploads({ request, action, version, reply, busy }: { request: Request; action: PageAction; version: number; reply: ActionReply; busy: boolean }) {
  const { t } = useTranslation("dossier");
  const [form, fieldsOf] = useActionForm(action, reply);
  const fields = fieldsOf as unknown as Fields;
  const { key, ...noteProps } = getTextareaProps(fields.note);
  const slots = request.documents.length
    ? request.documents.map((name, i) => ({ field: `supplementFile.${i}`, label: t("supplement.fileFor", { name }) }))
    : [{ field: "supplementFile", label: t("supplement.file") }];
  const errors = (form.allErrors ?? {}) as Record<string, string[]>;
  return (
    <>
      {/* The frame's alert names the first error; each file's own error sits beside it. */}
      <ActionFormFrame action={action} version={version} form={form} busy={busy} buttonLabel={t("supplement.submit")} buttonClass="primary">
        {slots.map((slot) => {
          const id = fileId(slot.field);
          const error = errors[slot.field]?.[0];
          return (
            <div key={slot.field} className="supplement-upload">
              <label htmlFor={id} className="required">
                {slot.label}
              </label>
              <p id={`${id}-hint`} className="hint">
                {t("supplement.fileHint")}
              </p>
              {error ? (
                <p id={`${id}-error`} className="field-error">
                  {error}
                </p>
              ) : null}
              <input
                id={id}
                name={slot.field}
                type="file"
                accept="application/pdf,image/jpeg,image/png"
                aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
                aria-invalid={error ? true : undefined}
              />
            </div>
          );
        })}
        <label htmlFor="supplement-note">{t("supplement.note")}</label>
        <textarea key={key} {...noteProps} id="supplement-note" />
        <FieldError field={fields.note} />
      </ActionFormFrame>
    </>
  );
}
