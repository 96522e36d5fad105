import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDateTime } from "../labels";
import { requireUser } from "../services/auth.server";
import { bulkActOf, bulkSigningList, performBulkSigning, type BulkSigningOutcome } from "../services/documents/bulk-signing.server";
import { readForm } from "../services/forms.server";
import { SIGNING_ACT_LABELS } from "../signing-acts";

export const meta: MetaFunction = () => [{ title: "Ký số nhiều hồ sơ — Một Cửa Thái Bình" }];

/** The leader (approval) and the unit head (initials) sign in bulk; no other role has this page. */
async function signingOfficer(request: Request, services: Parameters<typeof bulkSigningList>[0]) {
  const user = await requireUser(services.database.db, request);
  const act = bulkActOf(user);
  if (!act) throw new Response("Trang này dành cho lãnh đạo ký số kết quả.", { status: 403 });
  return { user, act };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const { user, act } = await signingOfficer(request, services);
  const items = await bulkSigningList(services, user);
  return json({ act, labels: SIGNING_ACT_LABELS[act], signerName: user.fullName, items });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { services } = context;
  const { user } = await signingOfficer(request, services);
  const form = await readForm(request);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  // Each chosen dossier with the hash and version of what the page showed for it.
  const items = form
    .getAll("dossier")
    .filter((v): v is string => typeof v === "string")
    .map((dossierId) => {
      const version = Number(text(`version:${dossierId}`));
      return { dossierId, sha256: text(`sha256:${dossierId}`), version: Number.isInteger(version) && version > 0 ? version : undefined };
    });
  const outcome: BulkSigningOutcome = await performBulkSigning(services, user, { password: text("password"), items });
  return json(outcome, { status: outcome.status });
}

export default function BulkSigningPage() {
  const { labels, signerName, items, act } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const signable = items.filter((i) => i.sha256);
  return (
    <>
      <p>
        <Link to="/can-bo">← Hồ sơ cần xử lý</Link>
      </p>
      <h1>Ký số nhiều hồ sơ</h1>
      <p className="lead">
        {act === "APPROVE" ? "Phê duyệt và ký số kết quả" : "Ký nháy dự thảo kết quả"}: {items.length} hồ sơ đang chờ bạn ký. Mỗi văn bản được ký và ghi nhận
        riêng; hãy xem từng văn bản trước khi chọn.
      </p>
      {items.some((i) => i.registerNumber?.provisional) ? (
        <p className="hint">
          Số vào sổ mới được cấp theo thứ tự ký trong danh sách. Nếu bỏ chọn một hồ sơ mang số mới, các hồ sơ mang số mới phía dưới sẽ được báo “văn bản đã thay
          đổi” và cần xem lại trước khi ký.
        </p>
      ) : null}
      {outcome && "error" in outcome ? (
        <div className="error-box" role="alert">
          {outcome.error}
        </div>
      ) : null}
      {outcome && "results" in outcome ? (
        <section className={outcome.results.every((r) => r.signed) ? "notice" : "warning-box"} role="status" aria-labelledby="results-title">
          <h2 id="results-title">
            Kết quả ký: {outcome.results.filter((r) => r.signed).length}/{outcome.results.length} hồ sơ đã ký
          </h2>
          <ul data-testid="bulk-results">
            {outcome.results.map((r) => (
              <li key={r.dossierId} data-signed={r.signed ? "yes" : "no"}>
                <strong>{r.code}</strong>: {r.signed ? "Đã ký." : `Không ký được — ${r.message}`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {items.length === 0 ? (
        <p>Không có hồ sơ nào đang chờ bạn ký.</p>
      ) : (
        <Form method="post">
          <fieldset>
            <legend>Chọn hồ sơ để ký</legend>
            <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {items.map((item, i) => {
                const code = encodeURIComponent(item.code);
                return (
                  <li key={item.dossierId} className="card" style={{ marginTop: ".75rem" }} data-testid="bulk-item">
                    <div style={{ display: "flex", gap: ".6rem", alignItems: "flex-start" }}>
                      <input
                        type="checkbox"
                        id={`pick-${i}`}
                        name="dossier"
                        value={item.dossierId}
                        disabled={!item.sha256}
                        style={{ width: "1.5rem", height: "1.5rem", marginTop: ".2rem", flex: "none" }}
                      />
                      <label htmlFor={`pick-${i}`} style={{ margin: 0, overflowWrap: "anywhere" }}>
                        {item.code} — {item.applicantName}
                      </label>
                    </div>
                    {item.sha256 ? (
                      <>
                        <input type="hidden" name={`sha256:${item.dossierId}`} value={item.sha256} />
                        <input type="hidden" name={`version:${item.dossierId}`} value={item.version} />
                      </>
                    ) : null}
                    <p className="hint">
                      {item.resultName} · {item.procedureName}
                      {item.stepDueAt ? ` · Hạn bước: ${formatDateTime(item.stepDueAt)}` : ""}
                    </p>
                    {item.problem ? <p className="field-error">{item.problem}</p> : null}
                    {item.appraisalNote ? (
                      <p style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                        <strong>Tờ trình:</strong> {item.appraisalNote}
                      </p>
                    ) : null}
                    {item.registerNumber ? (
                      <p className="hint">
                        Số vào sổ: {item.registerNumber.number}
                        {item.registerNumber.provisional ? " (dự kiến; số được cấp theo thứ tự ký trong danh sách)" : ""}
                      </p>
                    ) : null}
                    {item.sha256 ? (
                      <>
                        <details>
                          <summary>
                            Xem văn bản trình ký ({item.pageCount} trang)<span className="visually-hidden"> của hồ sơ {item.code}</span>
                          </summary>
                          {Array.from({ length: item.pageCount }, (_, p) => (
                            <img
                              key={p}
                              src={`/ho-so/${code}/ban-trinh-ky?trang=${p + 1}&ma=${item.sha256}&thu-tu=${item.ahead}`}
                              alt={`Trang ${p + 1}/${item.pageCount} của văn bản trình ký, hồ sơ ${item.code}`}
                              loading="lazy"
                              style={{ width: "100%", maxWidth: "40rem", border: "1px solid #888", background: "#fff", display: "block", marginTop: ".5rem" }}
                            />
                          ))}
                        </details>
                        <p>
                          <a href={`/ho-so/${code}/ban-trinh-ky?xem=1&ma=${item.sha256}&thu-tu=${item.ahead}`} target="_blank" rel="noreferrer" aria-label={`Mở PDF trình ký của hồ sơ ${item.code}`}>
                            Mở PDF
                          </a>{" "}
                          ·{" "}
                          <Link to={`/ho-so/${code}`} aria-label={`Mở hồ sơ ${item.code}`}>
                            Mở hồ sơ
                          </Link>
                        </p>
                        <p className="hint">
                          SHA-256: <code style={{ wordBreak: "break-all" }}>{item.sha256}</code>
                        </p>
                      </>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </fieldset>
          {signable.length > 0 ? (
            <section className="card" aria-labelledby="bulk-confirm-title">
              <h2 id="bulk-confirm-title">Xác nhận ký số</h2>
              <p>
                Người ký: <strong>{signerName}</strong>. Mỗi hồ sơ đã chọn được ký đúng văn bản bạn đã xem (theo mã SHA-256); hồ sơ nào có văn bản thay đổi sẽ không
                được ký.
              </p>
              <label htmlFor="bulk-password" className="required">
                Nhập lại mật khẩu để xác nhận ký số
              </label>
              <input id="bulk-password" name="password" type="password" autoComplete="current-password" required />
              <p>
                <button type="submit" className="primary" disabled={busy}>
                  {act === "APPROVE" ? "Phê duyệt và ký số các hồ sơ đã chọn" : "Ký nháy các hồ sơ đã chọn"}
                </button>
              </p>
              <p className="hint">{labels.title} — từng hồ sơ là một lần ký và một sự kiện riêng trong lịch sử hồ sơ.</p>
            </section>
          ) : null}
        </Form>
      )}
    </>
  );
}
