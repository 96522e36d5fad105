import { count, eq } from "drizzle-orm";
import { adminAuditLog, agencies, procedures, users } from "../../../db/schema";
import type { AppServices } from "../context.server";

/** The counts the administrator's home page opens with. */
export async function adminOverview(services: AppServices) {
  const { db } = services.database;
  const [[a], [u], [p], [l]] = await Promise.all([
    db.select({ n: count() }).from(agencies),
    db.select({ n: count() }).from(users).where(eq(users.active, true)),
    db.select({ n: count() }).from(procedures),
    db.select({ n: count() }).from(adminAuditLog),
  ]);
  return { agencies: a.n, activeUsers: u.n, procedures: p.n, auditEntries: l.n };
}
