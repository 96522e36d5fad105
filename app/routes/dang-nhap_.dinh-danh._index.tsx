import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { startNationalLogin } from "../services/identity/national-login.server";

/** "Đăng nhập bằng tài khoản định danh điện tử": off to the national identity provider (404 when none is configured). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { url, setCookie } = await startNationalLogin(context.services, { redirectTo: new URL(request.url).searchParams.get("redirectTo") });
  return redirect(url, { headers: { "Set-Cookie": setCookie } });
}
