/** The national-portal sync (LGSP, DOMAIN §12). */
import type { Database } from "../../db/client";
import type { AppServices } from "./context.server";
import type { StoredDossierEvent } from "./dossier-events.server";
import type { OutboxSender } from "./outbox.server";

export async function enqueueNationalSync(services: AppServices, tx: Database, event: StoredDossierEvent): Promise<void> {
  if (!services.config.nationalSync) return;
  void tx;
  void event;
}

export const sendNationalUpdate: OutboxSender = async () => {
  throw new Error("Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia (NATIONAL_SYNC_URL).");
};
