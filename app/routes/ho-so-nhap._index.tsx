/**
 * The citizen's drafts (hồ sơ nháp), on any device she signs in on: resume, review, delete. A draft
 * is kept 30 days after its last save.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import wizardStyles from "../components/wizard/wizard.css";
import { formatDateTime } from "../labels";
import { deleteDraft, DRAFT_TTL_DAYS, listDrafts } from "../services/drafts.server";
import { readForm } from "../services/forms.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Hồ sơ nháp — Một Cửa" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: wizardStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
  const drafts = await listDrafts(services.database.db, user.id);
  return json({ drafts: drafts.map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString(), expiresAt: d.expiresAt.toISOString() })) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { services } = context;
  const user = await requirePermission(services, request, "submit:dossier:own");
  const form = await readForm(request);
  const id = String(form.get("draftId") ?? "");
  const version = Number(form.get("draftVersion"));
  if (form.get("intent") !== "delete" || !Number.isInteger(version)) return json({ error: "Yêu cầu không hợp lệ." }, { status: 400 });
  const removed = await deleteDraft(services.database.db, user.id, id, version);
  if (!removed) return json({ error: "Không xoá được: bản nháp đã được lưu lại từ nơi khác hoặc không còn nữa. Hãy xem danh sách mới nhất." }, { status: 409 });
  return redirect("/ho-so-nhap?da-xoa=1");
}

export default function Drafts() {
  const { drafts } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <p>
        <Link to="/ho-so-cua-toi">← Hồ sơ của tôi</Link>
      </p>
      <h1>Hồ sơ nháp</h1>
      <p className="lead">
        Hồ sơ bạn đã bắt đầu nhưng chưa nộp, lưu trên máy chủ: tiếp tục được trên mọi thiết bị khi đăng nhập. Bản nháp được giữ {DRAFT_TTL_DAYS} ngày kể từ lần
        lưu cuối.
      </p>
      {reply?.error ? (
        <div className="error-box" role="alert">
          {reply.error}
        </div>
      ) : null}
      {params.get("da-xoa") === "1" && !reply ? (
        <div className="notice" role="status">
          Đã xoá bản nháp.
        </div>
      ) : null}
      {drafts.length === 0 ? (
        <p>
          Bạn chưa có hồ sơ nháp nào. <Link to="/thu-tuc">Tìm thủ tục để nộp hồ sơ</Link>.
        </p>
      ) : (
        <ul className="draft-list" data-testid="drafts">
          {drafts.map((d) => (
            <li key={d.id} data-testid="draft">
              <h2 style={{ fontSize: "1.1rem", margin: "0 0 .25rem" }}>{d.procedureName}</h2>
              <p className="hint">
                Lưu lần cuối {formatDateTime(d.updatedAt)} · {d.fileCount} tệp đính kèm · giữ đến {formatDateTime(d.expiresAt)}
              </p>
              <div className="wizard-actions">
                <Link className="button" to={`/thu-tuc/${d.procedureCode}/nop-truc-tuyen?nhap=${d.id}`} aria-label={`Tiếp tục: ${d.procedureName}`}>
                  Tiếp tục
                </Link>
                <Form method="post">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="draftId" value={d.id} />
                  <input type="hidden" name="draftVersion" value={d.version} />
                  <button type="submit" className="danger" aria-label={`Xoá bản nháp: ${d.procedureName}`}>
                    Xoá
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
