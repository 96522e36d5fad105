/**
 * The administrative units under one (the address cascade's next list), as JSON for the wizard's
 * script. Public data; without JavaScript the wizard gets the same list from its own page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { unitsUnder } from "../services/drafts-wizard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const parent = new URL(request.url).searchParams.get("cha");
  if (parent !== null && !/^[A-Za-z0-9._-]{1,20}$/.test(parent)) return json({ units: [] }, { status: 400 });
  const units = await unitsUnder(context.services.database.db, parent || null);
  return json({ units: units.map(({ code, name }) => ({ code, name })) }, { headers: { "Cache-Control": "public, max-age=3600" } });
}
