import { asc, eq, sql } from "drizzle-orm";
import { agencies, procedures } from "../../db/schema";
import type { AppServices } from "./context.server";

export type ProcedureSummary = {
  code: string;
  name: string;
  field: string;
  level: "province" | "district" | "commune";
  agencyName: string;
  serviceMode: "info" | "partial" | "full";
  feeAmount: number;
};

/** Diacritic-insensitive search over code, name and field ("dang ky khai sinh" finds "Đăng ký khai sinh"). */
export async function searchProcedures(services: AppServices, query: string): Promise<ProcedureSummary[]> {
  const q = query.trim().slice(0, 200);
  const base = services.database.db
    .select({
      code: procedures.code,
      name: procedures.name,
      field: procedures.field,
      level: procedures.level,
      agencyName: agencies.name,
      serviceMode: procedures.serviceMode,
      feeAmount: procedures.feeAmount,
    })
    .from(procedures)
    .innerJoin(agencies, eq(agencies.id, procedures.agencyId));
  if (!q) return base.orderBy(asc(procedures.field), asc(procedures.name));
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return base
    .where(
      sql`immutable_unaccent(${procedures.code} || ' ' || ${procedures.name} || ' ' || ${procedures.field}) like immutable_unaccent(${pattern})`,
    )
    .orderBy(asc(procedures.name));
}

export async function loadProcedure(services: AppServices, code: string) {
  const [row] = await services.database.db
    .select({ procedure: procedures, agency: agencies })
    .from(procedures)
    .innerJoin(agencies, eq(agencies.id, procedures.agencyId))
    .where(eq(procedures.code, code));
  return row ?? null;
}
