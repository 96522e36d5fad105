import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { EVENT_LABELS, type DossierEventType, type DraftResult } from "../../workflows/dossier-machine";
import { DOSSIER_STATUS_NAMES, isLateNow, type DossierStatusCode } from "../../workflows/dossier-status";
import { classifyTimeliness } from "../../workflows/timeliness";
import type { SessionUser } from "../services/auth.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { mayAccessDossier } from "../services/permissions.server";
import { performActionFromForm } from "../services/dossier-form-actions.server";
import { actionsFor, forwardTargetsFor, timelineLabel, type DossierDetail } from "../services/dossier-queries.server";
import { parseFormWithUploads } from "../services/uploads.server";
import { formatDate, formatDateTime, RESULT_DELIVERY_NAMES, ROLE_NAMES } from "../labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Hồ sơ ${data.dossier.code} — Một Cửa Thái Bình` : "Hồ sơ" },
];

const TIMELINESS_NAMES = { early: "Trước hạn", onTime: "Đúng hạn", late: "Trễ hạn", open: "Đang giải quyết" } as const;

const ATTACHMENT_KIND_NAMES: Record<string, string> = {
  submission: "Thành phần hồ sơ",
  supplement: "Hồ sơ bổ sung",
  receipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)",
  supplementRequest: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)",
  refusal: "Phiếu từ chối tiếp nhận (Mẫu 03)",
  apology: "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)",
  stopNotice: "Thông báo dừng giải quyết hồ sơ (Mẫu 05)",
  draftResult: "Dự thảo kết quả",
  result: "Kết quả giải quyết (có chữ ký số)",
};

async function loadVisibleDossier(context: LoaderFunctionArgs["context"], request: Request, code: string) {
  return requireDossierForRequest(context.services, request, code, "read");
}

function draftDefaults(detail: DossierDetail): DraftResult {
  const { dossier, procedure } = detail;
  return (
    dossier.snapshot.context.draftResult ?? {
      title: procedure.resultName,
      fields: [
        { label: "Người đề nghị", value: dossier.applicantName },
        ...procedure.formFields.map((f) => ({ label: f.label, value: dossier.formData[f.name] ?? "", name: f.name })),
      ],
    }
  );
}

/** Citizens get the result once it is ready; officers of the agency can open it as soon as it is signed. */
function visibleFiles(user: SessionUser, detail: DossierDetail) {
  const draftsVisible = mayAccessDossier(user, detail.dossier, "read:draft-result");
  return detail.files.filter((f) => draftsVisible || f.kind !== "draftResult");
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, detail } = await loadVisibleDossier(context, request, params.code ?? "");
  const { dossier, procedure, agency, definition } = detail;
  const stepNames = new Map(definition.steps.map((s) => [s.key, s.name]));
  const stepName =
    dossier.stepKey === "reception"
      ? "Tiếp nhận hồ sơ"
      : dossier.stepKey === "signing"
        ? "Ký số kết quả"
        : dossier.stepKey === "return"
          ? "Trả kết quả"
          : (stepNames.get(dossier.stepKey ?? "") ?? null);
  const actions = actionsFor(user, detail).map((type) => ({ type, label: EVENT_LABELS[type] }));
  return json({
    viewer: { role: user.role },
    dossier: {
      code: dossier.code,
      status: dossier.status as DossierStatusCode,
      statusName: DOSSIER_STATUS_NAMES[dossier.status as DossierStatusCode],
      stepName,
      applicantName: dossier.applicantName,
      applicantIdNumber: dossier.applicantIdNumber,
      applicantPhone: dossier.applicantPhone,
      applicantAddress: dossier.applicantAddress,
      resultDelivery: RESULT_DELIVERY_NAMES[dossier.resultDelivery as 0 | 1 | 2],
      submittedAt: dossier.submittedAt,
      receivedAt: dossier.receivedAt,
      dueAt: dossier.dueAt,
      stepDueAt: dossier.stepDueAt,
      returnedAt: dossier.returnedAt,
      late: isLateNow(dossier.status, dossier.dueAt, Date.now()),
      timeliness: dossier.dueAt && dossier.returnedAt ? TIMELINESS_NAMES[classifyTimeliness(dossier.dueAt, dossier.returnedAt, new Date())] : null,
      version: dossier.version,
      formValues: procedure.formFields.map((f) => ({
        label: f.label,
        value: f.type === "date" ? formatDate(dossier.formData[f.name]) : (dossier.formData[f.name] ?? ""),
      })),
    },
    procedure: { code: procedure.code, name: procedure.name, resultName: procedure.resultName },
    agencyName: agency.name,
    files: visibleFiles(user, detail).map((f) => ({
      id: f.id,
      kind: f.kind,
      kindName: ATTACHMENT_KIND_NAMES[f.kind] ?? f.kind,
      documentName: f.documentName,
      fileName: f.fileName,
      size: f.size,
      createdAt: f.createdAt,
    })),
    timeline: detail.events.map(({ event, actorName, actorTitle }) => ({
      seq: event.seq,
      label: timelineLabel(event.action),
      statusName: DOSSIER_STATUS_NAMES[event.toStatus as DossierStatusCode],
      actor: actorName ? `${actorName}${actorTitle ? ` — ${actorTitle}` : ""}` : ROLE_NAMES[event.actorRole as keyof typeof ROLE_NAMES],
      note: event.note,
      at: event.occurredAt,
    })),
    actions,
    draft: actions.some((a) => a.type === "COMPLETE_STEP") && user.role === "specialist" ? draftDefaults(detail) : null,
    forwardTargets: actions.some((a) => a.type === "FORWARD") ? await forwardTargetsFor(context.services, detail) : [],
  });
}

type ActionField = {
  name: string;
  label: string;
  kind: "textarea" | "date" | "datetime-local" | "text" | "select" | "confirm";
  required?: boolean;
};

/** Actions that need more than a click; each gets its own small form. The server checks them again. */
const ACTION_FORMS: Partial<Record<DossierEventType, { fields: ActionField[]; style: "secondary" | "danger" }>> = {
  REFUSE: { style: "danger", fields: [{ name: "note", label: "Lý do từ chối", kind: "textarea", required: true }] },
  REQUEST_SUPPLEMENT: {
    style: "secondary",
    fields: [
      { name: "note", label: "Nội dung cần bổ sung", kind: "textarea", required: true },
      { name: "deadline", label: "Hạn bổ sung (quá hạn, hồ sơ bị từ chối)", kind: "date" },
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = await loadVisibleDossier(context, request, params.code ?? "");
  const form = await parseFormWithUploads(request);
  const outcome = await performActionFromForm(context.services, user, detail, form);
  return json(outcome, { status: outcome.status });
}

function formatSize(bytes: number) {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export default function DossierPage() {
  const { dossier, procedure, agencyName, files, timeline, actions, draft, viewer, forwardTargets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const justSubmitted = params.get("da-nop") === "1";
  const receipt = [...files].reverse().find((f) => f.kind === "receipt");
  const signedResult = files.find((f) => f.kind === "result");
  const noteAction = (type: DossierEventType) => actions.find((a) => a.type === type);
  const errorValues = result && "error" in result ? result.values : null;

  return (
    <>
      {viewer.role === "citizen" ? (
        <p>
          <Link to="/ho-so-cua-toi">← Hồ sơ của tôi</Link>
        </p>
      ) : (
        <p>
          <Link to="/can-bo">← Hồ sơ cần xử lý</Link>
        </p>
      )}
      {justSubmitted ? (
        <div className="notice" role="status">
          <strong>Nộp hồ sơ thành công.</strong> Mã hồ sơ của bạn là <strong data-testid="dossier-code">{dossier.code}</strong>. Vui lòng
          giữ mã này để tra cứu.{" "}
          <a href={`/ho-so/${dossier.code}/bien-nhan`} download>
            Tải Giấy tiếp nhận hồ sơ (PDF)
          </a>
        </div>
      ) : null}
      <h1>
        Hồ sơ <span data-testid="code">{dossier.code}</span>
      </h1>
      <p>
        <span className={`status status-${dossier.status}`} data-testid="status">
          {dossier.statusName}
        </span>{" "}
        {dossier.stepName ? <span className="hint">Bước hiện tại: {dossier.stepName}</span> : null}
        {dossier.late ? <span className="late"> — Quá hạn giải quyết</span> : null}
      </p>

      {result && "error" in result ? (
        <div className="error-box" role="alert">
          {result.error}
        </div>
      ) : null}
      {result && "done" in result ? (
        <div className="notice" role="status">
          {result.done}
        </div>
      ) : null}

      {actions.length > 0 ? (
        <section className="card action-panel" aria-labelledby="actions-title">
          <h2 id="actions-title">Xử lý hồ sơ</h2>
          {draft ? (
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="version" value={dossier.version} />
              <input type="hidden" name="intent" value="COMPLETE_STEP" />
              <input type="hidden" name="draftTitle" value={draft.title} />
              <fieldset>
                <legend>Dự thảo kết quả: {draft.title}</legend>
                {draft.fields.map((field, i) => (
                  <div key={i}>
                    <input type="hidden" name="draftLabel" value={field.label} />
                    <input type="hidden" name="draftName" value={field.name ?? ""} />
                    <label htmlFor={`draft-${i}`}>{field.label}</label>
                    <input id={`draft-${i}`} name="draftValue" defaultValue={field.value} />
                  </div>
                ))}
                <label htmlFor="complete-note">Ý kiến thụ lý</label>
                <textarea id="complete-note" name="note" defaultValue="" />
              </fieldset>
              <button type="submit" className="primary" disabled={busy}>
                Hoàn thành thụ lý, trình lãnh đạo
              </button>
            </Form>
          ) : null}
          <div className="actions">
            {actions
              .filter((a) => !ACTION_FORMS[a.type] && a.type !== "SUPPLEMENT_PROVIDED" && !(draft && a.type === "COMPLETE_STEP"))
              .map((a) => (
                <Form method="post" encType="multipart/form-data" key={a.type}>
                  <input type="hidden" name="version" value={dossier.version} />
                  <input type="hidden" name="intent" value={a.type} />
                  <button type="submit" className="primary" disabled={busy}>
                    {a.label}
                  </button>
                </Form>
              ))}
          </div>
          {(Object.keys(ACTION_FORMS) as DossierEventType[]).map((type) => {
            const a = noteAction(type);
            const spec = ACTION_FORMS[type];
            if (!a || !spec) return null;
            const typed = errorValues?.intent === type ? errorValues : null;
            return (
              <details key={type} open={!!typed}>
                <summary>{a.label}</summary>
                <Form method="post" encType="multipart/form-data">
                  <input type="hidden" name="version" value={dossier.version} />
                  <input type="hidden" name="intent" value={type} />
                  {spec.fields.map((field) => {
                    const id = `${type}-${field.name}`;
                    const label = (
                      <label htmlFor={id} className={field.required ? "required" : undefined}>
                        {field.label}
                      </label>
                    );
                    switch (field.kind) {
                      case "textarea":
                        return (
                          <div key={id}>
                            {label}
                            <textarea id={id} name={field.name} defaultValue={typed?.[field.name] ?? ""} />
                          </div>
                        );
                      case "select":
                        return (
                          <div key={id}>
                            {label}
                            <select id={id} name={field.name} defaultValue={typed?.[field.name] ?? ""}>
                              <option value="">— Chọn cơ quan —</option>
                              {forwardTargets.map((t) => (
                                <option key={t.id} value={t.id}>
                                  {t.name}
                                </option>
                              ))}
                            </select>
                          </div>
                        );
                      case "confirm":
                        return (
                          <label key={id} htmlFor={id} style={{ fontWeight: 400 }}>
                            <input id={id} type="checkbox" name={field.name} value="yes" /> {field.label}
                          </label>
                        );
                      default:
                        return (
                          <div key={id}>
                            {label}
                            <input id={id} name={field.name} type={field.kind} defaultValue={typed?.[field.name] ?? ""} />
                          </div>
                        );
                    }
                  })}
                  <p>
                    <button type="submit" className={spec.style} disabled={busy}>
                      {a.label}
                    </button>
                  </p>
                </Form>
              </details>
            );
          })}
          {noteAction("SUPPLEMENT_PROVIDED") ? (
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="version" value={dossier.version} />
              <input type="hidden" name="intent" value="SUPPLEMENT_PROVIDED" />
              <label htmlFor="supplementFile" className="required">
                Giấy tờ bổ sung (PDF, JPG, PNG; tối đa 10 MB)
              </label>
              <input id="supplementFile" name="supplementFile" type="file" accept="application/pdf,image/jpeg,image/png" />
              <label htmlFor="supplement-note">Ghi chú</label>
              <textarea id="supplement-note" name="note" defaultValue={errorValues?.intent === "SUPPLEMENT_PROVIDED" ? errorValues.note : ""} />
              <p>
                <button type="submit" className="primary" disabled={busy}>
                  Gửi hồ sơ bổ sung
                </button>
              </p>
            </Form>
          ) : null}
        </section>
      ) : null}

      {signedResult && (viewer.role !== "citizen" || dossier.status >= 9) ? (
        <section className="card" aria-labelledby="result-title">
          <h2 id="result-title">Kết quả giải quyết</h2>
          <p>
            <a className="button" href={`/ho-so/${dossier.code}/tep/${signedResult.id}`} download data-testid="result-download">
              Tải {procedure.resultName} (PDF có chữ ký số)
            </a>
          </p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="info-title">
        <h2 id="info-title">Thông tin hồ sơ</h2>
        <dl className="facts">
          <dt>Thủ tục</dt>
          <dd>
            {procedure.name} ({procedure.code})
          </dd>
          <dt>Cơ quan giải quyết</dt>
          <dd>{agencyName}</dd>
          <dt>Người nộp</dt>
          <dd>
            {dossier.applicantName} — CCCD {dossier.applicantIdNumber} — {dossier.applicantPhone}
          </dd>
          <dt>Địa chỉ</dt>
          <dd>{dossier.applicantAddress}</dd>
          {dossier.formValues.map((f) => (
            <FormValue key={f.label} label={f.label} value={f.value} />
          ))}
          <dt>Ngày nộp</dt>
          <dd>{formatDateTime(dossier.submittedAt)}</dd>
          <dt>Ngày tiếp nhận</dt>
          <dd>{formatDateTime(dossier.receivedAt)}</dd>
          <dt>Hẹn trả kết quả</dt>
          <dd>{formatDateTime(dossier.dueAt)}</dd>
          {dossier.returnedAt ? (
            <>
              <dt>Ngày trả kết quả</dt>
              <dd>
                {formatDateTime(dossier.returnedAt)}
                {dossier.timeliness ? <span data-testid="timeliness"> — {dossier.timeliness}</span> : null}
              </dd>
            </>
          ) : null}
          <dt>Nhận kết quả</dt>
          <dd>{dossier.resultDelivery}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="files-title">
        <h2 id="files-title">Giấy tờ, tệp đính kèm</h2>
        {files.length === 0 ? <p>Chưa có tệp.</p> : null}
        <ul>
          {viewer.role !== "citizen" ? (
            <li>
              <a href={`/ho-so/${dossier.code}/phieu-kiem-soat`} download>
                Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)
              </a>
            </li>
          ) : null}
          {receipt ? (
            <li>
              <a href={`/ho-so/${dossier.code}/bien-nhan`} download>
                {ATTACHMENT_KIND_NAMES.receipt}
              </a>
            </li>
          ) : null}
          {files
            .filter((f) => f.kind !== "receipt")
            .map((f) => (
              <li key={f.id}>
                <a href={`/ho-so/${dossier.code}/tep/${f.id}`}>{f.documentName ?? f.kindName}</a>{" "}
                <span className="hint">
                  — {f.kindName}: {f.fileName}, {formatSize(f.size)}
                </span>
              </li>
            ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Quá trình xử lý</h2>
        <ol className="timeline" data-testid="timeline">
          {timeline.map((t) => (
            <li key={t.seq}>
              <strong>{t.label}</strong> → <span className="hint">{t.statusName}</span>
              <br />
              <time dateTime={String(t.at)}>{formatDateTime(t.at)}</time> — {t.actor}
              {t.note ? <div>Ghi chú: {t.note}</div> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function FormValue({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value || "—"}</dd>
    </>
  );
}
