import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { ROLES, type UserRole } from "../../db/schema";
import { chooseActiveRole, currentUser } from "../services/auth.server";
import { homeOf } from "../services/permissions.server";
import { readForm } from "../services/forms.server";

/**
 * Chooses the active role of this session among the user's own roles. The answer goes to the
 * role's start page, never to an address from the request.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = context.services.database;
  const user = await currentUser(db, request);
  if (!user) return redirect("/dang-nhap");
  const form = await readForm(request);
  const match = /^([A-Za-z]+)@(\d{1,9})$/.exec(String(form.get("role") ?? ""));
  const role = match?.[1] as UserRole | undefined;
  if (!match || !role || !ROLES.includes(role) || !(await chooseActiveRole(db, request, { role, agencyId: Number(match[2]) }))) {
    throw new Response("Vai trò không hợp lệ.", { status: 400 });
  }
  return redirect(homeOf(role));
}

export const loader = () => redirect("/");
