import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { isLanguage } from "../i18n";
import { currentUser } from "../services/auth.server";
import { readForm } from "../services/forms.server";
import { languageCookie } from "../services/language.server";
import { safeRedirect } from "../services/safe-redirect";

/** Switches the page language and goes back to the page it was changed on; no JavaScript needed. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const language = form.get("lang");
  const back = safeRedirect(form.get("back"), "/");
  if (!isLanguage(language)) return redirect(back);
  const db = context.services.database.db;
  const user = await currentUser(db, request);
  // The mails the portal sends a signed-in user follow the language she reads the portal in.
  if (user) await db.update(users).set({ preferredLanguage: language }).where(eq(users.id, user.id));
  return redirect(back, { headers: { "Set-Cookie": languageCookie(language) } });
}

export const loader = () => redirect("/");
