/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `id.timestamp.body`, headers webhook-id, webhook-timestamp, webhook-signature ("v1,<base64>",
 * several separated by spaces). The `standardwebhooks` package computes the HMAC (`sign`); its
 * `verify` reads the process clock, so the timestamp window — the package's own 5 minutes — is
 * checked here against a clock the caller owns, and every live secret is tried (a rotation).
 */
import { timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** The package's WEBHOOK_TOLERANCE_IN_SECONDS. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type WebhookHeaders = { id: string; timestamp: string; signature: string };

export type VerifyOutcome =
  | { ok: true; secretIndex: number; timestamp: Date }
  | { ok: false; code: "missing_headers" | "invalid_timestamp" | "stale_timestamp" | "future_timestamp" | "invalid_signature"; message: string };

export function webhookHeaders(headers: Headers): Partial<WebhookHeaders> {
  return {
    id: headers.get("webhook-id") ?? undefined,
    timestamp: headers.get("webhook-timestamp") ?? undefined,
    signature: headers.get("webhook-signature") ?? undefined,
  };
}

export function signWebhook(secret: string, id: string, timestamp: Date, body: string): WebhookHeaders {
  return { id, timestamp: String(Math.floor(timestamp.getTime() / 1000)), signature: new Webhook(secret).sign(id, timestamp, body) };
}

export function verifyWebhook(body: string, headers: Partial<WebhookHeaders>, secrets: readonly string[], now: Date): VerifyOutcome {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    return { ok: false, code: "missing_headers", message: "Thiếu tiêu đề webhook-id, webhook-timestamp hoặc webhook-signature." };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, code: "invalid_timestamp", message: "Tiêu đề webhook-timestamp không hợp lệ (cần số giây Unix)." };
  const seconds = Number(timestamp);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (nowSeconds - seconds > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, code: "stale_timestamp", message: "Thông báo đã quá 5 phút so với thời điểm ký; vui lòng ký lại và gửi lại." };
  }
  if (seconds - nowSeconds > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, code: "future_timestamp", message: "Thời điểm ký của thông báo vượt quá giờ hiện tại hơn 5 phút; vui lòng kiểm tra đồng hồ máy chủ." };
  }
  const at = new Date(seconds * 1000);
  const passed = signature
    .split(" ")
    .map((s) => s.split(","))
    .filter(([version, value]) => version === "v1" && value)
    .map(([, value]) => Buffer.from(value));
  for (const [index, secret] of secrets.entries()) {
    const expected = Buffer.from(new Webhook(secret).sign(id, at, body).split(",")[1]);
    if (passed.some((p) => p.length === expected.length && timingSafeEqual(p, expected))) return { ok: true, secretIndex: index, timestamp: at };
  }
  return { ok: false, code: "invalid_signature", message: "Chữ ký của thông báo không hợp lệ." };
}
