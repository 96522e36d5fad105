/**
 * A postal partner on loopback, for tests and the demo (`npm run postal-sim`). It takes the
 * portal's orders (checking their Standard Webhooks signature, dropping a retry by its webhook-id,
 * answering with a waybill), walks them through their statuses — on a timer, or one step per
 * POST /orders/{orderNumber}/advance — and reports each status to the portal as a signed webhook.
 * GET /received lists what it took.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { signWebhook, verifyWebhook, webhookHeaders } from "../services/postal/signatures.server";

type Kind = "pickup" | "delivery";
const WALK: Record<Kind, string[]> = {
  pickup: ["registered", "collecting", "collected", "handedToAgency"],
  delivery: ["registered", "pickedUp", "inTransit", "delivered"],
};

export type ReceivedOrder = { webhookId: string; receivedAt: string; order: { orderNumber: string; kind: Kind; codAmount: number; [k: string]: unknown }; duplicates: number; waybill: string };
export type SimOrder = { orderNumber: string; kind: Kind; waybill: string; status: string };

export type PostalSimulatorOptions = {
  port?: number;
  host?: string;
  /** The portal's webhook address, e.g. http://127.0.0.1:3000/api/postal/v1/webhooks/vnpost-thaibinh. */
  portalWebhookUrl: string;
  /** The partner's signing secret (whsec_…): it signs the webhooks and checks the orders. */
  secret: string;
  /** Other secrets accepted on incoming orders (a rotation in progress). */
  acceptSecrets?: string[];
  /** Walk every open order one step this often; off when absent. */
  stepMs?: number;
  /** Answer orders with this HTTP status instead of taking them (to test the portal's retries). */
  failWith?: number;
};

export type AdvanceResult = { sent: Record<string, unknown>; portalStatus: number; portalBody: unknown };

export async function startPostalSimulator(options: PostalSimulatorOptions) {
  const received: ReceivedOrder[] = [];
  const orders = new Map<string, SimOrder>();
  let secret = options.secret;
  let failWith = options.failWith ?? null;
  let counter = 0;
  const keyOf = (orderNumber: string, kind: string) => `${kind}:${orderNumber}`;

  async function report(order: SimOrder, status: string, extra: Record<string, unknown> = {}): Promise<AdvanceResult> {
    const data = {
      orderNumber: order.orderNumber,
      kind: order.kind,
      status,
      occurredAt: new Date().toISOString(),
      waybill: order.waybill,
      statusCode: `SIM-${status.toUpperCase()}`,
      message: null,
      ...extra,
    };
    const body = JSON.stringify({ type: "order.status", data });
    const signed = signWebhook(secret, `sim_${randomUUID()}`, new Date(), body);
    const response = await fetch(options.portalWebhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "webhook-id": signed.id, "webhook-timestamp": signed.timestamp, "webhook-signature": signed.signature },
      body,
    });
    const portalBody = await response.json().catch(() => null);
    if (response.ok) order.status = status;
    return { sent: data, portalStatus: response.status, portalBody };
  }

  async function advance(orderNumber: string, kind: Kind, body: { status?: string; recipientName?: string; message?: string } = {}): Promise<AdvanceResult | null> {
    const order = orders.get(keyOf(orderNumber, kind));
    if (!order) return null;
    const walk = WALK[order.kind];
    const next = body.status ?? walk[walk.indexOf(order.status) + 1];
    if (!next) return null;
    const extra: Record<string, unknown> = {};
    if (next === "delivered") extra.recipientName = body.recipientName ?? "Người nhận";
    if (body.message) extra.message = body.message;
    return report(order, next, extra);
  }

  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://sim");
      if (req.method === "GET" && url.pathname === "/received") return send(res, 200, { received, orders: [...orders.values()] });
      if (req.method === "POST" && url.pathname === "/orders") {
        const body = await readBody(req);
        if (failWith) return send(res, failWith, { error: "simulated failure" });
        const headers = new Headers();
        for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
          const value = req.headers[name];
          if (typeof value === "string") headers.set(name, value);
        }
        const verified = verifyWebhook(body, webhookHeaders(headers), [secret, ...(options.acceptSecrets ?? [])], new Date());
        if (!verified.ok) return send(res, 401, { error: verified.code });
        const webhookId = headers.get("webhook-id")!;
        const seen = received.find((r) => r.webhookId === webhookId);
        if (seen) {
          seen.duplicates += 1;
          return send(res, 200, { waybill: seen.waybill });
        }
        const { order } = JSON.parse(body) as { order: ReceivedOrder["order"] };
        counter += 1;
        const waybill = `EB${String(counter).padStart(9, "0")}VN`;
        received.push({ webhookId, receivedAt: new Date().toISOString(), order, duplicates: 0, waybill });
        orders.set(keyOf(order.orderNumber, order.kind), { orderNumber: order.orderNumber, kind: order.kind, waybill, status: "registered" });
        return send(res, 200, { waybill });
      }
      const match = /^\/orders\/([^/]+)\/advance$/.exec(url.pathname);
      if (req.method === "POST" && match) {
        const text = await readBody(req);
        const body = text ? (JSON.parse(text) as { kind?: Kind; status?: string; recipientName?: string }) : {};
        const result = await advance(decodeURIComponent(match[1]), body.kind ?? "pickup", body);
        return result ? send(res, 200, result) : send(res, 404, { error: "no such order or nothing left to do" });
      }
      send(res, 404, { error: "not found" });
    } catch (error) {
      send(res, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  });

  await new Promise<void>((resolve, reject) => {
    // A port already taken is the caller's to handle, not an unhandled 'error' event.
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const timer = options.stepMs
    ? setInterval(() => {
        for (const order of orders.values()) {
          if (WALK[order.kind].at(-1) !== order.status) void advance(order.orderNumber, order.kind).catch(() => undefined);
        }
      }, options.stepMs)
    : null;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    ordersUrl: `http://127.0.0.1:${port}/orders`,
    received,
    orders,
    advance,
    /** Sends any status (even one the walk would not), to test the portal's refusals. */
    report: (orderNumber: string, kind: Kind, status: string, extra: Record<string, unknown> = {}) => {
      const order = orders.get(keyOf(orderNumber, kind));
      if (!order) throw new Error(`no order ${kind} ${orderNumber}`);
      return report(order, status, extra);
    },
    setSecret(next: string) {
      secret = next;
    },
    setFailure(status: number | null) {
      failWith = status;
    },
    async close() {
      if (timer) clearInterval(timer);
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

export type PostalSimulator = Awaited<ReturnType<typeof startPostalSimulator>>;

// The CLI: npm run postal-sim (demo defaults; see README).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { DEMO_POSTAL_PARTNER } = await import("../../db/demo-data");
  const port = Number(process.env.POSTAL_SIM_PORT ?? new URL(DEMO_POSTAL_PARTNER.endpointUrl).port);
  const portal = process.env.PORTAL_URL ?? "http://127.0.0.1:3000";
  const sim = await startPostalSimulator({
    port,
    portalWebhookUrl: process.env.PORTAL_WEBHOOK_URL ?? `${portal}/api/postal/v1/webhooks/${DEMO_POSTAL_PARTNER.code}`,
    secret: process.env.POSTAL_SIM_SECRET ?? DEMO_POSTAL_PARTNER.secret,
    stepMs: Number(process.env.POSTAL_SIM_STEP_SECONDS ?? "20") * 1000 || undefined,
  });
  console.log(`Bưu chính giả lập: nhận đơn tại ${sim.ordersUrl}, gửi trạng thái về cổng; mỗi bước sau ${process.env.POSTAL_SIM_STEP_SECONDS ?? "20"} giây.`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
