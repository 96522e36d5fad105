import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { controlSheetPdf } from "../services/documents.server";
import { downloadResponse } from "../services/downloads.server";

/** Mẫu 06 for officers of the agencies involved (and monitors): the dossier's hand-overs so far. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const { user, detail } = await requireDossierForRequest(services, request, params.code ?? "", "read:control-sheet");
  const pdf = await controlSheetPdf(services, detail.dossier.id, user.id);
  return downloadResponse(pdf, { fileName: `Mau06-${detail.dossier.code}.pdf`, mediaType: "application/pdf" });
}
