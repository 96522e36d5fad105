/**
 * Pushes postal orders (pickup, delivery) to the partner's endpoint: the outbox's sender for the
 * "postal" channel. The body is the order written in the event's transaction; it is signed with
 * the partner's newest live secret (Standard Webhooks), and webhook-id is the message's stable id,
 * so the partner can drop a retry it already took. Non-2xx or a network error throws: the outbox
 * retries with back-off. The partner's answer (its waybill) is recorded as the "registered" status.
 */
import { eq } from "drizzle-orm";
import { postalOrders, postalPartners } from "../../db/schema";
import type { OutboxSender } from "./outbox.server";
import { recordAcceptance } from "./postal/orders.server";
import { liveSecrets } from "./postal/partners.server";
import { signWebhook } from "./postal/signatures.server";

const TIMEOUT_MS = 10_000;

export const sendPostalMessage: OutboxSender = async (services, message) => {
  const payload = message.payload as { type: string; orderId: number; order: Record<string, unknown> };
  const { db } = services.database;
  const [row] = await db
    .select({ order: postalOrders, partner: postalPartners })
    .from(postalOrders)
    .innerJoin(postalPartners, eq(postalPartners.id, postalOrders.partnerId))
    .where(eq(postalOrders.id, payload.orderId));
  if (!row) throw new Error(`postal order ${payload.orderId} not found`);
  const now = new Date();
  const [secret] = await liveSecrets(db, row.partner.id, now);
  if (!secret) throw new Error(`postal partner ${row.partner.code} has no live signing secret`);
  const body = JSON.stringify({ type: payload.type, order: payload.order });
  const signed = signWebhook(secret.secret, message.messageId, now, body);
  const response = await fetch(row.partner.endpointUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": signed.id,
      "webhook-timestamp": signed.timestamp,
      "webhook-signature": signed.signature,
    },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: "error",
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`postal partner answered HTTP ${response.status}`);
  let answer: { waybill?: unknown } = {};
  try {
    answer = text ? (JSON.parse(text) as { waybill?: unknown }) : {};
  } catch {
    throw new Error("postal partner answered with a body that is not JSON");
  }
  const waybill = typeof answer.waybill === "string" && answer.waybill.length <= 64 ? answer.waybill : null;
  await recordAcceptance(services, row.order.id, waybill, now);
  return { waybill, status: response.status };
};
