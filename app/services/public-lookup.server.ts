/**
 * Public dossier lookup (tra cứu hồ sơ): the code alone is not enough (DOMAIN.md §6); the applicant's
 * ID number or phone must match too. A wrong pair answers exactly like an unknown code, and takes the
 * same work: one indexed read by code, then keyed hashes compared in constant time against the row's
 * values or, for an unknown code, against stand-ins. Only a full match loads the dossier.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { dossiers } from "../../db/schema";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../workflows/dossier-status";
import type { AppServices } from "./context.server";
import { loadDossierDetail, timelineLabel } from "./dossier-queries.server";

/** A phone or ID number as typed: "+84 912 345 678", "0912.345.678", "0084-912…" all read as 0912345678. */
export const lookupDigits = (s: string) => s.replace(/\D/g, "").replace(/^(?:00)?84(?=\d{9}$)/, "0");
const digits = lookupDigits;

/** A code as typed: case, spaces around and inside, and Unicode look-alike forms do not matter. */
export const normaliseLookupCode = (code: string) => code.normalize("NFKC").replace(/\s+/g, "").toUpperCase().slice(0, 64);

const STAND_IN = "\u0000no-dossier";

export async function lookupDossier(services: AppServices, typedCode: string, secret: string) {
  const code = normaliseLookupCode(typedCode);
  // No code of ours has other characters; such input (a NUL byte) must not reach a query.
  if (!/^[\p{L}\p{N}.\-]{1,64}$/u.test(code)) return null;
  const [row] = await services.database.db
    .select({ idNumber: dossiers.applicantIdNumber, phone: dossiers.applicantPhone })
    .from(dossiers)
    .where(eq(dossiers.code, code));
  const keyed = (value: string) => createHmac("sha256", services.config.secret).update(value).digest();
  const given = keyed(digits(secret));
  const matchesId = timingSafeEqual(given, keyed(row ? digits(row.idNumber ?? "") : STAND_IN));
  const matchesPhone = timingSafeEqual(given, keyed(row ? digits(row.phone ?? "") : STAND_IN));
  if (!row || digits(secret).length < 9 || !(matchesId || matchesPhone)) return null;
  const detail = await loadDossierDetail(services, code);
  if (!detail) return null;
  const { dossier } = detail;
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
      label: timelineLabel(event.action, event.actorRole),
      statusName: DOSSIER_STATUS_NAMES[event.toStatus as DossierStatusCode],
      at: event.occurredAt.toISOString(),
    })),
  };
}
