import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { currentUser, login } from "../services/auth.server";
import { homeOf } from "../services/permissions.server";
import { safeRedirect } from "../services/safe-redirect";
import { keepRetryAfter } from "../services/rate-limits.server";
import { readForm } from "../services/forms.server";

export const headers = keepRetryAfter;

export const meta: MetaFunction = () => [{ title: "Đăng nhập — Một Cửa Thái Bình" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(context.services.database.db, request);
  if (user) return redirect(homeOf(user.role));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const username = String(form.get("username") ?? "");
  const password = String(form.get("password") ?? "");
  if (!username || !password) {
    return json({ error: "Vui lòng nhập tên đăng nhập và mật khẩu.", username }, { status: 400 });
  }
  const { services } = context;
  const result = await login(services.database.db, services.rateLimits, { username, password, clientIp: context.clientIp ?? "unknown", secure: services.config.https });
  if (!result.ok) return json({ error: result.error, username }, { status: result.status, headers: result.headers });
  const target = safeRedirect(form.get("redirectTo"), homeOf(result.user.role));
  return redirect(target, { headers: { "Set-Cookie": result.setCookie } });
}

export default function SignIn() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <div className="card" style={{ maxWidth: "28rem", margin: "1rem auto" }}>
      <h1>Đăng nhập</h1>
      <p className="lead">Dùng tài khoản của Cổng Dịch vụ công tỉnh Thái Bình.</p>
      {data?.error ? (
        <p className="error-box" role="alert">
          {data.error}
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="redirectTo" value={safeRedirect(params.get("redirectTo"), "")} />
        <label htmlFor="username">Tên đăng nhập</label>
        <input id="username" name="username" autoComplete="username" defaultValue={data?.username ?? ""} required />
        <label htmlFor="password">Mật khẩu</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <p>
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            Đăng nhập
          </button>
        </p>
      </Form>
    </div>
  );
}
