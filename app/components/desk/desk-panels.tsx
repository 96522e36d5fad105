/**
 * The desk's panels on the dossier page: reception with the checklist, and the return of the result.
 * Plain forms (they work without JavaScript); the server's answer brings back what was typed and the
 * errors by field.
 */
import type { SerializeFrom } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { HANDOVER_RELATIONS, type ChecklistRow } from "../../desk-labels";
import type { DeskPanelModel } from "../../services/desk/dossier-desk.server";
import type { ActionReply, PageAction } from "../dossier/action-forms";
import { ChecklistFields } from "./checklist-fields";

type Desk = SerializeFrom<DeskPanelModel>;

/** The intents the desk's panels take over from the generic action forms when they are shown. */
export function deskHandledIntents(desk: Desk): Set<string> {
  const handled = new Set<string>();
  if (desk.reception) ["RECEIVE", "REFUSE", "REQUEST_SUPPLEMENT"].forEach((i) => handled.add(i));
  if (desk.giveBack) handled.add("RETURN_RESULT");
  return handled;
}

function replyFor(reply: ActionReply, intents: string[]) {
  if (!reply || !intents.includes(reply.intent) || reply.done) return { typed: null, errors: {} as Record<string, string> };
  const typed = (reply.result.initialValue ?? null) as Record<string, string> | null;
  const errors: Record<string, string> = {};
  for (const [field, messages] of Object.entries(reply.result.error ?? {})) if (messages?.length) errors[field] = messages[0];
  return { typed, errors };
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

export function DeskPanels(props: { desk: Desk; actions: PageAction[]; version: number; reply: ActionReply; busy: boolean }) {
  const { desk } = props;
  return (
    <>
      {desk.reception ? <ReceptionPanel {...props} reception={desk.reception} /> : null}
      {desk.giveBack ? <ReturnPanel {...props} giveBack={desk.giveBack} /> : null}
    </>
  );
}

function ReceptionPanel(props: { reception: NonNullable<Desk["reception"]>; actions: PageAction[]; version: number; reply: ActionReply; busy: boolean }) {
  const { reception, actions, version, reply, busy } = props;
  const { typed, errors } = replyFor(reply, ["RECEIVE", "REFUSE", "REQUEST_SUPPLEMENT"]);
  const transactionId = actions.find((a) => a.type === "RECEIVE")?.transactionId ?? "";
  const rows: ChecklistRow[] = typed
    ? reception.rows.map((row) => ({
        ...row,
        present: typed[`checklist-${row.index}-present`] === "yes",
        form: (typed[`checklist-${row.index}-form`] || null) as ChecklistRow["form"],
        count: Number(typed[`checklist-${row.index}-count`]) || 1,
        note: typed[`checklist-${row.index}-note`] ?? "",
      }))
    : reception.rows;
  const firstError = errors[""] ?? Object.values(errors)[0];
  return (
    <section aria-labelledby="reception-title" data-testid="reception-panel">
      <h3 id="reception-title">Kiểm tra hồ sơ và quyết định tiếp nhận</h3>
      <p className="hint">
        {reception.byPost
          ? "Hồ sơ giấy do bưu chính chuyển đến: đối chiếu từng thành phần với hồ sơ điện tử."
          : "Hồ sơ nộp trực tuyến: kiểm tra từng thành phần (bản điện tử và bản giấy nếu có)."}{" "}
        Giấy tờ còn thiếu hoặc chưa hợp lệ được ghi vào Phiếu yêu cầu bổ sung (Mẫu 02) hoặc Phiếu từ chối (Mẫu 03), kèm lý do.
      </p>
      {firstError ? (
        <div className="error-box" role="alert">
          {firstError}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data">
        <input type="hidden" name="deskPanel" value="reception" />
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="transactionId" value={transactionId} />
        <ChecklistFields rows={rows} errors={errors} idPrefix="reception" />
        <label htmlFor="reception-note">Ý kiến của cán bộ tiếp nhận (lý do từ chối, nội dung cần bổ sung khác)</label>
        <textarea id="reception-note" name="note" defaultValue={typed?.note ?? ""} aria-invalid={errors.note ? true : undefined} aria-describedby={errors.note ? "note-error" : undefined} />
        <FieldError id="note" message={errors.note} />
        {reception.canRequestSupplement ? (
          <>
            <label htmlFor="reception-deadline">Hạn bổ sung (khi yêu cầu bổ sung; quá hạn, hồ sơ bị từ chối)</label>
            <input id="reception-deadline" name="deadline" type="date" defaultValue={typed?.deadline ?? ""} />
            <FieldError id="deadline" message={errors.deadline} />
          </>
        ) : null}
        <p className="actions">
          <button type="submit" name="intent" value="RECEIVE" className="primary" disabled={busy}>
            Tiếp nhận hồ sơ
          </button>
          {reception.canRequestSupplement ? (
            <button type="submit" name="intent" value="REQUEST_SUPPLEMENT" className="secondary" disabled={busy}>
              Yêu cầu bổ sung hồ sơ
            </button>
          ) : null}
          {reception.canRefuse ? (
            <button type="submit" name="intent" value="REFUSE" className="danger" disabled={busy}>
              Từ chối tiếp nhận
            </button>
          ) : null}
        </p>
      </Form>
    </section>
  );
}

function ReturnPanel(props: { giveBack: NonNullable<Desk["giveBack"]>; actions: PageAction[]; version: number; reply: ActionReply; busy: boolean }) {
  const { giveBack, actions, version, reply, busy } = props;
  const { typed, errors } = replyFor(reply, ["RETURN_RESULT"]);
  const transactionId = actions.find((a) => a.type === "RETURN_RESULT")?.transactionId ?? "";
  const [relation, setRelation] = useState(typed?.handoverRelation ?? "self");
  const firstError = errors[""] ?? Object.values(errors)[0];
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {});
  const self = relation === "self";
  return (
    <section aria-labelledby="return-title" data-testid="return-panel">
      <h3 id="return-title">Trả kết quả</h3>
      {firstError ? (
        <div className="error-box" role="alert">
          {firstError}
        </div>
      ) : null}
      {giveBack.mode === "post" ? (
        <p>Kết quả đang được chuyển phát qua bưu chính công ích; hồ sơ được trả khi bưu chính báo đã phát thành công (xem mục Bưu chính bên dưới).</p>
      ) : (
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="deskPanel" value="return" />
          <input type="hidden" name="intent" value="RETURN_RESULT" />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="transactionId" value={transactionId} />
          {giveBack.mode === "online" ? (
            <>
              <p>
                Người nộp nhận kết quả trực tuyến. Công bố kết quả điện tử: bản PDF có chữ ký số được mở cho người nộp tải về trên trang hồ sơ, và hệ
                thống gửi thư điện tử báo kết quả.
              </p>
              <p className="actions">
                <button type="submit" className="primary" disabled={busy || !giveBack.hasResult}>
                  Công bố kết quả điện tử
                </button>
              </p>
            </>
          ) : (
            <>
              <p className="hint">Ghi thông tin người đến nhận kết quả, sau đó in bản giấy của kết quả đã ký số để giao.</p>
              <label htmlFor="handoverRelation" className="required">
                Quan hệ với người nộp hồ sơ
              </label>
              <select id="handoverRelation" name="handoverRelation" value={relation} onChange={(e) => setRelation(e.target.value)} {...invalid("handoverRelation")}>
                {Object.entries(HANDOVER_RELATIONS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
                <option value="other">Khác (ghi rõ)</option>
              </select>
              <FieldError id="handoverRelation" message={errors.handoverRelation} />
              <label htmlFor="handoverRelationOther">Quan hệ khác (ghi rõ)</label>
              <input id="handoverRelationOther" name="handoverRelationOther" defaultValue={typed?.handoverRelationOther ?? ""} {...invalid("handoverRelationOther")} />
              <FieldError id="handoverRelationOther" message={errors.handoverRelationOther} />
              <label htmlFor="handoverName" className="required">
                Họ và tên người nhận
              </label>
              <input
                id="handoverName"
                name="handoverName"
                key={`name-${self}`}
                defaultValue={typed?.handoverName ?? (self ? giveBack.applicantName : "")}
                {...invalid("handoverName")}
              />
              <FieldError id="handoverName" message={errors.handoverName} />
              <label htmlFor="handoverIdNumber" className="required">
                Số định danh cá nhân (CCCD) của người nhận
              </label>
              <input
                id="handoverIdNumber"
                name="handoverIdNumber"
                inputMode="numeric"
                key={`id-${self}`}
                defaultValue={typed?.handoverIdNumber ?? (self ? giveBack.applicantIdNumber : "")}
                {...invalid("handoverIdNumber")}
              />
              <FieldError id="handoverIdNumber" message={errors.handoverIdNumber} />
              <label htmlFor="return-note">Ghi chú</label>
              <textarea id="return-note" name="note" defaultValue={typed?.note ?? ""} />
              <p className="actions">
                <button type="submit" className="primary" disabled={busy}>
                  Xác nhận trả kết quả tại Bộ phận Một cửa
                </button>
              </p>
            </>
          )}
        </Form>
      )}
    </section>
  );
}
