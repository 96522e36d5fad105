/** The national-portal sync (LGSP, DOMAIN §12). */
import type { OutboxSender } from "./outbox.server";

export const sendNationalUpdate: OutboxSender = async () => {
  throw new Error("Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia (NATIONAL_SYNC_URL).");
};
