import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { displayCookie, readDisplayPreferences } from "../services/display.server";
import { safeRedirect } from "../services/safe-redirect";
import { readForm } from "../services/forms.server";

/** Toggles a reading preference and goes back to the page it was changed on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const current = readDisplayPreferences(request);
  const toggle = String(form.get("toggle") ?? "");
  const next = {
    largeText: toggle === "largeText" ? !current.largeText : current.largeText,
    highContrast: toggle === "highContrast" ? !current.highContrast : current.highContrast,
  };
  return redirect(safeRedirect(form.get("back"), "/"), { headers: { "Set-Cookie": displayCookie(next) } });
}

export const loader = () => redirect("/");
