/**
 * What every dossier event sets off beyond the machine's effects: the partner messages it owes
 * (the national-portal update, a postal order). Called in the event's transaction by each of the
 * three writers of history (submission, performDossierAction, the deadline scan), right after
 * appendDossierEvent, so that no event can forget them.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agencies, dossiers, procedures } from "../../db/schema";
import type { AppServices } from "./context.server";
import type { StoredDossierEvent } from "./dossier-events.server";
import { enqueueNationalSync } from "./national-sync.server";
import { createPostalOrder, postalOrderKindFor } from "./postal/orders.server";

/** The dossier as the event left it, with its procedure and receiving agency: what the reactions read. */
export type EventDossier = {
  dossier: typeof dossiers.$inferSelect;
  procedure: typeof procedures.$inferSelect;
  agency: typeof agencies.$inferSelect;
};

export async function reactToDossierEvent(services: AppServices, tx: Database, event: StoredDossierEvent): Promise<void> {
  const postalKind = postalOrderKindFor(event);
  if (!services.config.nationalSync && !postalKind) return;
  // Read once for every reaction, inside the event's transaction (it sees the event's own change).
  const [row] = await tx
    .select({ dossier: dossiers, procedure: procedures, agency: agencies })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .innerJoin(agencies, eq(agencies.id, dossiers.receivingAgencyId))
    .where(eq(dossiers.id, event.dossierId));
  if (!row) return;
  if (services.config.nationalSync) await enqueueNationalSync(tx, event, row);
  if (postalKind) await createPostalOrder(tx, event, row, postalKind);
}
