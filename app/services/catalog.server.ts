/**
 * The public catalog (thủ tục hành chính): search (db/catalog-search.ts), filters, the procedure
 * page's facts and its receiving agencies.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { escapeLike, searchCatalog, type ProcedureSummary } from "../../db/catalog-search";
import type { Queryable } from "../../db/client";
import { agencies, procedureAgencies, procedures } from "../../db/schema";
import type { AppServices } from "./context.server";

export {
  CATALOG_PAGE_SIZE,
  catalogQueryFromParams,
  searchCatalog,
  type CatalogQuery,
  type CatalogResult,
  type Level,
  type ProcedureSummary,
  type ServiceMode,
} from "../../db/catalog-search";

/** Kept for callers that want a plain list: the first page of a search. */
export async function searchProcedures(services: AppServices, query: string): Promise<ProcedureSummary[]> {
  return (await searchCatalog(services.database.db, { q: query })).items;
}

/** What the catalog's filters offer: fields with their counts, and the agencies worth choosing (not 260 communes). */
export async function catalogFacets(db: Queryable) {
  const fields = await db
    .select({ field: procedures.field, count: sql<number>`count(*)::int` })
    .from(procedures)
    .groupBy(procedures.field)
    .orderBy(asc(procedures.field));
  const agencyOptions = await db
    .select({ id: agencies.id, name: agencies.name, level: agencies.level })
    .from(agencies)
    .where(and(eq(agencies.active, true), inArray(agencies.kind, ["government", "department"]), inArray(agencies.level, ["province", "district"])))
    .orderBy(asc(agencies.level), asc(agencies.id));
  const levels = await db
    .select({ level: procedures.level, count: sql<number>`count(*)::int` })
    .from(procedures)
    .groupBy(procedures.level)
    .orderBy(sql`array_position(array['province','district','commune'], ${procedures.level})`);
  return { fields, agencies: agencyOptions, levels };
}

/**
 * The home page's popular procedures, by the catalog's own ranking (procedures.popularity). Not by
 * counting dossiers: at two million dossiers that count would cost every visit to the home page.
 */
export async function popularProcedures(db: Queryable, limit = 8) {
  return db
    .select({ code: procedures.code, name: procedures.name, field: procedures.field, serviceMode: procedures.serviceMode })
    .from(procedures)
    .orderBy(sql`${procedures.popularity} desc`, asc(procedures.name))
    .limit(limit);
}

/** The province's governing agency (the tree's root): its name heads the site, its identifier makes copy codes. */
export async function rootAgency(db: Queryable) {
  const [root] = await db
    .select({ id: agencies.id, name: agencies.name, identifier: agencies.identifier })
    .from(agencies)
    .where(sql`${agencies.parentId} is null and ${agencies.kind} = 'government'`)
    .orderBy(asc(agencies.id))
    .limit(1);
  return root ?? null;
}

/** A province's copy of a national code: 1.001193 → 1.001193.000.00.00.H54. */
export function provinceCopyCode(code: string, codeIsSample: boolean, rootIdentifier: string | null | undefined): string | null {
  if (codeIsSample || !rootIdentifier) return null;
  return `${code}.${rootIdentifier}`;
}

export async function loadProcedure(services: AppServices, code: string) {
  const db = services.database.db;
  const [row] = await db
    .select({ procedure: procedures, agency: agencies })
    .from(procedures)
    .innerJoin(agencies, eq(agencies.id, procedures.agencyId))
    .where(eq(procedures.code, code));
  if (!row) return null;
  const root = await rootAgency(db);
  return { ...row, copyCode: provinceCopyCode(row.procedure.code, row.procedure.codeIsSample, root?.identifier) };
}

export const RECEIVERS_PAGE_SIZE = 10;

/**
 * The agencies that receive a procedure (nơi tiếp nhận), searchable and paged: a commune-level
 * procedure has one per commune. With none listed, the deciding agency receives.
 */
export async function procedureReceivers(db: Queryable, procedureId: number, options: { q?: string; page?: number } = {}) {
  const q = (options.q ?? "").trim().slice(0, 100);
  const page = options.page && options.page > 0 ? options.page : 1;
  const listed = sql`exists (select 1 from ${procedureAgencies} pa where pa.procedure_id = ${procedureId} and pa.agency_id = ${agencies.id})`;
  const none = sql`not exists (select 1 from ${procedureAgencies} pa where pa.procedure_id = ${procedureId}) and ${agencies.id} = (select agency_id from ${procedures} where id = ${procedureId})`;
  const where = [sql`(${listed} or (${none}))`];
  if (q) where.push(sql`immutable_unaccent(${agencies.name} || ' ' || coalesce(${agencies.address}, '')) like '%' || immutable_unaccent(${escapeLike(q)}) || '%'`);
  const rows = await db
    .select({
      id: agencies.id,
      name: agencies.name,
      address: agencies.address,
      officeHours: agencies.officeHours,
      identifier: agencies.identifier,
      identifierIsSample: agencies.identifierIsSample,
      parentName: sql<string | null>`(select p.name from ${agencies} p where p.id = ${agencies.parentId})`,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(agencies)
    .where(and(...where))
    .orderBy(asc(agencies.id))
    .limit(RECEIVERS_PAGE_SIZE)
    .offset((page - 1) * RECEIVERS_PAGE_SIZE);
  const total = rows[0]?.total ?? 0;
  return { q, page, total, pageCount: Math.max(1, Math.ceil(total / RECEIVERS_PAGE_SIZE)), items: rows.map(({ total: _t, ...r }) => r) };
}

/** Whether an agency receives a procedure's dossiers (listed in procedure_agencies, or the deciding agency when none are). */
export async function receivesProcedure(db: Queryable, procedureId: number, agencyId: number): Promise<boolean> {
  const rows = await db.execute(sql`
    select 1 from ${procedures} p
    where p.id = ${procedureId}
      and (exists (select 1 from ${procedureAgencies} pa where pa.procedure_id = p.id and pa.agency_id = ${agencyId})
        or (p.agency_id = ${agencyId} and not exists (select 1 from ${procedureAgencies} pa where pa.procedure_id = p.id)))`);
  return rows.rows.length > 0;
}
