/**
 * The public catalog (thủ tục hành chính): search, filters, the procedure page's facts and its
 * receiving agencies. Search compares `procedures.search_text` (code, name and field, lower case,
 * without diacritics, đ → d; a generated column with a trigram index) in three tiers:
 *   1. every word of the query appears ("dang ky khai sinh", "HỘ KINH DOANH");
 *   2. otherwise, pg_trgm's word similarity (typos: "khai sihn" finds "Đăng ký khai sinh");
 *   3. otherwise nothing, and the nearest names as "Có phải bạn muốn tìm: …".
 * See docs/decisions/00xx-catalog-profiles-and-search.md.
 */
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { agencies, procedureAgencies, procedures } from "../../db/schema";
import type { AppServices } from "./context.server";

export type Level = "province" | "district" | "commune";
export type ServiceMode = "info" | "partial" | "full";

export type ProcedureSummary = {
  code: string;
  name: string;
  field: string;
  level: Level;
  agencyName: string;
  serviceMode: ServiceMode;
  feeAmount: number;
  /** How many agencies receive it (procedure_agencies; 1 when none are listed). */
  receiverCount: number;
};

export type CatalogQuery = {
  q: string;
  field?: string;
  /** An agency that receives the procedure (or decides it). */
  agencyId?: number;
  level?: Level;
  mode?: ServiceMode;
  page?: number;
};

export type CatalogResult = {
  items: ProcedureSummary[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** 'all': no query; 'words': every word found; 'similar': typo-tolerant matches; 'none'. */
  match: "all" | "words" | "similar" | "none";
  /** When nothing matched: the nearest procedure names, filters aside. */
  suggestions: Array<{ code: string; name: string }>;
};

export const CATALOG_PAGE_SIZE = 20;
const LEVELS: readonly Level[] = ["province", "district", "commune"];
const MODES: readonly ServiceMode[] = ["info", "partial", "full"];

/** Reads the catalog's GET parameters; anything unknown is dropped, never an error. */
export function catalogQueryFromParams(params: URLSearchParams): CatalogQuery {
  const level = params.get("cap") ?? "";
  const mode = params.get("muc-do") ?? "";
  const agency = Number(params.get("co-quan") ?? "");
  const page = Number(params.get("trang") ?? "1");
  return {
    q: (params.get("q") ?? "").trim().slice(0, 200),
    field: (params.get("linh-vuc") ?? "").trim().slice(0, 200) || undefined,
    agencyId: Number.isInteger(agency) && agency > 0 ? agency : undefined,
    level: (LEVELS as readonly string[]).includes(level) ? (level as Level) : undefined,
    mode: (MODES as readonly string[]).includes(mode) ? (mode as ServiceMode) : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The query's words; a province copy code (1.001193.000.00.00.H54) is searched as its national code. */
function queryWords(q: string): string[] {
  const copy = /^(\d\.\d{6})\.\d{3}\.\d{2}\.\d{2}\.H\d{2}$/i.exec(q);
  const text = copy ? copy[1] : q;
  return text
    .split(/[\s,;:()"'“”]+/)
    .map((w) => w.trim())
    .filter(Boolean)
    .slice(0, 12);
}

function filterConditions(query: CatalogQuery): SQL[] {
  const conditions: SQL[] = [];
  if (query.field) conditions.push(eq(procedures.field, query.field));
  if (query.level) conditions.push(eq(procedures.level, query.level));
  if (query.mode) conditions.push(eq(procedures.serviceMode, query.mode));
  if (query.agencyId) {
    conditions.push(
      sql`(${procedures.agencyId} = ${query.agencyId} or exists (select 1 from ${procedureAgencies} pa where pa.procedure_id = ${procedures.id} and pa.agency_id = ${query.agencyId}))`,
    );
  }
  return conditions;
}

async function runTier(db: Queryable, where: SQL[], rank: SQL, page: number) {
  const rows = await db
    .select({
      code: procedures.code,
      name: procedures.name,
      field: procedures.field,
      level: procedures.level,
      agencyName: agencies.name,
      serviceMode: procedures.serviceMode,
      feeAmount: procedures.feeAmount,
      receiverCount: sql<number>`greatest(1, (select count(*)::int from ${procedureAgencies} pa where pa.procedure_id = ${procedures.id}))`,
      total: sql<number>`count(*) over ()::int`,
    })
    .from(procedures)
    .innerJoin(agencies, eq(agencies.id, procedures.agencyId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(rank, asc(procedures.name), asc(procedures.code))
    .limit(CATALOG_PAGE_SIZE)
    .offset((page - 1) * CATALOG_PAGE_SIZE);
  const total = rows[0]?.total ?? (page > 1 ? await countOnly(db, where) : 0);
  return { items: rows.map(({ total: _total, ...item }) => item), total };
}

async function countOnly(db: Queryable, where: SQL[]): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(procedures).where(where.length ? and(...where) : undefined);
  return row?.n ?? 0;
}

/** Search with filters and pages; see the module comment for the tiers. */
export async function searchCatalog(db: Queryable, query: CatalogQuery): Promise<CatalogResult> {
  const page = query.page ?? 1;
  const filters = filterConditions(query);
  const words = queryWords(query.q);
  const result = (match: CatalogResult["match"], found: { items: ProcedureSummary[]; total: number }, suggestions: CatalogResult["suggestions"] = []): CatalogResult => ({
    ...found,
    match,
    page,
    pageSize: CATALOG_PAGE_SIZE,
    pageCount: Math.max(1, Math.ceil(found.total / CATALOG_PAGE_SIZE)),
    suggestions,
  });

  if (words.length === 0) {
    return result("all", await runTier(db, filters, sql`${procedures.popularity} desc, ${procedures.field} asc`, page));
  }
  const phrase = words.join(" ");
  const normalised = sql`immutable_unaccent(${phrase})`;
  // Tier 1: every word present. The whole phrase, then how close the name is, then popularity.
  const everyWord = words.map((w) => sql`${procedures.searchText} like '%' || immutable_unaccent(${escapeLike(w)}) || '%'`);
  const rank = sql`(${procedures.searchText} like '%' || immutable_unaccent(${escapeLike(phrase)}) || '%') desc, similarity(${normalised}, immutable_unaccent(${procedures.name})) desc, ${procedures.popularity} desc`;
  const exact = await runTier(db, [...filters, ...everyWord], rank, page);
  if (exact.total > 0) return result("words", exact);

  // Tier 2: typos. `<%` is word_similarity above pg_trgm's threshold (0.6), served by the trigram index.
  const similar = await runTier(
    db,
    [...filters, sql`${normalised} <% ${procedures.searchText}`],
    sql`word_similarity(${normalised}, ${procedures.searchText}) desc, ${procedures.popularity} desc`,
    page,
  );
  if (similar.total > 0) return result("similar", similar);

  // Tier 3: the nearest names anywhere in the catalog, whatever the filters.
  const suggestions = await db
    .select({ code: procedures.code, name: procedures.name })
    .from(procedures)
    .where(sql`word_similarity(${normalised}, ${procedures.searchText}) >= 0.3`)
    .orderBy(sql`word_similarity(${normalised}, ${procedures.searchText}) desc`, sql`${procedures.popularity} desc`)
    .limit(3);
  return result("none", { items: [], total: 0 }, suggestions);
}

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

/** The home page's popular procedures: most dossiers first, then the catalog's own ranking. */
export async function popularProcedures(db: Queryable, limit = 8) {
  return db
    .select({ code: procedures.code, name: procedures.name, field: procedures.field, serviceMode: procedures.serviceMode })
    .from(procedures)
    .orderBy(sql`(select count(*) from dossiers d where d.procedure_id = ${procedures.id}) + ${procedures.popularity} desc`, asc(procedures.name))
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
