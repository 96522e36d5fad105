import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ROLE_NAMES } from "../labels";
import { MIN_PASSWORD_LENGTH } from "../admin-labels";
import {
  createUser,
  listUsers,
} from "../services/admin/users.server";
import { readForm } from "../services/forms.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Người dùng — Quản trị" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:users:all");
  const params = new URL(request.url).searchParams;
  const page = Number(params.get("trang") ?? "1");
  return json(await listUsers(context.services, { q: params.get("q") ?? "", page: Number.isFinite(page) ? page : 1 }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:users:all");
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  const values = { username: text("username"), fullName: text("fullName"), title: text("title"), email: text("email"), phone: text("phone") };
  const created = await createUser(context.services, admin.id, { ...values, password: text("password"), generate: text("passwordMode") === "generate" });
  if (!created.ok) return json({ errors: created.errors, values }, { status: 400 });
  // A generated password is shown once, on the new account's page, and never stored in clear.
  const shown = created.value.generatedPassword;
  if (shown) {
    return json({ errors: {} as Record<string, string>, values: null, created: { id: created.value.id, username: created.value.username, password: shown } });
  }
  return redirect(`/quan-tri/nguoi-dung/${created.value.id}?moi=1`);
}

export default function Users() {
  const { users, q, page, pages, total } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = data?.errors ?? {};
  const values = data?.values ?? null;
  const created = data && "created" in data ? data.created : null;
  const pageLink = (n: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), trang: String(n) })}`;
  return (
    <>
      <h1>Người dùng</h1>
      {created ? (
        <section className="notice" role="status" aria-labelledby="tai-khoan-moi">
          <h2 id="tai-khoan-moi" style={{ fontSize: "1.05rem", margin: 0 }}>
            Đã tạo tài khoản {created.username}
          </h2>
          <p>Mật khẩu ban đầu (chỉ hiện một lần, hãy trao trực tiếp cho người dùng):</p>
          <code className="secret-value" data-testid="generated-password">
            {created.password}
          </code>
          <p>
            <Link to={`/quan-tri/nguoi-dung/${created.id}`}>Giao vai trò, phòng cho tài khoản này →</Link>
          </p>
        </section>
      ) : null}
      <Form method="get" className="search" role="search" aria-label="Tìm người dùng">
        <label htmlFor="q" className="visually-hidden">
          Tìm theo tên đăng nhập, họ tên, thư điện tử hoặc số điện thoại
        </label>
        <input id="q" name="q" type="search" defaultValue={q} placeholder="Tên đăng nhập, họ tên, thư điện tử, điện thoại" />
        <button type="submit" className="primary">
          Tìm
        </button>
      </Form>
      <p>
        {total} tài khoản{pages > 1 ? ` · trang ${page}/${pages}` : ""}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Tên đăng nhập</th>
              <th scope="col">Họ và tên</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/quan-tri/nguoi-dung/${u.id}`}>{u.username}</Link>
                </td>
                <td>
                  {u.fullName}
                  {u.title ? <div className="hint">{u.title}</div> : null}
                </td>
                <td>
                  {u.roles.map((r, i) => (
                    <div key={i}>
                      {ROLE_NAMES[r.role]}
                      {r.agencyName ? ` — ${r.agencyName}` : ""}
                    </div>
                  ))}
                </td>
                <td>{u.active ? "Đang hoạt động" : "Đã khóa"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav className="pager" aria-label="Phân trang người dùng">
          {page > 1 ? <Link to={pageLink(page - 1)}>← Trang trước</Link> : null}
          <span>
            Trang {page}/{pages}
          </span>
          {page < pages ? <Link to={pageLink(page + 1)}>Trang sau →</Link> : null}
        </nav>
      ) : null}

      <Form method="post" className="card" style={{ marginTop: "1.5rem" }} key={created?.username ?? "new"} aria-labelledby="tao-tai-khoan">
        <h2 id="tao-tai-khoan">Tạo tài khoản</h2>
        {Object.keys(errors).length ? (
          <div className="error-box" role="alert">
            {Object.values(errors).join(" ")}
          </div>
        ) : null}
        <div className="grid">
          {(
            [
              ["username", "Tên đăng nhập", "text", true],
              ["fullName", "Họ và tên", "text", true],
              ["title", "Chức danh", "text", false],
              ["email", "Thư điện tử", "email", false],
              ["phone", "Số điện thoại", "tel", false],
            ] as const
          ).map(([name, label, type, required]) => (
            <div key={name}>
              <label htmlFor={`new-${name}`}>
                {label}
                {required ? <span className="required"> (bắt buộc)</span> : null}
              </label>
              <input
                id={`new-${name}`}
                name={name}
                type={type}
                defaultValue={values?.[name] ?? ""}
                aria-invalid={errors[name] ? true : undefined}
                aria-describedby={errors[name] ? `new-${name}-error` : undefined}
              />
              {errors[name] ? (
                <p className="field-error" id={`new-${name}-error`}>
                  {errors[name]}
                </p>
              ) : null}
            </div>
          ))}
        </div>
        <fieldset style={{ marginTop: "1rem" }}>
          <legend>Mật khẩu ban đầu</legend>
          <label>
            <input type="radio" name="passwordMode" value="generate" defaultChecked /> Tạo ngẫu nhiên (hiện một lần sau khi tạo)
          </label>
          <label>
            <input type="radio" name="passwordMode" value="typed" /> Tự nhập
          </label>
          <label htmlFor="new-password">Mật khẩu (ít nhất {MIN_PASSWORD_LENGTH} ký tự, khi tự nhập)</label>
          <input id="new-password" name="password" type="password" autoComplete="new-password" aria-invalid={errors.password ? true : undefined} />
        </fieldset>
        <p>
          <button type="submit" className="primary" disabled={navigation.state !== "idle"}>
            Tạo tài khoản
          </button>
        </p>
      </Form>
    </>
  );
}
