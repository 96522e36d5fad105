import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDateTime, ROLE_NAMES } from "../labels";
import { CertificateUnreadable } from "../services/admin/certificates.server";
import { MIN_PASSWORD_LENGTH } from "../admin-labels";
import {
  AdminInputError,
  agencyChoices,
  bindCertificate,
  grantRole,
  resetPassword,
  setUnit,
  setUserActive,
  unbindCertificate,
  updateProfile,
  userDetail,
  withdrawRole,
} from "../services/admin/users.server";
import { fileField, FormRejected, parseForm, rejectionHeaders } from "../services/uploads.server";
import { requirePermission } from "../services/permissions.server";
import { ROLES } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Tài khoản — Quản trị" }];

function idOf(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy người dùng.", { status: 404 });
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:users:all");
  const detail = await userDetail(context.services, idOf(params));
  if (!detail) throw new Response("Không tìm thấy người dùng.", { status: 404 });
  const choices = await agencyChoices(context.services);
  const heldAgencies = new Set(detail.roles.map((r) => r.agencyId));
  return json({
    ...detail,
    isSelf: admin.id === detail.user.id,
    agencies: choices.agencies,
    units: choices.units.filter((u) => u.parentId !== null && heldAgencies.has(u.parentId)),
    created: new URL(request.url).searchParams.get("moi") === "1",
  });
}

const FIELDS = new Set(["intent", "fullName", "title", "email", "phone", "password", "passwordMode", "role", "agencyId", "unitId"]);

type ActionData = { done: string | null; errors: Record<string, string>; values: Record<string, string> | null; shownPassword: string | null };
const answer = (data: Partial<ActionData>, status = 200, headers?: HeadersInit) =>
  json({ done: null, errors: {}, values: null, shownPassword: null, ...data } satisfies ActionData, { status, headers });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:users:all");
  const id = idOf(params);
  let form: FormData;
  try {
    form = await parseForm(request, { fields: (n) => FIELDS.has(n), files: (n) => n === "certificate", maxFiles: 1, maxFileBytes: 64 * 1024 });
  } catch (error) {
    if (error instanceof FormRejected) return answer({ errors: { form: error.message } }, error.status, rejectionHeaders);
    throw error;
  }
  const text = (name: string) => String(form.get(name) ?? "");
  const { services } = context;
  try {
    switch (text("intent")) {
      case "profile": {
        const values = { fullName: text("fullName"), title: text("title"), email: text("email"), phone: text("phone") };
        const outcome = await updateProfile(services, admin.id, id, values);
        return outcome.ok ? answer({ done: "Đã lưu thông tin tài khoản." }) : answer({ errors: outcome.errors, values }, 400);
      }
      case "deactivate":
        await setUserActive(services, admin.id, id, false);
        return answer({ done: "Đã khóa tài khoản; mọi phiên đăng nhập của tài khoản đã kết thúc." });
      case "reactivate":
        await setUserActive(services, admin.id, id, true);
        return answer({ done: "Đã mở khóa tài khoản." });
      case "reset-password": {
        const { generatedPassword } = await resetPassword(services, admin.id, id, { password: text("password"), generate: text("passwordMode") === "generate" });
        return answer({ done: "Đã đặt lại mật khẩu; mọi phiên đăng nhập của tài khoản đã kết thúc.", shownPassword: generatedPassword });
      }
      case "grant-role":
        await grantRole(services, admin.id, id, text("role"), Number(text("agencyId")));
        return answer({ done: "Đã thêm vai trò." });
      case "withdraw-role":
        await withdrawRole(services, admin.id, id, text("role"), Number(text("agencyId")));
        return answer({ done: "Đã bỏ vai trò." });
      case "set-unit":
        await setUnit(services, admin.id, id, text("unitId") ? Number(text("unitId")) : null);
        return answer({ done: "Đã lưu phòng, đơn vị." });
      case "bind-certificate": {
        const picked = fileField(form.get("certificate"));
        if (!picked) return answer({ errors: { certificate: "Vui lòng chọn tệp chứng thư số." } }, 400);
        if ("oversizeName" in picked) return answer({ errors: { certificate: "Tệp chứng thư số quá lớn (tối đa 64 KB)." } }, 413);
        const info = await bindCertificate(services, admin.id, id, new Uint8Array(await picked.file.arrayBuffer()));
        return answer({ done: `Đã gắn chứng thư số ${info.sha256.slice(0, 16)}….` });
      }
      case "unbind-certificate":
        await unbindCertificate(services, admin.id, id);
        return answer({ done: "Đã gỡ chứng thư số." });
      default:
        return answer({ errors: { form: "Thao tác không hợp lệ." } }, 400);
    }
  } catch (error) {
    if (error instanceof AdminInputError) return answer({ errors: { [error.field]: error.message } }, error.status);
    if (error instanceof CertificateUnreadable) return answer({ errors: { certificate: error.message } }, 400);
    throw error;
  }
}

export default function UserPage() {
  const { user, roles, certificate, isSelf, agencies, units, created } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  const values = data?.values ?? null;
  return (
    <>
      <p>
        <Link to="/quan-tri/nguoi-dung">← Danh sách người dùng</Link>
      </p>
      <h1>
        Tài khoản {user.username}
        {user.active ? null : " (đã khóa)"}
      </h1>
      {created && !data ? (
        <p className="notice" role="status">
          Đã tạo tài khoản. Hãy giao vai trò và phòng, đơn vị cho tài khoản.
        </p>
      ) : null}
      {data?.done ? (
        <p className="notice" role="status">
          {data.done}
        </p>
      ) : null}
      {data?.shownPassword ? (
        <div className="notice">
          <p>Mật khẩu mới (chỉ hiện một lần):</p>
          <code className="secret-value" data-testid="generated-password">
            {data.shownPassword}
          </code>
        </div>
      ) : null}
      {Object.keys(errors).length ? (
        <div className="error-box" role="alert">
          {Object.values(errors).join(" ")}
        </div>
      ) : null}

      <section className="card" aria-labelledby="thong-tin">
        <h2 id="thong-tin">Thông tin</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="profile" />
          <div className="grid">
            {(
              [
                ["fullName", "Họ và tên", "text", user.fullName],
                ["title", "Chức danh", "text", user.title],
                ["email", "Thư điện tử", "email", user.email],
                ["phone", "Số điện thoại", "tel", user.phone],
              ] as const
            ).map(([name, label, type, current]) => (
              <div key={name}>
                <label htmlFor={`u-${name}`}>{label}</label>
                <input id={`u-${name}`} name={name} type={type} defaultValue={values?.[name] ?? current ?? ""} aria-invalid={errors[name] ? true : undefined} />
              </div>
            ))}
          </div>
          <p>
            <button type="submit" className="primary">
              Lưu thông tin
            </button>
          </p>
        </Form>
      </section>

      <section className="card" aria-labelledby="vai-tro">
        <h2 id="vai-tro">Vai trò và cơ quan</h2>
        {roles.length === 0 ? <p>Chưa có vai trò nào: tài khoản chưa đăng nhập được.</p> : null}
        <ul>
          {roles.map((r) => (
            <li key={`${r.role}-${r.agencyId}`}>
              {ROLE_NAMES[r.role]}
              {r.agencyName ? ` — ${r.agencyName}` : ""}{" "}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="withdraw-role" />
                <input type="hidden" name="role" value={r.role} />
                <input type="hidden" name="agencyId" value={r.agencyId} />
                <button type="submit" className="link-button" aria-label={`Bỏ vai trò ${ROLE_NAMES[r.role]}${r.agencyName ? ` tại ${r.agencyName}` : ""}`}>
                  Bỏ
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="search">
          <input type="hidden" name="intent" value="grant-role" />
          <div>
            <label htmlFor="role">Vai trò</label>
            <select id="role" name="role" defaultValue="specialist">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_NAMES[r]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="agencyId">Tại cơ quan</label>
            <select id="agencyId" name="agencyId">
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div style={{ alignSelf: "end" }}>
            <button type="submit" className="primary">
              Thêm vai trò
            </button>
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="phong">
        <h2 id="phong">Phòng, đơn vị</h2>
        {units.length === 0 ? (
          <p>Giao vai trò tại một cơ quan trước, rồi chọn phòng, đơn vị của cơ quan đó.</p>
        ) : (
          <Form method="post" className="search">
            <input type="hidden" name="intent" value="set-unit" />
            <div>
              <label htmlFor="unitId">Phòng, đơn vị công tác</label>
              <select id="unitId" name="unitId" defaultValue={user.unitId ?? ""}>
                <option value="">— Không thuộc phòng nào —</option>
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </div>
            <div style={{ alignSelf: "end" }}>
              <button type="submit" className="primary">
                Lưu phòng
              </button>
            </div>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="chung-thu">
        <h2 id="chung-thu">Chứng thư số ký văn bản</h2>
        {certificate ? (
          <dl>
            <dt>Chủ thể</dt>
            <dd>{certificate.subject}</dd>
            <dt>Tổ chức cấp</dt>
            <dd>{certificate.issuer}</dd>
            <dt>Hiệu lực</dt>
            <dd>
              {formatDateTime(certificate.notBefore)} – {formatDateTime(certificate.notAfter)}
            </dd>
            <dt>SHA-256</dt>
            <dd>
              <code className="secret-value" data-testid="certificate-sha256">
                {certificate.sha256}
              </code>
            </dd>
          </dl>
        ) : (
          <p>Chưa gắn chứng thư số. Khi đã gắn, chỉ khóa có đúng chứng thư này mới ký được văn bản của tài khoản.</p>
        )}
        <Form method="post" encType="multipart/form-data" className="search">
          <input type="hidden" name="intent" value="bind-certificate" />
          <div>
            <label htmlFor="certificate">Tệp chứng thư (.pem, .crt, .cer, .der)</label>
            <input id="certificate" name="certificate" type="file" accept=".pem,.crt,.cer,.der" aria-invalid={errors.certificate ? true : undefined} />
          </div>
          <div style={{ alignSelf: "end" }}>
            <button type="submit" className="primary">
              Gắn chứng thư số
            </button>
          </div>
        </Form>
        {certificate ? (
          <Form method="post">
            <input type="hidden" name="intent" value="unbind-certificate" />
            <button type="submit" className="danger">
              Gỡ chứng thư số
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="mat-khau">
        <h2 id="mat-khau">Đặt lại mật khẩu</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="reset-password" />
          <label>
            <input type="radio" name="passwordMode" value="generate" defaultChecked /> Tạo ngẫu nhiên
          </label>
          <label>
            <input type="radio" name="passwordMode" value="typed" /> Tự nhập
          </label>
          <label htmlFor="reset-password">Mật khẩu mới (ít nhất {MIN_PASSWORD_LENGTH} ký tự, khi tự nhập)</label>
          <input id="reset-password" name="password" type="password" autoComplete="new-password" aria-invalid={errors.password ? true : undefined} />
          <p>
            <button type="submit" className="secondary">
              Đặt lại mật khẩu
            </button>
          </p>
        </Form>
      </section>

      <section className="card" aria-labelledby="trang-thai">
        <h2 id="trang-thai">Trạng thái</h2>
        {isSelf ? (
          <p>Đây là tài khoản của bạn: bạn không thể tự khóa.</p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value={user.active ? "deactivate" : "reactivate"} />
            <button type="submit" className={user.active ? "danger" : "primary"}>
              {user.active ? "Khóa tài khoản" : "Mở khóa tài khoản"}
            </button>
          </Form>
        )}
      </section>
    </>
  );
}
