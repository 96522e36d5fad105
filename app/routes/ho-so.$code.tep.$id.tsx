import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireDossierForRequest } from "../services/dossier-route-access.server";
import { mayAccessDossier } from "../services/permissions.server";
import { attachmentResponse } from "../services/downloads.server";

/** Downloads one file of a dossier, for whoever may see that dossier. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { services } = context;
  const { user, detail } = await requireDossierForRequest(services, request, params.code ?? "");
  const file = detail.files.find((f) => f.id === params.id);
  const hiddenDraft = file?.kind === "draftResult" && !mayAccessDossier(user, detail.dossier, "read:draft-result");
  if (!file || hiddenDraft) throw new Response("Không tìm thấy tệp.", { status: 404 });
  return attachmentResponse(services, file);
}
