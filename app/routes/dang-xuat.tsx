import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "../services/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const setCookie = await logout(context.services.database.db, request, context.services.config.production);
  return redirect("/", { headers: { "Set-Cookie": setCookie } });
}

export const loader = () => redirect("/");
