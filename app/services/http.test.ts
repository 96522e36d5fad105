/**
 * The middleware every request passes, on a real Express server on loopback: what a browser on
 * another site, a malformed address or a failing handler gets back.
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crossOriginGuard, errorHandler, noStoreForSignedIn, refuseMalformedUrl, securityHeaders } from "./http.server";

let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const app = express();
  app.use(refuseMalformedUrl);
  app.use(noStoreForSignedIn);
  app.use(crossOriginGuard(["https://dichvucong.example.vn"]));
  app.all("/ok/:x", (_req, res) => void res.send("ok"));
  app.get("/boom", () => {
    throw new Error("kết nối tới /srv/motcua/db thất bại: 034090001234");
  });
  app.use(errorHandler);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => close?.());

const post = (headers: Record<string, string>) => fetch(`${base}/ok/1?_data=routes%2Fho-so.%24code._index`, { method: "POST", headers, body: "intent=REFUSE" });

describe("cross-origin writes", () => {
  it("refuses a POST from another origin, from a null origin and any cross-site or same-site fetch", async () => {
    const foreign: Array<Record<string, string>> = [{ Origin: "https://evil.example" }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }, { "Sec-Fetch-Site": "same-site" }, { Origin: "https://dichvucong.example.vn.evil.example" }];
    for (const headers of foreign) {
      const res = await post(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toContain("Yêu cầu bị từ chối");
    }
  });

  it("lets our own origin, and clients that are not browser pages, through; GET is never refused", async () => {
    expect((await post({ Origin: "https://dichvucong.example.vn", "Sec-Fetch-Site": "same-origin" })).status).toBe(200);
    expect((await post({})).status).toBe(200);
    expect((await fetch(`${base}/ok/1`, { headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } })).status).toBe(200);
  });
});

describe("malformed addresses and failures", () => {
  it.each(["/ok/%FF", "/ok/%E0%A4%A", "/ok/a%00b", "/ok/1?q=%0a"])("%s → 400 in Vietnamese", async (url) => {
    const res = await fetch(base + url);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("Địa chỉ không hợp lệ.");
  });

  it("a thrown error is a plain 500 with no stack, path or data", async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toBe("Đã có lỗi xảy ra. Vui lòng thử lại sau.");
  });

  it("a signed-in response is never cached", async () => {
    expect((await fetch(`${base}/ok/1`, { headers: { Cookie: "motcua_session=abc" } })).headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${base}/ok/1`)).headers.get("cache-control")).toBeNull();
  });
});

describe("security headers", () => {
  it("HSTS only over https; scripts only with the nonce; no framing", () => {
    const https = securityHeaders({ https: true, nonce: "abc" });
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ https: false, nonce: "abc" })["Strict-Transport-Security"]).toBeUndefined();
    expect(https["Content-Security-Policy"]).toMatch(/script-src 'self' 'nonce-abc'(;|$)/);
    expect(https["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(https["X-Frame-Options"]).toBe("DENY");
  });
});
