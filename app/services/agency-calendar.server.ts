import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agencies } from "../../db/schema";
import type { WorkCalendar } from "../../workflows/calendar";
import type { AppServices } from "./context.server";

/**
 * The working-time calendar of an agency: the portal's holidays with the agency's own office hours
 * (agencies.office_hours) when it has them, the default hours otherwise. A dossier's due times are
 * counted in its receiving agency's hours (DOMAIN §7: office hours are per agency).
 */
export async function calendarForAgency(services: AppServices, agencyId: number, db: Database = services.database.db): Promise<WorkCalendar> {
  const base = await services.calendar();
  const [row] = await db.select({ officeHours: agencies.officeHours }).from(agencies).where(eq(agencies.id, agencyId));
  return row?.officeHours ? { ...base, officeHours: row.officeHours } : base;
}
