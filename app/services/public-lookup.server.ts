/**
 * Public dossier lookup (tra cứu hồ sơ): the code alone is not enough (DOMAIN.md §6); the applicant's
 * ID number or phone must match too. A wrong pair answers exactly like an unknown code.
 */
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../workflows/dossier-status";
import type { AppServices } from "./context.server";
import { loadDossierDetail, timelineLabel } from "./dossier-queries.server";

const digits = (s: string) => s.replace(/\D/g, "").replace(/^84/, "0");

export async function lookupDossier(services: AppServices, code: string, secret: string) {
  const detail = await loadDossierDetail(services, code.trim());
  const given = digits(secret);
  if (!detail || given.length < 9) return null;
  const { dossier } = detail;
  if (given !== digits(dossier.applicantIdNumber) && given !== digits(dossier.applicantPhone)) return null;
  return {
    code: dossier.code,
    procedureName: detail.procedure.name,
    agencyName: detail.agency.name,
    statusName: DOSSIER_STATUS_NAMES[dossier.status as DossierStatusCode],
    status: dossier.status,
    submittedAt: dossier.submittedAt.toISOString(),
    dueAt: dossier.dueAt?.toISOString() ?? null,
    returnedAt: dossier.returnedAt?.toISOString() ?? null,
    timeline: detail.events.map(({ event }) => ({
      seq: event.seq,
      label: timelineLabel(event.action),
      statusName: DOSSIER_STATUS_NAMES[event.toStatus as DossierStatusCode],
      at: event.occurredAt.toISOString(),
    })),
  };
}
