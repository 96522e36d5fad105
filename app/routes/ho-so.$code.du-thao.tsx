import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { formatDateTime } from "../labels";
import { completeWithDraft, draftPageModel, draftPreviewFor, mayDraft, saveResultDraft } from "../services/documents/result-drafts.server";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { acceptUpload, fileField, FormRejected, parseForm, rejectionHeaders, UploadRejected } from "../services/uploads.server";
import type { FormSpec } from "../services/multipart.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Dự thảo kết quả — Hồ sơ ${data.code} — Một Cửa Thái Bình` : "Dự thảo kết quả" },
];

/** The drafting form's fields (`f.<name>` per template field) and its one file, the appraisal note. */
const DRAFT_FORM: FormSpec = {
  fields: (name) => /^(?:intent|title|appraisalNote|draftVersion|version|transactionId|f\.[A-Za-z][A-Za-z0-9]{0,39})$/.test(name),
  files: (name) => name === "appraisalFile",
  maxFiles: 1,
  maxFields: 60,
};

async function drafting(request: Request, code: string, services: Parameters<typeof requireDossierForRequest>[0]) {
  // The dossier's drafts are read with "read:draft-result"; writing needs the specialist's step.
  const access = await requireDossierForRequest(services, request, code, "read:draft-result");
  if (!mayDraft(access.user, access.detail)) {
    throw new Response("Chỉ chuyên viên thụ lý đang giữ hồ sơ ở bước thụ lý được soạn dự thảo kết quả.", { status: 403 });
  }
  return access;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const { user, detail } = await drafting(request, params.code ?? "", services);
  const model = await draftPageModel(services, user, detail);
  const preview = await draftPreviewFor(services, detail);
  return json({ ...model, pageCount: preview.pageCount });
}

type Reply = { intent: string; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, string>; title?: string; appraisalNote?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { services } = context;
  const code = params.code ?? "";
  const { user, detail } = await drafting(request, code, services);
  let form: FormData;
  try {
    form = await parseForm(request, DRAFT_FORM);
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    return json<Reply>({ intent: "save", error: error.message }, { status: error.status, headers: rejectionHeaders });
  }
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const intent = text("intent");
  const draftVersion = Number(text("draftVersion"));
  if (!Number.isInteger(draftVersion) || draftVersion < 0) return json<Reply>({ intent, error: "Biểu mẫu không hợp lệ. Vui lòng tải lại trang." }, { status: 400 });
  if (intent === "complete") {
    const version = Number(text("version"));
    const outcome = await completeWithDraft(services, user, detail, {
      draftVersion,
      version: Number.isInteger(version) && version > 0 ? version : undefined,
      transactionId: text("transactionId") || undefined,
    });
    if (outcome.status !== 200) return json<Reply>({ intent, error: outcome.error, fieldErrors: outcome.fieldErrors }, { status: outcome.status });
    return redirect(`/ho-so/${encodeURIComponent(code)}?da-trinh=1`);
  }
  if (intent !== "save") return json<Reply>({ intent, error: "Thao tác không hợp lệ." }, { status: 400 });
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (name.startsWith("f.") && typeof value === "string") values[name.slice(2)] = value;
  const typed = { intent, values, title: text("title"), appraisalNote: text("appraisalNote") };
  const chosen = fileField(form.get("appraisalFile"));
  let file = null;
  if (chosen && "oversizeName" in chosen) return json<Reply>({ ...typed, error: `Tệp "${chosen.oversizeName}" vượt quá dung lượng cho phép 10 MB.` }, { status: 413 });
  if (chosen) {
    try {
      file = await acceptUpload(services.storage, services.scanner, "Tờ trình thẩm định", chosen.file);
    } catch (error) {
      if (error instanceof UploadRejected) return json<Reply>({ ...typed, error: error.message, fieldErrors: { appraisalFile: error.message } }, { status: error.status });
      throw error;
    }
  }
  const outcome = await saveResultDraft(services, user, detail, { title: typed.title, values, appraisalNote: typed.appraisalNote, draftVersion }, file);
  if (outcome.status !== 200) return json<Reply>({ ...typed, error: outcome.error, fieldErrors: outcome.fieldErrors }, { status: outcome.status });
  return redirect(`/ho-so/${encodeURIComponent(code)}/du-thao?da-luu=${outcome.version}`);
}

export default function DraftingPage() {
  const model = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const code = encodeURIComponent(model.code);
  const kept = reply?.intent === "save" ? reply : undefined;
  const valueOf = (name: string, saved: string) => kept?.values?.[name] ?? saved;
  const errorOf = (name: string) => reply?.fieldErrors?.[name];
  const preview = `/ho-so/${code}/ban-du-thao`;
  return (
    <>
      <p>
        <Link to={`/ho-so/${code}`}>← Hồ sơ {model.code}</Link>
      </p>
      <h1>Soạn dự thảo kết quả</h1>
      <p className="lead">
        Hồ sơ <strong>{model.code}</strong> của {model.applicantName} — {model.procedureName}. Mẫu: {model.templateName}.
      </p>
      {model.sentBack ? (
        <div className="warning-box" data-testid="sent-back">
          <h2>Hồ sơ được trả lại để xem lại</h2>
          <p>
            {model.sentBack.by ? `${model.sentBack.by}, ` : ""}
            {formatDateTime(model.sentBack.at)}: <strong>{model.sentBack.note}</strong>
          </p>
        </div>
      ) : null}
      {params.get("da-luu") && !reply ? (
        <div className="notice" role="status">
          Đã lưu dự thảo (lần lưu thứ {model.draftVersion}). Bạn có thể quay lại soạn tiếp bất cứ lúc nào.
        </div>
      ) : null}
      {reply?.error ? (
        <div className="error-box" role="alert">
          {reply.error}
        </div>
      ) : null}

      <Form method="post" encType="multipart/form-data" aria-labelledby="draft-form-title">
        <h2 id="draft-form-title">Nội dung dự thảo</h2>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="draftVersion" value={model.draftVersion} />
        <fieldset>
          <legend>{model.templateName}</legend>
          <label htmlFor="draft-title" className="required">
            Tên văn bản kết quả
          </label>
          <input id="draft-title" name="title" defaultValue={kept?.title ?? model.title} required aria-invalid={errorOf("title") ? true : undefined} />
          {model.fields.map((field) => {
            const id = `field-${field.name}`;
            const error = errorOf(field.name);
            const describedBy = [field.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
            const common = { id, name: `f.${field.name}`, defaultValue: valueOf(field.name, field.value), "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
            return (
              <div key={field.name}>
                <label htmlFor={id} className={field.required ? "required" : undefined}>
                  {field.label}
                </label>
                {field.kind === "textarea" ? (
                  <textarea {...common} rows={3} />
                ) : field.kind === "select" ? (
                  <select {...common}>
                    <option value="">— Chọn —</option>
                    {field.options?.map((o) => (
                      <option key={o} value={o}>
                        {field.name === "recordKind" ? `Phiếu số ${o}` : o}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input {...common} type={field.kind === "date" ? "date" : "text"} inputMode={field.kind === "money" ? "numeric" : undefined} />
                )}
                {field.hint ? (
                  <p id={`${id}-hint`} className="hint">
                    {field.hint}
                  </p>
                ) : null}
                {error ? (
                  <p id={`${id}-error`} className="field-error">
                    {error}
                  </p>
                ) : null}
              </div>
            );
          })}
        </fieldset>
        <fieldset>
          <legend>Tờ trình thẩm định</legend>
          <label htmlFor="appraisal-note">Nội dung tờ trình (ý kiến thẩm định của chuyên viên)</label>
          <textarea id="appraisal-note" name="appraisalNote" rows={5} defaultValue={kept?.appraisalNote ?? model.appraisalNote} />
          <label htmlFor="appraisal-file">Tệp tờ trình kèm theo (PDF, JPG, PNG; tối đa 10 MB; không bắt buộc)</label>
          <input id="appraisal-file" name="appraisalFile" type="file" accept="application/pdf,image/jpeg,image/png" aria-invalid={errorOf("appraisalFile") ? true : undefined} />
          {model.appraisalFile ? (
            <p className="hint">
              Đã đính kèm: <a href={`/ho-so/${code}/tep/${model.appraisalFile.id}`}>{model.appraisalFile.fileName}</a>
            </p>
          ) : null}
        </fieldset>
        <p>
          <button type="submit" className="primary" disabled={busy}>
            Lưu dự thảo
          </button>
        </p>
        {model.savedAt ? (
          <p className="hint">
            Lưu lần cuối: {formatDateTime(model.savedAt)}
            {model.savedBy ? ` bởi ${model.savedBy}` : ""}.
          </p>
        ) : (
          <p className="hint">Dự thảo chưa được lưu. Nội dung đang hiển thị lấy từ tờ khai của hồ sơ.</p>
        )}
      </Form>

      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title">Xem trước bản dự thảo</h2>
        <p>
          Bản PDF chưa ký, có chữ “DỰ THẢO”, đúng như {model.draftVersion ? "dự thảo đã lưu" : "nội dung lấy từ tờ khai"}. Số văn bản được cấp khi lãnh đạo ký.
        </p>
        <p>
          <a href={`${preview}?xem=1&v=${model.draftVersion}`} target="_blank" rel="noreferrer">
            Mở bản dự thảo (PDF) trong thẻ mới
          </a>{" "}
          ·{" "}
          <a href={`${preview}?v=${model.draftVersion}`} download data-testid="draft-download">
            Tải bản dự thảo (PDF)
          </a>
        </p>
        <div>
          {Array.from({ length: model.pageCount }, (_, i) => (
            <img
              key={`${model.draftVersion}-${i}`}
              src={`${preview}?trang=${i + 1}&v=${model.draftVersion}`}
              alt={`Trang ${i + 1}/${model.pageCount} của bản dự thảo`}
              style={{ width: "100%", maxWidth: "48rem", border: "1px solid #888", background: "#fff", display: "block", marginBottom: "1rem" }}
            />
          ))}
        </div>
      </section>

      <section className="card action-panel" aria-labelledby="complete-title">
        <h2 id="complete-title">Trình lãnh đạo</h2>
        {model.draftVersion ? (
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="complete" />
            <input type="hidden" name="draftVersion" value={model.draftVersion} />
            <input type="hidden" name="version" value={model.dossierVersion} />
            <input type="hidden" name="transactionId" value={model.transactionId} />
            <p>Hồ sơ sẽ chuyển sang bước tiếp theo kèm dự thảo đã lưu (đúng bản xem trước ở trên) và tờ trình.</p>
            <button type="submit" className="primary" disabled={busy}>
              Hoàn thành thụ lý, trình dự thảo
            </button>
          </Form>
        ) : (
          <p>Vui lòng lưu dự thảo và xem trước trước khi trình.</p>
        )}
      </section>
    </>
  );
}
