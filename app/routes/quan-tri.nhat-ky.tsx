import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "../labels";
import { AUDIT_ENTITIES, AUDIT_ENTITY_NAMES } from "../admin-labels";
import {
  listAuditEntries,
} from "../services/admin/audit.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Nhật ký quản trị — Quản trị" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "read:audit:all");
  const params = new URL(request.url).searchParams;
  const filters = {
    entity: params.get("doi-tuong") ?? "",
    actor: params.get("nguoi") ?? "",
    from: params.get("tu") ?? "",
    to: params.get("den") ?? "",
  };
  const page = Number(params.get("trang") ?? "1");
  const result = await listAuditEntries(context.services, { ...filters, page: Number.isFinite(page) ? page : 1 });
  return json({ filters, ...result });
}

const ACTION_NAMES: Record<string, string> = {
  create: "Tạo mới",
  update: "Sửa",
  delete: "Xoá",
  deactivate: "Ngừng hoạt động",
  reactivate: "Kích hoạt lại",
  "reset-password": "Đặt lại mật khẩu",
  "grant-role": "Thêm vai trò",
  "withdraw-role": "Bỏ vai trò",
  "set-unit": "Xếp vào phòng",
  "bind-certificate": "Gắn chứng thư số",
  "unbind-certificate": "Gỡ chứng thư số",
  publish: "Xuất bản quy trình",
  "attach-template": "Tải lên mẫu đơn",
  reset: "Trở về mặc định",
  retry: "Chạy lại",
  "issue-key": "Cấp khoá API",
  "rotate-key": "Thay khoá API",
  "revoke-key": "Thu hồi khoá API",
  "issue-secret": "Tạo khoá ký webhook",
  "rotate-secret": "Thay khoá ký webhook",
  "revoke-secret": "Thu hồi khoá ký webhook",
};

export default function AuditLog() {
  const { filters, entries, actors, page, pages, total } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => {
    const q = new URLSearchParams();
    if (filters.entity) q.set("doi-tuong", filters.entity);
    if (filters.actor) q.set("nguoi", filters.actor);
    if (filters.from) q.set("tu", filters.from);
    if (filters.to) q.set("den", filters.to);
    q.set("trang", String(n));
    return `?${q}`;
  };
  return (
    <>
      <h1>Nhật ký quản trị</h1>
      <p className="lead">Mọi thay đổi của quản trị viên: ai, khi nào, thay đổi gì, giá trị trước và sau. Mật khẩu, khoá bí mật không bao giờ được ghi.</p>
      <Form method="get" className="card search" aria-label="Lọc nhật ký">
        <div>
          <label htmlFor="doi-tuong">Đối tượng</label>
          <select id="doi-tuong" name="doi-tuong" defaultValue={filters.entity}>
            <option value="">Tất cả</option>
            {AUDIT_ENTITIES.map((e) => (
              <option key={e} value={e}>
                {AUDIT_ENTITY_NAMES[e]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="nguoi">Người thực hiện</label>
          <select id="nguoi" name="nguoi" defaultValue={filters.actor}>
            <option value="">Tất cả</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.fullName} ({a.username})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="tu">Từ ngày</label>
          <input id="tu" name="tu" type="date" defaultValue={filters.from} />
        </div>
        <div>
          <label htmlFor="den">Đến ngày</label>
          <input id="den" name="den" type="date" defaultValue={filters.to} />
        </div>
        <div style={{ alignSelf: "end" }}>
          <button type="submit" className="primary">
            Lọc
          </button>
        </div>
      </Form>
      <p role="status">
        {total} thay đổi{pages > 1 ? ` · trang ${page}/${pages}` : ""}
      </p>
      {entries.length === 0 ? <p>Không có thay đổi nào khớp bộ lọc.</p> : null}
      {entries.map((e) => (
        <section key={e.id} className="card" aria-labelledby={`audit-${e.id}`} data-testid="audit-entry">
          <h2 id={`audit-${e.id}`} style={{ fontSize: "1.05rem", margin: "0 0 .25rem" }}>
            {e.entityName}: {e.entityKey} — {ACTION_NAMES[e.action] ?? e.action}
          </h2>
          <p className="hint" style={{ margin: "0 0 .5rem" }}>
            {formatDateTime(e.occurredAt)} · {e.actor}
          </p>
          {e.changes.length ? (
            <div className="table-wrap diff">
              <table>
                <caption className="visually-hidden">Thay đổi của mục {e.id}</caption>
                <thead>
                  <tr>
                    <th scope="col">Trường</th>
                    <th scope="col">Trước</th>
                    <th scope="col">Sau</th>
                  </tr>
                </thead>
                <tbody>
                  {e.changes.map((c) => (
                    <tr key={c.field}>
                      <th scope="row">{c.field}</th>
                      <td>{c.before === "—" ? "—" : <del>{c.before}</del>}</td>
                      <td>{c.after === "—" ? "—" : <ins>{c.after}</ins>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="hint">Không có trường nào thay đổi.</p>
          )}
        </section>
      ))}
      {pages > 1 ? (
        <nav className="pager" aria-label="Phân trang nhật ký">
          {page > 1 ? <Link to={pageLink(page - 1)}>← Trang trước</Link> : null}
          <span>
            Trang {page}/{pages}
          </span>
          {page < pages ? <Link to={pageLink(page + 1)}>Trang sau →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
