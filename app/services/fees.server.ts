/** Fees (phí, lệ phí) a dossier owes. */
import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { dossierEvents, dossiers, procedures } from "../../db/schema";

/** What the applicant still owes, in đồng: the procedure's fee until a payment is recorded on the dossier. */
export async function outstandingFees(tx: Database, dossierId: string): Promise<number> {
  const [row] = await tx
    .select({ fee: procedures.feeAmount })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(eq(dossiers.id, dossierId));
  if (!row || row.fee <= 0) return 0;
  const paid = await tx
    .select({ id: dossierEvents.id })
    .from(dossierEvents)
    .where(and(eq(dossierEvents.dossierId, dossierId), eq(dossierEvents.action, "FEE_PAID")))
    .limit(1);
  return paid.length > 0 ? 0 : row.fee;
}
