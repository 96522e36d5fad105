/** Which sender delivers each outbox channel (app/services/outbox.server.ts). */
import type { OutboxSenders } from "./outbox.server";
import { sendOutboxMail } from "./mail-outbox.server";
import { sendNationalUpdate } from "./national-sync.server";
import { sendPostalMessage } from "./postal-outbound.server";

export function outboxSenders(): OutboxSenders {
  return { mail: sendOutboxMail, postal: sendPostalMessage, national: sendNationalUpdate };
}
