/**
 * Whose portal this is: the province of the root agency (the seeded profile decides: Thái Bình in the
 * seed-era profile, Hưng Yên today). Read from data, never written into the page code, so the same
 * code serves both administrative models.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agencies } from "../../db/schema";

export type PortalIdentity = { provinceName: string; address: string | null };

const CACHE_MS = 60_000;
let cached: { at: number; db: Database; value: PortalIdentity } | null = null;

/** "UBND tỉnh Thái Bình" → "Thái Bình": the province's name as page titles print it. */
export function provinceNameOf(agencyName: string): string {
  return agencyName.replace(/^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|thành phố)\s+/iu, "").trim() || agencyName;
}

export async function readPortalIdentity(db: Database, now = Date.now()): Promise<PortalIdentity> {
  if (cached && cached.db === db && now - cached.at < CACHE_MS) return cached.value;
  const [root] = await db
    .select({ name: agencies.name, address: agencies.address })
    .from(agencies)
    .where(and(isNull(agencies.parentId), eq(agencies.level, "province"), eq(agencies.kind, "government")))
    .orderBy(asc(agencies.id))
    .limit(1);
  const value: PortalIdentity = root ? { provinceName: provinceNameOf(root.name), address: root.address } : { provinceName: "", address: null };
  cached = { at: now, db, value };
  return value;
}
