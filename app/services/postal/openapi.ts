/**
 * The OpenAPI 3.1 description of the postal partner API, served at /api/postal/v1/openapi.json.
 * Tests validate it (@readme/openapi-parser) and check the handlers' real answers against its
 * response schemas (ajv), so the document cannot drift from the code.
 */
import { POSTAL_ORDER_KINDS, POSTAL_ORDER_STATUSES } from "../../../db/schema";

const reportable = POSTAL_ORDER_STATUSES.filter((s) => s !== "created");
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { "application/json": { schema } } });
const error = (description: string) => json(ref("Error"), description);
const nullableString = { type: ["string", "null"] };

const webhookHeaders = ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => ({
  name,
  in: "header",
  required: true,
  schema: { type: "string" },
  description: {
    "webhook-id": "Mã duy nhất của thông báo; gửi lại cùng mã khi thử lại (chống trùng).",
    "webhook-timestamp": "Thời điểm ký, số giây Unix; lệch quá 5 phút bị từ chối.",
    "webhook-signature": "`v1,<base64 HMAC-SHA256 của id.timestamp.body>`, có thể nhiều chữ ký cách nhau bởi dấu cách.",
  }[name],
}));

export const postalOpenApi = {
  openapi: "3.1.0",
  info: {
    title: "Một Cửa — API đối tác bưu chính công ích",
    version: "1.0.0",
    description:
      "Thu gom hồ sơ (pickup) và chuyển phát kết quả (delivery). Cổng gửi đơn đến địa chỉ của đối tác, ký theo Standard Webhooks; " +
      "đối tác báo trạng thái bằng webhook đã ký hoặc bằng khoá API. Lỗi luôn có dạng `{ error: { code, message } }`.",
  },
  servers: [{ url: "/api/postal/v1" }],
  webhooks: {
    orderCreated: {
      post: {
        summary: "Cổng gửi một đơn mới đến địa chỉ nhận đơn của đối tác",
        description: "Ký bằng khoá bí mật webhook hiện hành của đối tác; webhook-id giữ nguyên khi gửi lại. Trả 2xx kèm số vận đơn.",
        parameters: webhookHeaders,
        requestBody: { required: true, content: { "application/json": { schema: ref("OrderCreated") } } },
        responses: { "200": json(ref("OrderAccepted"), "Đối tác đã nhận đơn") },
      },
    },
  },
  paths: {
    "/openapi.json": {
      get: { operationId: "openapi", summary: "Tài liệu này", responses: { "200": json({ type: "object" }, "Tài liệu OpenAPI") } },
    },
    "/webhooks/{partnerCode}": {
      post: {
        operationId: "postWebhook",
        summary: "Đối tác báo trạng thái đơn (webhook đã ký)",
        parameters: [{ name: "partnerCode", in: "path", required: true, schema: { type: "string" } }, ...webhookHeaders],
        requestBody: { required: true, content: { "application/json": { schema: ref("StatusWebhook") } } },
        responses: {
          "200": json(ref("WebhookReceived"), "Đã nhận (hoặc đã nhận trước đó với cùng webhook-id: duplicate = true)"),
          "400": error("Thiếu tiêu đề hoặc dữ liệu không hợp lệ"),
          "401": error("Chữ ký sai, khoá bí mật không còn hiệu lực, hoặc thời điểm ký lệch quá 5 phút"),
          "404": error("Không có đối tác hoặc đơn này"),
          "409": error("Chuyển trạng thái không hợp lệ"),
          "413": error("Nội dung quá lớn"),
          "415": error("Không phải JSON"),
        },
      },
    },
    "/orders": {
      get: {
        operationId: "listOrders",
        summary: "Các đơn đang mở của đối tác",
        security: [{ apiKey: ["orders:read"] }],
        parameters: [{ name: "status", in: "query", required: false, schema: { type: "string", enum: ["open"] } }],
        responses: {
          "200": json({ type: "object", required: ["orders"], additionalProperties: false, properties: { orders: { type: "array", items: ref("Order") } } }, "Danh sách đơn"),
          "400": error("Tham số không hợp lệ"),
          "401": error("Thiếu, sai, đã thu hồi hoặc hết hạn khoá API"),
          "403": error("Khoá API không có quyền orders:read"),
        },
      },
    },
    "/orders/{orderNumber}": {
      get: {
        operationId: "getOrder",
        summary: "Các đơn (thu gom, chuyển phát) của một hồ sơ; số đơn là mã hồ sơ",
        security: [{ apiKey: ["orders:read"] }],
        parameters: [{ name: "orderNumber", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": json(
            {
              type: "object",
              required: ["orderNumber", "orders"],
              additionalProperties: false,
              properties: { orderNumber: { type: "string" }, orders: { type: "array", items: ref("Order") } },
            },
            "Các đơn",
          ),
          "400": error("Số đơn không hợp lệ"),
          "401": error("Thiếu, sai, đã thu hồi hoặc hết hạn khoá API"),
          "403": error("Khoá API không có quyền orders:read"),
          "404": error("Không có đơn này"),
        },
      },
    },
    "/orders/{orderNumber}/events": {
      post: {
        operationId: "postOrderEvent",
        summary: "Báo trạng thái đơn bằng khoá API (thay cho webhook)",
        security: [{ apiKey: ["orders:write"] }],
        parameters: [{ name: "orderNumber", in: "path", required: true, schema: { type: "string" } }],
        requestBody: { required: true, content: { "application/json": { schema: ref("StatusReport") } } },
        responses: {
          "201": json(ref("StatusApplied"), "Đã ghi nhận trạng thái mới"),
          "200": json(ref("StatusApplied"), "Trạng thái đã như vậy, không thay đổi gì"),
          "400": error("Dữ liệu không hợp lệ"),
          "401": error("Thiếu, sai, đã thu hồi hoặc hết hạn khoá API"),
          "403": error("Khoá API không có quyền orders:write"),
          "404": error("Không có đơn này"),
          "409": error("Chuyển trạng thái không hợp lệ"),
          "413": error("Nội dung quá lớn"),
          "415": error("Không phải JSON"),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      apiKey: { type: "http", scheme: "bearer", description: "Khoá API do quản trị viên cấp (hiện một lần); có phạm vi orders:read, orders:write." },
    },
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        additionalProperties: false,
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            additionalProperties: false,
            properties: {
              code: {
                type: "string",
                enum: ["unauthorized", "forbidden", "not_found", "invalid_request", "invalid_signature", "conflict", "method_not_allowed", "payload_too_large", "unsupported_media_type"],
              },
              message: { type: "string", minLength: 1, description: "Thông báo tiếng Việt" },
            },
          },
        },
      },
      Party: {
        type: "object",
        required: ["name", "address", "phone", "email", "provinceCode", "districtCode"],
        additionalProperties: false,
        properties: {
          name: { type: "string" },
          address: { type: "string" },
          phone: nullableString,
          email: nullableString,
          provinceCode: { type: "string", pattern: "^\\d{2}$" },
          districtCode: { type: "string", pattern: "^\\d{3}$" },
        },
      },
      OrderDocument: {
        type: "object",
        required: ["orderNumber", "kind", "sender", "receiver", "codAmount", "currency", "description", "parts", "procedure", "createdAt"],
        properties: {
          orderNumber: { type: "string", description: "Mã hồ sơ" },
          kind: { type: "string", enum: [...POSTAL_ORDER_KINDS] },
          sender: ref("Party"),
          receiver: ref("Party"),
          codAmount: { type: "integer", minimum: 0, description: "Tiền thu hộ (đồng)" },
          currency: { const: "VND" },
          description: { type: "string" },
          parts: {
            type: "array",
            items: {
              type: "object",
              required: ["name", "originals", "copies"],
              additionalProperties: false,
              properties: { name: { type: "string" }, originals: { type: "integer", minimum: 0 }, copies: { type: "integer", minimum: 0 } },
            },
          },
          procedure: { type: "object", required: ["code", "name"], additionalProperties: false, properties: { code: { type: "string" }, name: { type: "string" } } },
          createdAt: { type: "string", format: "date-time" },
        },
      },
      OrderCreated: {
        type: "object",
        required: ["type", "order"],
        additionalProperties: false,
        properties: { type: { const: "order.created" }, order: ref("OrderDocument") },
      },
      OrderAccepted: { type: "object", required: ["waybill"], properties: { waybill: { type: "string", maxLength: 64 } } },
      Order: {
        allOf: [ref("OrderDocument")],
        type: "object",
        required: ["status", "waybill", "updatedAt", "tracking"],
        properties: {
          status: { type: "string", enum: [...POSTAL_ORDER_STATUSES] },
          waybill: nullableString,
          updatedAt: { type: "string", format: "date-time" },
          tracking: { type: "array", items: ref("TrackingEvent") },
        },
      },
      TrackingEvent: {
        type: "object",
        required: ["status", "statusCode", "message", "waybill", "occurredAt"],
        additionalProperties: false,
        properties: { status: { type: "string" }, statusCode: nullableString, message: nullableString, waybill: nullableString, occurredAt: { type: "string", format: "date-time" } },
      },
      StatusReport: {
        type: "object",
        required: ["kind", "status", "occurredAt"],
        properties: {
          kind: { type: "string", enum: [...POSTAL_ORDER_KINDS] },
          status: {
            type: "string",
            enum: reportable,
            description: "pickup: registered, collecting, collected, handedToAgency, cancelled; delivery: registered, pickedUp, inTransit, delivered, failed, returnedToAgency",
          },
          occurredAt: { type: "string", format: "date-time" },
          waybill: { type: ["string", "null"], maxLength: 64 },
          statusCode: { type: ["string", "null"], maxLength: 32, description: "Mã trạng thái của đối tác" },
          message: { type: ["string", "null"], maxLength: 500 },
          recipientName: { type: ["string", "null"], maxLength: 200, description: "Người nhận (khi delivered)" },
        },
      },
      StatusWebhook: {
        type: "object",
        required: ["type", "data"],
        properties: {
          type: { const: "order.status" },
          data: { allOf: [ref("StatusReport")], type: "object", required: ["orderNumber"], properties: { orderNumber: { type: "string" } } },
        },
      },
      OrderSummary: {
        type: "object",
        required: ["orderNumber", "kind", "status", "waybill"],
        additionalProperties: false,
        properties: {
          orderNumber: { type: "string" },
          kind: { type: "string", enum: [...POSTAL_ORDER_KINDS] },
          status: { type: "string", enum: [...POSTAL_ORDER_STATUSES] },
          waybill: nullableString,
        },
      },
      StatusApplied: {
        type: "object",
        required: ["order", "changed"],
        additionalProperties: false,
        properties: { order: ref("OrderSummary"), changed: { type: "boolean" } },
      },
      WebhookReceived: {
        type: "object",
        required: ["received", "duplicate"],
        additionalProperties: false,
        properties: { received: { const: true }, duplicate: { type: "boolean" }, order: ref("OrderSummary"), changed: { type: "boolean" } },
      },
    },
  },
} as const;
