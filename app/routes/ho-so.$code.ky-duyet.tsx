import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "../services/auth.server";
import { performSigningAct } from "../services/documents.server";
import { SIGNING_ACT_LABELS } from "../signing-acts";
import { formatDateTime } from "../labels";
import { signingTaskFor } from "../services/documents/signing-page.server";
import { readForm } from "../services/forms.server";
import { reviewExtrasFor } from "../services/documents/result-drafts.server";
import { loadDossierDetail } from "../services/dossier-queries.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.labels.title} — Hồ sơ ${data.code} — Một Cửa Thái Bình` : "Ký duyệt" },
];

/**
 * The signing page (trang ký duyệt): the officer sees the exact document she signs, page by page,
 * and confirms with her password re-entered here. The hash of what she saw travels in the form;
 * the server signs only those bytes.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requireUser(services.database.db, request);
  const task = await signingTaskFor(services, user, params.code ?? "");
  const detail = await loadDossierDetail(services, { id: task.dossierId });
  const extras = detail ? await reviewExtrasFor(services, user, detail) : { appraisal: { note: null, file: null }, sendBack: null };
  return json({
    appraisal: extras.appraisal,
    sendBack: extras.sendBack,
    bulk: task.act === "APPROVE" || task.act === "REVIEW_SIGNED",
    code: task.code,
    act: task.act,
    labels: SIGNING_ACT_LABELS[task.act],
    sha256: task.document.sha256,
    pageCount: task.pageCount,
    size: task.document.pdf.byteLength,
    version: task.version,
    signerName: user.fullName,
    earlierSignatures: task.earlierSignatures,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { services } = context;
  const user = await requireUser(services.database.db, request);
  const task = await signingTaskFor(services, user, params.code ?? "").catch((error: unknown) => {
    // The act is no longer pending (someone else acted): say so here instead of a bare 404 page.
    if (error instanceof Response && error.status === 404) return null;
    throw error;
  });
  if (!task) return json({ error: "Hồ sơ không còn chờ bạn ký. Vui lòng quay lại trang hồ sơ." }, { status: 409 });
  const form = await readForm(request);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const version = Number(text("version"));
  const outcome = await performSigningAct(services, user, task.dossierId, {
    act: text("act"),
    password: text("password"),
    sha256: text("sha256"),
    version: Number.isInteger(version) && version > 0 ? version : undefined,
  });
  if (outcome.status !== 200) return json({ error: outcome.error }, { status: outcome.status });
  return redirect(`/ho-so/${encodeURIComponent(task.code)}?da-ky=${task.act}`);
}

export default function SigningPage() {
  const { code, act, labels, sha256, pageCount, size, version, signerName, earlierSignatures, appraisal, sendBack, bulk } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const base = `/ho-so/${encodeURIComponent(code)}/ban-trinh-ky`;
  return (
    <>
      <p>
        <Link to={`/ho-so/${encodeURIComponent(code)}`}>← Hồ sơ {code}</Link>
      </p>
      <h1>{labels.title}</h1>
      <p className="lead">
        Hồ sơ <strong>{code}</strong>. Vui lòng đọc kỹ văn bản dưới đây: chữ ký số của bạn được áp dụng đúng vào văn bản này.
      </p>
      {result && "error" in result ? (
        <div className="error-box" role="alert">
          {result.error}
        </div>
      ) : null}
      <section className="card" aria-labelledby="document-title">
        <h2 id="document-title">Văn bản trình ký</h2>
        <p>
          <a href={`${base}?xem=1&ma=${sha256}`} target="_blank" rel="noreferrer">
            Mở văn bản (PDF) trong thẻ mới
          </a>{" "}
          ·{" "}
          <a href={`${base}?ma=${sha256}`} download data-testid="signing-download">
            Tải văn bản trình ký (PDF, {Math.ceil(size / 1024)} KB)
          </a>
        </p>
        <div className="signing-preview">
          {Array.from({ length: pageCount }, (_, i) => (
            <img
              key={i}
              src={`${base}?trang=${i + 1}&ma=${sha256}`}
              alt={`Trang ${i + 1}/${pageCount} của văn bản trình ký`}
              style={{ width: "100%", maxWidth: "48rem", border: "1px solid #888", background: "#fff", display: "block", marginBottom: "1rem" }}
            />
          ))}
        </div>
        {earlierSignatures.length > 0 ? (
          <>
            <h3>Chữ ký số đã có trên văn bản</h3>
            <ul data-testid="earlier-signatures">
              {earlierSignatures.map((sig, i) => (
                <li key={i}>
                  {sig.name} — {formatDateTime(sig.signedAt)} — {sig.valid ? "hợp lệ" : "không hợp lệ"}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="hint">
          Mã kiểm tra (SHA-256) của văn bản: <code style={{ wordBreak: "break-all" }}>{sha256}</code>
        </p>
      </section>
      {appraisal.note || appraisal.file ? (
        <section className="card" aria-labelledby="appraisal-title">
          <h2 id="appraisal-title">Tờ trình của chuyên viên thụ lý</h2>
          {appraisal.note ? <p style={{ whiteSpace: "pre-wrap" }} data-testid="appraisal-note">{appraisal.note}</p> : null}
          {appraisal.file ? (
            <p>
              Tệp tờ trình: <a href={`/ho-so/${encodeURIComponent(code)}/tep/${appraisal.file.id}`}>{appraisal.file.fileName}</a>
            </p>
          ) : null}
        </section>
      ) : null}
      <section className="card" aria-labelledby="confirm-title">
        <h2 id="confirm-title">Xác nhận ký số</h2>
        <Form method="post">
          <input type="hidden" name="act" value={act} />
          <input type="hidden" name="sha256" value={sha256} />
          <input type="hidden" name="version" value={version} />
          <p>
            Người ký: <strong>{signerName}</strong>
          </p>
          <label htmlFor="signing-password" className="required">
            Nhập lại mật khẩu để xác nhận ký số
          </label>
          <input id="signing-password" name="password" type="password" autoComplete="current-password" required />
          <p>
            <button type="submit" className="primary" disabled={busy}>
              {labels.button}
            </button>
          </p>
        </Form>
        {bulk ? (
          <p className="hint">
            Có nhiều hồ sơ chờ ký? <Link to="/can-bo/ky-so">Ký số nhiều hồ sơ cùng lúc</Link>.
          </p>
        ) : null}
      </section>
      {sendBack ? (
        <section className="card" aria-labelledby="send-back-title">
          <h2 id="send-back-title">Trả lại bước trước</h2>
          <p>Nếu dự thảo chưa đạt, trả lại để bước trước sửa; lý do được gửi kèm hồ sơ.</p>
          <Form method="post" action={`/ho-so/${encodeURIComponent(code)}`} encType="multipart/form-data">
            <input type="hidden" name="intent" value="SEND_BACK" />
            <input type="hidden" name="version" value={version} />
            <input type="hidden" name="transactionId" value={sendBack.transactionId} />
            <label htmlFor="send-back-note" className="required">
              Lý do trả lại
            </label>
            <textarea id="send-back-note" name="note" required rows={3} />
            <p>
              <button type="submit" className="secondary" disabled={busy}>
                Trả lại
              </button>
            </p>
          </Form>
        </section>
      ) : null}
    </>
  );
}
