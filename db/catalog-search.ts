/**
 * Catalog search (thủ tục hành chính), as a query over the schema so that benchmarks can time it
 * too. It compares `procedures.search_text` (code, name and field, lower case, without diacritics,
 * đ → d; a generated column with a trigram index) in three tiers:
 *   1. every word of the query appears ("dang ky khai sinh", "HỘ KINH DOANH");
 *   2. otherwise, pg_trgm's word similarity (typos: "khai sihn" finds "Đăng ký khai sinh");
 *   3. otherwise nothing, and the nearest names as "Có phải bạn muốn tìm: …".
 * See docs/decisions/0018-catalog-profiles-and-search.md.
 */
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "./client";
import { agencies, procedureAgencies, procedures } from "./schema";

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

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

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

