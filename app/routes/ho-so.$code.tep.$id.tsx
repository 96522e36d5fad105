import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { mayOpenFile } from "../services/dossier-queries.server";
import { attachmentResponse } from "../services/downloads.server";

/** Downloads one file of a dossier, for whoever may see that dossier. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const { user, detail } = await requireDossierForRequest(services, request, params.code ?? "");
  const file = detail.files.find((f) => f.id === params.id);
  // A citizen's result before its release answers like a missing file.
  if (!file || !mayOpenFile(user, detail.dossier, file)) throw new Response("Không tìm thấy tệp.", { status: 404 });
  return attachmentResponse(services, file);
}
