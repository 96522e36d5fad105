/**
 * What every dossier event sets off beyond the machine's effects: the partner messages it owes
 * (the national-portal update, a postal order). Called in the event's transaction by each of the
 * three writers of history (submission, performDossierAction, the deadline scan), right after
 * appendDossierEvent, so that no event can forget them.
 */
import type { Database } from "../../db/client";
import type { AppServices } from "./context.server";
import type { StoredDossierEvent } from "./dossier-events.server";
import { enqueueNationalSync } from "./national-sync.server";
import { createPostalOrdersFor } from "./postal/orders.server";

export async function reactToDossierEvent(services: AppServices, tx: Database, event: StoredDossierEvent): Promise<void> {
  await enqueueNationalSync(services, tx, event);
  await createPostalOrdersFor(tx, event);
}
