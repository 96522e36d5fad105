/** Fees (phí, lệ phí) a dossier owes. */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { dossierEvents, dossiers, payments, procedures } from "../../db/schema";

/**
 * What the applicant still owes, in đồng: the procedure's fee less what the payment platform
 * reported paid (issue 9, the payments table). A FEE_PAID event on the dossier settles the fee
 * whoever recorded it (the platform, or the desk confirming cash or a receipt by hand); a payment
 * the platform settled after the dossier could take the event (ADR 0012) still counts as money in.
 */
export async function outstandingFees(tx: Database, dossierId: string): Promise<number> {
  const [row] = await tx
    .select({ fee: procedures.feeAmount })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(eq(dossiers.id, dossierId));
  if (!row || row.fee <= 0) return 0;
  const recorded = await tx
    .select({ id: dossierEvents.id })
    .from(dossierEvents)
    .where(and(eq(dossierEvents.dossierId, dossierId), eq(dossierEvents.action, "FEE_PAID")))
    .limit(1);
  if (recorded.length > 0) return 0;
  const [paid] = await tx
    .select({ total: sql<string>`coalesce(sum(${payments.amount}), 0)` })
    .from(payments)
    .where(and(eq(payments.dossierId, dossierId), eq(payments.state, "paid")));
  return Math.max(0, row.fee - Number(paid?.total ?? 0));
}
