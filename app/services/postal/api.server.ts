/**
 * The postal partner API (/api/postal/v1, described by openapi.ts): status webhooks signed with
 * Standard Webhooks, and Bearer-key endpoints to pull open orders and to report statuses. Every
 * answer is JSON; every error is `{ error: { code, message } }` with a Vietnamese message and a
 * 4xx — bad input never reaches a 500.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { pgErrorCode, PG_UNIQUE_VIOLATION } from "../../../db/client";
import { partnerWebhookReceipts, POSTAL_ORDER_KINDS, POSTAL_ORDER_STATUSES, type PartnerScope } from "../../../db/schema";
import type { AppServices } from "../context.server";
import { DossierActionError } from "../dossier-errors.server";
import { log } from "../log.server";
import { applyStatusReport, openOrders, ordersByNumber, orderView, type PostalOrder, type StatusReport } from "./orders.server";
import { authenticateApiKey, findPartnerByCode, liveSecrets, type AuthenticatedPartner } from "./partners.server";
import { verifyWebhook, webhookHeaders } from "./signatures.server";

export type ApiErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "invalid_request"
  | "invalid_signature"
  | "conflict"
  | "method_not_allowed"
  | "payload_too_large"
  | "unsupported_media_type";

const MAX_BODY_BYTES = 64 * 1024;

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export function apiError(status: number, code: ApiErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return apiJson({ error: { code, message } }, status, headers);
}

export const methodNotAllowed = (allow: string) => apiError(405, "method_not_allowed", `Phương thức này không được hỗ trợ; dùng ${allow}.`, { Allow: allow });

const CODE_OF_STATUS: Record<number, ApiErrorCode> = { 400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict" };

function fromActionError(error: DossierActionError): Response {
  return apiError(error.status, CODE_OF_STATUS[error.status] ?? "invalid_request", error.message);
}

/** The JSON body as text, or the 415 / 413 answer that refuses it. */
async function readBody(request: Request): Promise<string | Response> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) return apiError(415, "unsupported_media_type", "Nội dung phải là JSON (Content-Type: application/json).");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return apiError(413, "payload_too_large", "Nội dung quá lớn (tối đa 64 KB).");
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return apiError(413, "payload_too_large", "Nội dung quá lớn (tối đa 64 KB).");
  return text;
}

const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, "thời điểm cần dạng ISO 8601 kèm múi giờ")
  .refine((s) => !Number.isNaN(Date.parse(s)), "thời điểm không hợp lệ");
const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const statusReportSchema = z.object({
  kind: z.enum(POSTAL_ORDER_KINDS, { message: "loại đơn phải là pickup hoặc delivery" }),
  status: z.enum(POSTAL_ORDER_STATUSES.filter((s) => s !== "created") as [string, ...string[]], { message: "trạng thái không hợp lệ" }),
  occurredAt: instant,
  waybill: optionalText(64),
  statusCode: optionalText(32),
  message: optionalText(500),
  recipientName: optionalText(200),
});

export const webhookSchema = z.object({
  type: z.literal("order.status", { message: "loại thông báo phải là order.status" }),
  data: statusReportSchema.extend({ orderNumber: z.string().trim().min(1).max(64) }),
});

function parseJson<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; response: Response } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, response: apiError(400, "invalid_request", "Nội dung không phải JSON hợp lệ.") };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? ` (${issue.path.join(".")})` : "";
    return { ok: false, response: apiError(400, "invalid_request", `Dữ liệu không hợp lệ${where}: ${issue.message}.`) };
  }
  return { ok: true, value: parsed.data };
}

function toReport(data: z.infer<typeof statusReportSchema>, orderNumber: string): StatusReport {
  return {
    orderNumber,
    kind: data.kind,
    status: data.status as StatusReport["status"],
    occurredAt: new Date(data.occurredAt),
    waybill: data.waybill ?? null,
    statusCode: data.statusCode ?? null,
    message: data.message ?? null,
    recipientName: data.recipientName ?? null,
  };
}

const orderSummary = (order: PostalOrder) => ({ orderNumber: order.orderNumber, kind: order.kind, status: order.status, waybill: order.waybill });

/** POST /api/postal/v1/webhooks/{partnerCode}: a signed status report. */
export async function handleWebhook(services: AppServices, request: Request, partnerCode: string, now = new Date()): Promise<Response> {
  const { db } = services.database;
  const partner = await findPartnerByCode(db, partnerCode.slice(0, 40));
  if (!partner || !partner.active) return apiError(404, "not_found", "Không tìm thấy đối tác bưu chính này.");
  const body = await readBody(request);
  if (body instanceof Response) return body;
  const secrets = await liveSecrets(db, partner.id, now);
  const verified = verifyWebhook(body, webhookHeaders(request.headers), secrets.map((s) => s.secret), now);
  if (!verified.ok) {
    log.warn({ event: "postal-webhook-refused", partner: partner.code, reason: verified.code });
    return apiError(verified.code === "missing_headers" ? 400 : 401, verified.code === "missing_headers" ? "invalid_request" : "invalid_signature", verified.message);
  }
  const webhookId = request.headers.get("webhook-id")!.slice(0, 200);
  const duplicate = async () => {
    const [seen] = await db
      .select()
      .from(partnerWebhookReceipts)
      .where(and(eq(partnerWebhookReceipts.partnerId, partner.id), eq(partnerWebhookReceipts.webhookId, webhookId)));
    return seen ? apiJson({ received: true, duplicate: true, ...(seen.response ?? {}) }) : null;
  };
  const seen = await duplicate();
  if (seen) return seen;
  const parsed = parseJson(body, webhookSchema);
  if (!parsed.ok) return parsed.response;
  try {
    let answer: Record<string, unknown> = {};
    const outcome = await applyStatusReport(services, partner, toReport(parsed.value.data, parsed.value.data.orderNumber), {
      source: "webhook",
      now,
      inTransaction: async (tx) => {
        // Taken in the same transaction as the change: a failed change leaves the id free for a retry.
        await tx.insert(partnerWebhookReceipts).values({ partnerId: partner.id, webhookId, receivedAt: now, response: {} });
      },
    });
    answer = { order: orderSummary(outcome.order), changed: outcome.changed };
    await db
      .update(partnerWebhookReceipts)
      .set({ response: answer })
      .where(and(eq(partnerWebhookReceipts.partnerId, partner.id), eq(partnerWebhookReceipts.webhookId, webhookId)));
    return apiJson({ received: true, duplicate: false, ...answer });
  } catch (error) {
    if (error instanceof DossierActionError) return fromActionError(error);
    // The same id raced in on another connection and won.
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) return (await duplicate()) ?? apiError(409, "conflict", "Thông báo đang được xử lý.");
    throw error;
  }
}

function bearer(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1] : null;
}

async function requireKey(services: AppServices, request: Request, scope: PartnerScope, now: Date): Promise<AuthenticatedPartner | Response> {
  const checked = await authenticateApiKey(services.database.db, bearer(request), now);
  const challenge = { "WWW-Authenticate": 'Bearer realm="postal"' };
  if (!checked.ok) {
    const message = {
      missing: "Thiếu khoá API (tiêu đề Authorization: Bearer …).",
      unknown: "Khoá API không đúng.",
      revoked: "Khoá API đã bị thu hồi hoặc đã hết hạn.",
      inactive: "Tài khoản đối tác đang bị tạm dừng.",
    }[checked.reason];
    return apiError(401, "unauthorized", message, challenge);
  }
  if (!checked.value.key.scopes.includes(scope)) return apiError(403, "forbidden", `Khoá API không có quyền ${scope}.`);
  return checked.value;
}

/** GET /api/postal/v1/orders?status=open */
export async function handleListOrders(services: AppServices, request: Request, now = new Date()): Promise<Response> {
  const auth = await requireKey(services, request, "orders:read", now);
  if (auth instanceof Response) return auth;
  const status = new URL(request.url).searchParams.get("status") ?? "open";
  if (status !== "open") return apiError(400, "invalid_request", 'Tham số status chỉ nhận giá trị "open".');
  const { db } = services.database;
  const orders = await openOrders(db, auth.partner.id);
  return apiJson({ orders: await Promise.all(orders.map((o) => orderView(db, o))) });
}

const ORDER_NUMBER = /^[A-Za-z0-9.\-_]{1,64}$/;

/** GET /api/postal/v1/orders/{orderNumber}: the pickup and/or delivery order of one dossier. */
export async function handleGetOrder(services: AppServices, request: Request, orderNumber: string, now = new Date()): Promise<Response> {
  const auth = await requireKey(services, request, "orders:read", now);
  if (auth instanceof Response) return auth;
  if (!ORDER_NUMBER.test(orderNumber)) return apiError(400, "invalid_request", "Số đơn không hợp lệ.");
  const { db } = services.database;
  const orders = await ordersByNumber(db, auth.partner.id, orderNumber);
  if (orders.length === 0) return apiError(404, "not_found", `Không tìm thấy đơn số ${orderNumber}.`);
  return apiJson({ orderNumber, orders: await Promise.all(orders.map((o) => orderView(db, o))) });
}

/** POST /api/postal/v1/orders/{orderNumber}/events: a status report by API key instead of a webhook. */
export async function handlePostEvent(services: AppServices, request: Request, orderNumber: string, now = new Date()): Promise<Response> {
  const auth = await requireKey(services, request, "orders:write", now);
  if (auth instanceof Response) return auth;
  if (!ORDER_NUMBER.test(orderNumber)) return apiError(400, "invalid_request", "Số đơn không hợp lệ.");
  const body = await readBody(request);
  if (body instanceof Response) return body;
  const parsed = parseJson(body, statusReportSchema);
  if (!parsed.ok) return parsed.response;
  try {
    const outcome = await applyStatusReport(services, auth.partner, toReport(parsed.value, orderNumber), { source: "api", now });
    return apiJson({ order: orderSummary(outcome.order), changed: outcome.changed }, outcome.changed ? 201 : 200);
  } catch (error) {
    if (error instanceof DossierActionError) return fromActionError(error);
    throw error;
  }
}
