/**
 * Public dossier lookup (tra cứu hồ sơ): the code alone is not enough (DOMAIN.md §6); the applicant's
 * ID number or phone must match too. A wrong pair answers exactly like an unknown code.
 */
import { asc, eq } from "drizzle-orm";
import { dossierEvents, dossiers, procedures, agencies } from "../../db/schema";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../workflows/dossier-status";
import { EVENT_LABELS, type DossierEventType } from "../../workflows/dossier-machine";
import type { AppServices } from "./context.server";

const digits = (s: string) => s.replace(/\D/g, "").replace(/^84/, "0");

export async function lookupDossier(services: AppServices, code: string, secret: string) {
  const { db } = services.database;
  const [row] = await db
    .select({ dossier: dossiers, procedureName: procedures.name, agencyName: agencies.name })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .innerJoin(agencies, eq(agencies.id, dossiers.receivingAgencyId))
    .where(eq(dossiers.code, code.trim()));
  const given = digits(secret);
  if (!row || given.length < 9) return null;
  const { dossier } = row;
  if (given !== digits(dossier.applicantIdNumber) && given !== digits(dossier.applicantPhone)) return null;
  const events = await db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossier.id)).orderBy(asc(dossierEvents.seq));
  return {
    code: dossier.code,
    procedureName: row.procedureName,
    agencyName: row.agencyName,
    statusName: DOSSIER_STATUS_NAMES[dossier.status as DossierStatusCode],
    status: dossier.status,
    submittedAt: dossier.submittedAt.toISOString(),
    dueAt: dossier.dueAt?.toISOString() ?? null,
    returnedAt: dossier.returnedAt?.toISOString() ?? null,
    timeline: events.map((e) => ({
      seq: e.seq,
      label: e.action === "SUBMIT" ? "Nộp hồ sơ trực tuyến" : (EVENT_LABELS[e.action as DossierEventType] ?? e.action),
      statusName: DOSSIER_STATUS_NAMES[e.toStatus as DossierStatusCode],
      at: e.occurredAt.toISOString(),
    })),
  };
}
