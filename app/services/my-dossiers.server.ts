/**
 * "Hồ sơ của tôi": the signed-in applicant's dossiers, filtered by what the address says (GET
 * parameters, so a filtered list can be bookmarked and works without JavaScript) and paginated on the
 * server. Only her own dossiers are ever read: the user id is the session's, never a parameter.
 */
import { and, count, desc, eq, gte, ilike, inArray, lt, type SQL } from "drizzle-orm";
import { agencies, dossiers, procedures } from "../../db/schema";
import { DOSSIER_STATUS, type DossierStatusCode } from "../../workflows/dossier-status";
import { localInstant } from "../time";
import type { AppServices } from "./context.server";
import { STATUS_GROUP_KEYS, type StatusGroup } from "../citizen-dossier-options";

export { STATUS_GROUP_KEYS };

/** The status groups a citizen thinks in, by their address values. */
export const STATUS_GROUPS = {
  "dang-xu-ly": [DOSSIER_STATUS.submitted, DOSSIER_STATUS.received, DOSSIER_STATUS.processing],
  "can-bo-sung": [DOSSIER_STATUS.supplementRequested, DOSSIER_STATUS.awaitingPayment],
  "da-xong": [DOSSIER_STATUS.resultReady, DOSSIER_STATUS.returned],
  "rut-tu-choi": [DOSSIER_STATUS.refused, DOSSIER_STATUS.withdrawn, DOSSIER_STATUS.stopped],
} as const satisfies Record<StatusGroup, readonly DossierStatusCode[]>;

/** Statuses in which the applicant must do something: supplement, or pay. */
const NEEDS_ACTION: readonly number[] = STATUS_GROUPS["can-bo-sung"];

export const PAGE_SIZE = 10;

export type MyDossierFilters = {
  group: StatusGroup | null;
  procedure: string | null;
  from: string | null;
  to: string | null;
  code: string;
  page: number;
};

const isDate = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && localInstant(v) !== null;

/** The filters from the address; anything unreadable is dropped rather than refused (it is a GET). */
export function readMyDossierFilters(params: URLSearchParams): MyDossierFilters {
  const group = params.get("nhom");
  const procedure = params.get("thu-tuc")?.trim() ?? "";
  const from = params.get("tu-ngay");
  const to = params.get("den-ngay");
  const page = Number(params.get("trang") ?? "1");
  return {
    group: group && group in STATUS_GROUPS ? (group as StatusGroup) : null,
    procedure: /^[\p{L}\p{N}.\-]{1,40}$/u.test(procedure) ? procedure : null,
    from: isDate(from) ? from : null,
    to: isDate(to) ? to : null,
    code: (params.get("ma") ?? "").normalize("NFKC").replace(/\s+/g, "").replace(/[%_\\]/g, "").toUpperCase().slice(0, 40),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

export async function listMyDossiers(services: AppServices, userId: number, filters: MyDossierFilters) {
  const { db } = services.database;
  const where: SQL[] = [eq(dossiers.applicantUserId, userId)];
  if (filters.group) where.push(inArray(dossiers.status, [...STATUS_GROUPS[filters.group]]));
  if (filters.procedure) where.push(eq(procedures.code, filters.procedure));
  if (filters.from) where.push(gte(dossiers.submittedAt, localInstant(filters.from)!));
  if (filters.to) where.push(lt(dossiers.submittedAt, new Date(localInstant(filters.to)!.getTime() + 86_400_000)));
  if (filters.code) where.push(ilike(dossiers.code, `%${filters.code}%`));
  const condition = and(...where);
  const [{ total }] = await db
    .select({ total: count() })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(condition);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const rows = await db
    .select({
      code: dossiers.code,
      procedureCode: procedures.code,
      procedureName: procedures.name,
      agencyName: agencies.name,
      status: dossiers.status,
      submittedAt: dossiers.submittedAt,
      dueAt: dossiers.dueAt,
      pausedAt: dossiers.pausedAt,
      returnedAt: dossiers.returnedAt,
    })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .innerJoin(agencies, eq(agencies.id, dossiers.receivingAgencyId))
    .where(condition)
    .orderBy(desc(dossiers.submittedAt), desc(dossiers.code))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  // The procedures she has dossiers in: the filter's choices.
  const procedureChoices = await db
    .selectDistinct({ code: procedures.code, name: procedures.name })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(eq(dossiers.applicantUserId, userId))
    .orderBy(procedures.name);
  return {
    rows: rows.map((r) => ({ ...r, status: r.status as DossierStatusCode, needsAction: NEEDS_ACTION.includes(r.status) })),
    total,
    page,
    pages,
    procedures: procedureChoices,
  };
}
