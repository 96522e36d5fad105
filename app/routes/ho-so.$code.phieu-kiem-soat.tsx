import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../services/auth.server";
import { canViewDossier, loadDossierDetail } from "../services/dossier-queries.server";
import { controlSheetPdf } from "../services/documents.server";
import { downloadResponse } from "../services/downloads.server";

/** Mẫu 06 for officers of the agencies involved (and monitors): the dossier's hand-overs so far. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const user = await requireUser(services.database.db, request, ["desk", "specialist", "unitHead", "leader", "clerk", "monitor", "admin"]);
  const detail = await loadDossierDetail(services, params.code ?? "");
  if (!detail || !canViewDossier(user, detail.dossier)) throw new Response("Không tìm thấy hồ sơ.", { status: 404 });
  const pdf = await controlSheetPdf(services, detail.dossier.id, user.id);
  return downloadResponse(pdf, { fileName: `Mau06-${detail.dossier.code}.pdf`, mediaType: "application/pdf" });
}
