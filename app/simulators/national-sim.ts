/**
 * A stand-in for the national portal's sync endpoint (LGSP), for development and tests: it checks
 * the province's key, takes each message once by its Idempotency-Key, and records what it took, in
 * order. `npm run national-sim` runs it as its own process (NATIONAL_SIM_PORT, NATIONAL_SIM_KEY).
 * GET /received lists what it took; duplicates are counted, not recorded twice.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { timingSafeEqual } from "node:crypto";
import { pathToFileURL } from "node:url";

export type NationalReceived = { service: string; idempotencyKey: string; payload: Record<string, unknown>; receivedAt: string };

export type NationalSimulator = {
  url: string;
  port: number;
  received: NationalReceived[];
  /** Messages offered again under a key already taken (answered 200, not recorded). */
  duplicates: number;
  /**
   * How many of the next messages are taken but answered with a dropped connection: the portal
   * sees a failure after the partner already took the message, and must not make it take it twice.
   */
  loseAnswers: number;
  /** Closes the listener; what was received is kept, and start() listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
};

const SERVICES = new Set(["DongBoHoSoMC", "CapNhatTienDoHoSoMC"]);
const MAX_BODY = 1024 * 1024;

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startNationalSimulator(options: { key: string; port?: number; host?: string }): Promise<NationalSimulator> {
  const host = options.host ?? "127.0.0.1";
  const taken = new Set<string>();
  const state = { received: [] as NationalReceived[], duplicates: 0, loseAnswers: 0 };
  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sim");
    if (req.method === "GET" && url.pathname === "/received") return answer(res, 200, { received: state.received, duplicates: state.duplicates });
    const service = url.pathname.replace(/^\/+/, "");
    if (req.method !== "POST" || !SERVICES.has(service)) return answer(res, 404, { error: "không có dịch vụ này" });
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith("Bearer ") || !sameKey(auth.slice(7), options.key)) return answer(res, 401, { error: "sai khoá kết nối" });
    const idempotencyKey = String(req.headers["idempotency-key"] ?? "");
    if (!idempotencyKey) return answer(res, 400, { error: "thiếu Idempotency-Key" });
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY) return answer(res, 413, { error: "quá lớn" });
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return answer(res, 400, { error: "không đọc được JSON" });
      }
      if (payload.service !== service || typeof payload.MaHoSo !== "string") return answer(res, 422, { error: "thiếu MaHoSo hoặc sai dịch vụ" });
      if (taken.has(idempotencyKey)) {
        state.duplicates += 1;
        return answer(res, 200, { result: "duplicate", idempotencyKey });
      }
      taken.add(idempotencyKey);
      state.received.push({ service, idempotencyKey, payload, receivedAt: new Date().toISOString() });
      if (state.loseAnswers > 0) {
        state.loseAnswers -= 1;
        req.socket.destroy();
        return;
      }
      answer(res, 200, { result: "ok", idempotencyKey });
    });
  });
  let port = options.port ?? 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await start();
  return {
    get url() {
      return `http://${host}:${port}/`;
    },
    get port() {
      return port;
    },
    get received() {
      return state.received;
    },
    get duplicates() {
      return state.duplicates;
    },
    get loseAnswers() {
      return state.loseAnswers;
    },
    set loseAnswers(n: number) {
      state.loseAnswers = n;
    },
    stop,
    start,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const key = process.env.NATIONAL_SIM_KEY;
  if (!key) {
    console.error("Đặt NATIONAL_SIM_KEY (cùng giá trị với NATIONAL_SYNC_KEY của cổng).");
    process.exit(2);
  }
  const sim = await startNationalSimulator({ key, port: Number(process.env.NATIONAL_SIM_PORT ?? 3300) });
  console.log(`Mô phỏng Cổng DVC quốc gia: ${sim.url} (GET /received)`);
}
