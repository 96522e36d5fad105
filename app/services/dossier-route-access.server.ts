/**
 * How every `ho-so.*` route gets its dossier: the signed-in user, the dossier, and the one
 * object-level check (permissions.server.ts) for what the route is about to do.
 */
import { redirect } from "@remix-run/node";
import { currentUser, type SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { DossierActionError } from "./dossier-errors.server";
import { loadDossierDetail, type DossierDetail } from "./dossier-queries.server";
import { accessErrorResponse, requireDossierAccess, type DossierAccessAction } from "./permissions.server";

export async function requireDossierForRequest(
  services: AppServices,
  request: Request,
  code: string,
  action: DossierAccessAction = "read",
): Promise<{ user: SessionUser; detail: DossierDetail }> {
  const user = await currentUser(services.database.db, request);
  if (!user) {
    // Before anything is looked up: an anonymous visitor learns nothing about which codes exist.
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const detail = await loadDossierDetail(services, code);
  if (!detail) throw new Response("Không tìm thấy hồ sơ.", { status: 404 });
  try {
    requireDossierAccess(user, detail.dossier, action);
  } catch (error) {
    if (error instanceof DossierActionError) throw accessErrorResponse(error, request);
    throw error;
  }
  return { user, detail };
}
