/**
 * A sandbox of the national payment platform (Nền tảng thanh toán trên Cổng DVC quốc gia), served
 * on its own port: it takes initiations, shows the citizen a payment page where she pays or
 * cancels, sends the browser back to the portal's return URL, calls the portal's server-to-server
 * callback, and answers status queries. Every message carries the platform's checksum
 * (gateway-protocol.server.ts). Used by tests, e2e and `npm run payment-sim`; it moves no money.
 *
 * For tests it can lose its callbacks (`dropCallbacks`) and resend one (`resendCallback`), which
 * is what a real platform does on a bad day.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import express from "express";
import {
  ANSWER_CODES,
  checksumValid,
  feeLinesField,
  GATEWAY_PATHS,
  RESULT_CODES,
  signed,
  wireTime,
  type FeeLineWire,
  type MessageFields,
  type ResultCode,
} from "../services/payments/gateway-protocol.server";

export type SimulatedOrder = {
  token: string;
  initiation: MessageFields<"initiation"> & { danhSachPhiChiTiet: FeeLineWire[] };
  state: "pending" | "paid" | "cancelled";
  transactionId: string | null;
  reference: string | null;
  paidAt: Date | null;
  /** The HTTP status of each callback the portal answered (or "error" when it could not be reached). */
  callbackAnswers: Array<number | "error">;
};

export type PaymentSimulatorOptions = {
  port: number;
  secret: string;
  /** The merchant code (mã đối tác) the portal must send; any when omitted. */
  merchantCode?: string;
  host?: string;
  /** Start with callbacks lost (the status query must then settle payments). */
  dropCallbacks?: boolean;
  now?: () => Date;
};

export type PaymentSimulator = {
  url: string;
  orders: Map<string, SimulatedOrder>;
  /** Lose (true) or send (false) the callbacks from now on. */
  dropCallbacks(drop: boolean): void;
  /** Sends the callback of a settled order again, as the platform does when unsure; returns the portal's HTTP status. */
  resendCallback(orderId: string): Promise<number>;
  /** The callback body the simulator sends for an order (for tests that tamper with a copy). */
  callbackBody(orderId: string): Record<string, string | number>;
  close(): Promise<void>;
};

const money = (amount: number) => `${amount.toLocaleString("vi-VN")} đồng`;
const escapeHtml = (text: string | number) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Cổng thanh toán (thử nghiệm)</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1a1a1a; line-height: 1.5; }
  header { background: #0b4f8a; color: #fff; padding: 0.75rem 1rem; }
  header p { margin: 0; font-weight: 600; }
  main { max-width: 40rem; margin: 1rem auto; background: #fff; padding: 1rem 1.25rem; border-radius: 6px; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  .sandbox { background: #fff4ce; border: 1px solid #8a6d00; padding: 0.5rem 0.75rem; border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
  dd { margin: 0 0 0.4rem 1.5rem; overflow-wrap: anywhere; }
  th, td { text-align: left; padding: 0.4rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  td.amount, th.amount { text-align: right; white-space: nowrap; }
  .total { font-size: 1.2rem; font-weight: 700; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1rem; }
  button { font: inherit; padding: 0.6rem 1.2rem; border-radius: 4px; border: 2px solid #0b4f8a; cursor: pointer; }
  button.pay { background: #0b4f8a; color: #fff; }
  button.cancel { background: #fff; color: #0b4f8a; }
  button:focus-visible { outline: 3px solid #c75000; outline-offset: 2px; }
</style>
</head>
<body>
<header><p>Nền tảng thanh toán — Cổng Dịch vụ công quốc gia (môi trường thử nghiệm)</p></header>
<main>
${body}
</main>
</body>
</html>`;
}

function paymentPage(order: SimulatedOrder): string {
  const i = order.initiation;
  const lines = i.danhSachPhiChiTiet
    .map((l) => `<tr><td>${escapeHtml(l.ten)}</td><td class="amount">${escapeHtml(money(l.soTien))}</td></tr>`)
    .join("");
  const settled =
    order.state === "pending"
      ? `<form method="post" action="/thanh-toan/${escapeHtml(order.token)}">
  <div class="actions">
    <button class="pay" type="submit" name="hanhDong" value="thanh-toan">Thanh toán ${escapeHtml(money(Number(i.soTien)))}</button>
    <button class="cancel" type="submit" name="hanhDong" value="huy">Hủy giao dịch</button>
  </div>
</form>`
      : `<p role="status">Giao dịch này đã ${order.state === "paid" ? "được thanh toán" : "bị hủy"}.</p>`;
  return page(
    "Thanh toán phí, lệ phí",
    `<h1>Thanh toán phí, lệ phí hồ sơ</h1>
<p class="sandbox">Đây là môi trường thử nghiệm: không có khoản tiền thật nào được chuyển.</p>
<dl>
  <dt>Mã hồ sơ</dt><dd>${escapeHtml(i.maHoSo)}</dd>
  <dt>Thủ tục</dt><dd>${escapeHtml(i.maThuTuc)}</dd>
  <dt>Cơ quan thu</dt><dd>${escapeHtml(i.maCoQuan)}</dd>
  <dt>Người nộp</dt><dd>${escapeHtml(i.tenNguoiNop)}</dd>
  <dt>Mã đơn hàng</dt><dd>${escapeHtml(i.maDonHang)}</dd>
</dl>
<table>
  <caption>Các khoản phí, lệ phí</caption>
  <thead><tr><th scope="col">Khoản thu</th><th scope="col" class="amount">Số tiền</th></tr></thead>
  <tbody>${lines}</tbody>
  <tfoot><tr><th scope="row">Tổng cộng</th><td class="amount total">${escapeHtml(money(Number(i.soTien)))}</td></tr></tfoot>
</table>
${settled}`,
  );
}

export async function startPaymentSimulator(options: PaymentSimulatorOptions): Promise<PaymentSimulator> {
  const { secret } = options;
  const now = options.now ?? (() => new Date());
  const orders = new Map<string, SimulatedOrder>();
  const byToken = new Map<string, SimulatedOrder>();
  let dropping = options.dropCallbacks ?? false;
  let counter = 0;

  const resultFields = (order: SimulatedOrder, code: ResultCode): MessageFields<"result"> => ({
    maDoiTac: order.initiation.maDoiTac,
    maDonHang: order.initiation.maDonHang,
    maHoSo: order.initiation.maHoSo,
    soTien: order.initiation.soTien,
    ketQua: code,
    maThamChieu: order.reference ?? "",
    maGiaoDich: order.transactionId ?? "",
    thoiGianThanhToan: order.paidAt ? wireTime(order.paidAt) : "",
  });
  const codeOf = (order: SimulatedOrder): ResultCode =>
    order.state === "paid" ? RESULT_CODES.paid : order.state === "cancelled" ? RESULT_CODES.cancelled : RESULT_CODES.pending;
  const callbackBody = (order: SimulatedOrder) => signed("result", resultFields(order, codeOf(order)), secret);

  async function sendCallback(order: SimulatedOrder): Promise<number | "error"> {
    let answer: number | "error";
    try {
      const response = await fetch(String(order.initiation.urlThongBao), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(callbackBody(order)),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      answer = response.status;
    } catch {
      answer = "error";
    }
    order.callbackAnswers.push(answer);
    return answer;
  }

  const app = express();
  app.disable("x-powered-by");
  app.use((_req, res, next) => {
    res.set({ "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'", "referrer-policy": "no-referrer" });
    next();
  });
  app.use(express.json({ limit: "64kb" }));
  app.use(express.urlencoded({ extended: false, limit: "4kb" }));

  app.get("/healthz", (_req, res) => void res.type("text/plain").send("ok"));

  app.post(`/${GATEWAY_PATHS.initiate}`, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lines = Array.isArray(body.danhSachPhi) ? (body.danhSachPhi as FeeLineWire[]) : null;
    const fields = lines ? { ...body, danhSachPhi: feeLinesField(lines) } : body;
    if (!lines || !checksumValid("initiation", fields, body.checksum, secret)) {
      return void res.status(400).json({ maLoi: ANSWER_CODES.badChecksum, moTa: "Sai mã kiểm tra (checksum)." });
    }
    if (options.merchantCode && body.maDoiTac !== options.merchantCode) {
      return void res.status(400).json({ maLoi: ANSWER_CODES.badRequest, moTa: "Mã đối tác không đúng." });
    }
    const amount = Number(body.soTien);
    const sum = lines.reduce((total, l) => total + Number(l.soTien), 0);
    if (!Number.isSafeInteger(amount) || amount <= 0 || sum !== amount) {
      return void res.status(400).json({ maLoi: ANSWER_CODES.wrongAmount, moTa: "Số tiền không khớp các khoản thu." });
    }
    const orderId = String(body.maDonHang);
    let order = orders.get(orderId);
    if (!order) {
      order = {
        token: randomBytes(16).toString("base64url"),
        initiation: { ...(fields as MessageFields<"initiation">), danhSachPhiChiTiet: lines },
        state: "pending",
        transactionId: null,
        reference: null,
        paidAt: null,
        callbackAnswers: [],
      };
      orders.set(orderId, order);
      byToken.set(order.token, order);
    }
    const base = `${req.protocol}://${req.get("host")}`;
    res.json(signed("initiationAnswer", { maLoi: ANSWER_CODES.ok, maDonHang: orderId, urlThanhToan: `${base}/thanh-toan/${order.token}` }, secret));
  });

  app.get("/thanh-toan/:token", (req, res) => {
    const order = byToken.get(req.params.token);
    if (!order) return void res.status(404).type("html").send(page("Không tìm thấy", "<h1>Không tìm thấy giao dịch</h1>"));
    res.type("html").send(paymentPage(order));
  });

  app.post("/thanh-toan/:token", async (req, res) => {
    const order = byToken.get(req.params.token);
    if (!order) return void res.status(404).type("html").send(page("Không tìm thấy", "<h1>Không tìm thấy giao dịch</h1>"));
    if (order.state === "pending") {
      if (req.body?.hanhDong === "thanh-toan") {
        counter += 1;
        order.state = "paid";
        order.paidAt = now();
        order.transactionId = `GD${wireTime(order.paidAt)}${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;
        order.reference = `TC${String(counter).padStart(8, "0")}`;
      } else if (req.body?.hanhDong === "huy") {
        order.state = "cancelled";
      } else {
        return void res.status(400).type("html").send(paymentPage(order));
      }
      // The platform tells the portal before it sends the citizen back; a lost call is left to
      // the portal's status query.
      if (!dropping) await sendCallback(order);
    }
    const back = new URL(String(order.initiation.urlTraVe));
    const params = signed("returnParams", { maDonHang: order.initiation.maDonHang, ketQua: codeOf(order) }, secret);
    for (const [key, value] of Object.entries(params)) back.searchParams.set(key, String(value));
    res.redirect(303, back.toString());
  });

  app.post(`/${GATEWAY_PATHS.query}`, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!checksumValid("statusQuery", body, body.checksum, secret)) {
      return void res.status(400).json({ maLoi: ANSWER_CODES.badChecksum, moTa: "Sai mã kiểm tra (checksum)." });
    }
    const order = orders.get(String(body.maDonHang));
    if (!order || order.initiation.maDoiTac !== body.maDoiTac) {
      return void res.status(404).json({ maLoi: ANSWER_CODES.unknownOrder, moTa: "Không tìm thấy giao dịch." });
    }
    res.json({ maLoi: ANSWER_CODES.ok, ...callbackBody(order) });
  });

  const server = app.listen(options.port, options.host ?? "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== "0.0.0.0" ? options.host : "127.0.0.1";
  const orderOf = (orderId: string) => {
    const order = orders.get(orderId);
    if (!order) throw new Error(`no simulated order ${orderId}`);
    return order;
  };
  return {
    url: `http://${host}:${port}/`,
    orders,
    dropCallbacks(drop) {
      dropping = drop;
    },
    async resendCallback(orderId) {
      const answer = await sendCallback(orderOf(orderId));
      if (answer === "error") throw new Error("the portal's callback could not be reached");
      return answer;
    },
    callbackBody: (orderId) => callbackBody(orderOf(orderId)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// `npm run payment-sim`: PAYMENT_SIM_PORT (3900), PAYMENT_GATEWAY_KEY, PAYMENT_MERCHANT_CODE.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const secret = process.env.PAYMENT_GATEWAY_KEY;
  if (!secret || Buffer.byteLength(secret) < 16) {
    console.error("PAYMENT_GATEWAY_KEY phải có và dài ít nhất 16 byte (khóa dùng chung với cổng).");
    process.exit(1);
  }
  const sim = await startPaymentSimulator({
    port: Number(process.env.PAYMENT_SIM_PORT ?? 3900),
    host: process.env.PAYMENT_SIM_HOST ?? "127.0.0.1",
    secret,
    merchantCode: process.env.PAYMENT_MERCHANT_CODE || undefined,
  });
  console.log(`Cổng thanh toán thử nghiệm: ${sim.url} (PAYMENT_GATEWAY_URL=${sim.url})`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
