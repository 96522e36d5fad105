import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../services/auth.server";
import { canViewDossier, loadDossierDetail, mayOpenFile } from "../services/dossier-queries.server";
import { attachmentResponse } from "../services/downloads.server";

/** Downloads one file of a dossier, for whoever may see that dossier. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requireUser(services.database.db, request);
  const detail = await loadDossierDetail(services, params.code ?? "");
  if (!detail || !canViewDossier(user, detail.dossier)) throw new Response("Không tìm thấy hồ sơ.", { status: 404 });
  const file = detail.files.find((f) => f.id === params.id);
  // A citizen's result before its release answers like a missing file.
  if (!file || !mayOpenFile(user, detail.dossier, file)) throw new Response("Không tìm thấy tệp.", { status: 404 });
  return attachmentResponse(services, file);
}
