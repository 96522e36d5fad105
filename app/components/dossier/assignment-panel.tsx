/**
 * Issue 10 on the dossier page: who holds the step, "Nhận xử lý" (claim) and "Phân công" (assign,
 * reassign), and the notice a user gets when someone else's change came first. Forms go through the
 * page's one action and carry the version shown and a fresh transaction id, like every action form.
 */
import { getSelectProps } from "@conform-to/react";
import { ActionFormFrame, AssigneeOptions, FieldError, useActionForm, type ActionReply, type Fields } from "./action-forms";

export type AssignmentPanelModel = {
  unitName: string | null;
  userName: string | null;
  canClaim: boolean;
  canAssign: boolean;
  units: Array<{ id: string; name: string }>;
  people: Array<{ id: string; name: string; unitId: string | null }>;
  transactionIds: { claim: string; assign: string };
} | null;

function AssignForm({ panel, version, reply, busy }: { panel: NonNullable<AssignmentPanelModel>; version: number; reply: ActionReply; busy: boolean }) {
  const action = { type: "ASSIGN" as const, transactionId: panel.transactionIds.assign };
  const [form, fieldsOf] = useActionForm(action, reply);
  const fields = fieldsOf as unknown as Fields;
  const { key: unitKey, ...unitProps } = getSelectProps(fields.unitId);
  const { key: personKey, ...personProps } = getSelectProps(fields.assigneeUserId);
  return (
    <ActionFormFrame action={action} version={version} form={form} busy={busy} buttonLabel={panel.userName ? "Phân công lại" : "Phân công"} buttonClass="secondary">
      <div className="assign-fields">
        <div>
          <label htmlFor="assign-unitId">Phòng</label>
          <select key={unitKey} {...unitProps} id="assign-unitId">
            <option value="">— Giữ nguyên —</option>
            {panel.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <FieldError field={fields.unitId} />
        </div>
        <div>
          <label htmlFor="assign-assigneeUserId">Cán bộ xử lý</label>
          <select key={personKey} {...personProps} id="assign-assigneeUserId">
            <option value="">— Giữ nguyên —</option>
            <AssigneeOptions people={panel.people} units={panel.units} />
          </select>
          <FieldError field={fields.assigneeUserId} />
        </div>
      </div>
    </ActionFormFrame>
  );
}

function ClaimForm({ panel, version, reply, busy }: { panel: NonNullable<AssignmentPanelModel>; version: number; reply: ActionReply; busy: boolean }) {
  const action = { type: "CLAIM" as const, transactionId: panel.transactionIds.claim };
  const [form] = useActionForm(action, reply);
  return <ActionFormFrame action={action} version={version} form={form} busy={busy} buttonLabel="Nhận xử lý" buttonClass="primary" />;
}

/** Who holds the step now, and the claim and assign forms the viewer may use. */
export function AssignmentPanel({ panel, version, reply, busy }: { panel: AssignmentPanelModel; version: number; reply: ActionReply; busy: boolean }) {
  if (!panel) return null;
  return (
    <section className="card assignment-panel" aria-labelledby="assignment-title">
      <h2 id="assignment-title">Phân công xử lý</h2>
      <p data-testid="assignee">
        {panel.userName ? (
          <>
            Đang giao cho: <strong>{panel.userName}</strong>
            {panel.unitName ? ` — ${panel.unitName}` : ""}
          </>
        ) : panel.unitName ? (
          <>Đã chuyển tới {panel.unitName}, chưa có cán bộ nhận xử lý.</>
        ) : (
          <>Chưa có cán bộ nhận xử lý.</>
        )}
      </p>
      {panel.canClaim ? <ClaimForm panel={panel} version={version} reply={reply} busy={busy} /> : null}
      {panel.canAssign ? <AssignForm panel={panel} version={version} reply={reply} busy={busy} /> : null}
    </section>
  );
}

/** The words a user typed, read back from the refused form, for when that form is gone from the page. */
function typedValues(reply: NonNullable<ActionReply>): Array<[string, string]> {
  const initial = (reply.result.initialValue ?? {}) as Record<string, unknown>;
  const labels: Record<string, string> = { note: "Ghi chú, lý do", reference: "Số biên lai", deadline: "Hạn bổ sung", newDueAt: "Ngày hẹn mới" };
  return Object.entries(labels)
    .map(([name, label]) => [label, typeof initial[name] === "string" ? (initial[name] as string) : ""] as [string, string])
    .filter(([, value]) => value.trim() !== "");
}

/**
 * Someone else acted first (409 of the optimistic lock). The page below already shows the dossier as
 * it is now (the loader ran again); the form the user filled in keeps her words, and if that action
 * is no longer possible they are repeated here so that nothing she typed is lost.
 */
export function StaleNotice({
  reply,
  statusName,
  stepName,
  formStillOffered,
}: {
  reply: ActionReply;
  statusName: string;
  stepName: string | null;
  formStillOffered: boolean;
}) {
  if (!reply?.stale) return null;
  const typed = typedValues(reply);
  return (
    <div className="error-box stale-notice" role="alert" data-testid="stale-notice">
      <p>
        <strong>Hồ sơ vừa được người khác cập nhật</strong> trước khi thao tác của bạn được ghi nhận, nên thao tác chưa được thực hiện.
      </p>
      <p>
        Trang đã được tải lại với trạng thái hiện tại: <strong>{statusName}</strong>
        {stepName ? ` — bước ${stepName}` : ""}. Vui lòng xem lại rồi thực hiện lại nếu vẫn cần.
      </p>
      {formStillOffered ? (
        <p>Nội dung bạn đã nhập vẫn được giữ trong biểu mẫu bên dưới.</p>
      ) : typed.length > 0 ? (
        <>
          <p>Thao tác này không còn thực hiện được ở bước hiện tại. Nội dung bạn đã nhập:</p>
          <dl className="typed-values">
            {typed.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd data-testid="typed-value">{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </div>
  );
}
