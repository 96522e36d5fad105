/**
 * What every request passes through before Remix: security headers with a per-request CSP nonce, the
 * refusal of cross-origin writes, the refusal of malformed addresses, and an error handler that never
 * shows a stack trace or a server path.
 */
import { randomBytes } from "node:crypto";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { describeError, log } from "./log.server";

/** Security headers on every response (ARCHITECTURE.md, Web). Scripts run only with this response's nonce. */
export function securityHeaders(options: { https: boolean; nonce: string; formTargets?: string[] }): Record<string, string> {
  return {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${options.nonce}'`,
      // React's style={{…}} attributes; no script can run from a style.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      // Our pages may frame our own documents (a PDF preview); that response relaxes frame-ancestors itself.
      "frame-src 'self'",
      "frame-ancestors 'none'",
      // Browsers apply form-action to a form's redirects too: the payment form ends at the payment platform.
      ["form-action 'self'", ...(options.formTargets ?? [])].join(" "),
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export const newCspNonce = () => randomBytes(16).toString("base64");

function plainError(res: Parameters<RequestHandler>[1], status: number, message: string) {
  res.status(status).type("text/plain; charset=utf-8").send(message);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses every non-GET that a browser sends from another origin: forms posted by another site,
 * `?_data=` fetches and resource routes alike (SameSite=Lax does not cover login, logout or a
 * cross-site fetch with credentials). Judged by Sec-Fetch-Site when the browser sends it, else by
 * Origin. A request with neither is not from a browser page (a partner's server, curl) and carries
 * no ambient cookie a site could borrow; partner APIs authenticate with their own keys.
 */
export function crossOriginGuard(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => new URL(o).origin));
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get("sec-fetch-site");
    const origin = req.get("origin");
    const crossSite = site ? site !== "same-origin" && site !== "none" : false;
    const foreignOrigin = origin !== undefined && (origin === "null" || !allowed.has(origin));
    if (crossSite || foreignOrigin) {
      log.warn({ event: "cross-origin-refused", method: req.method, path: req.path, site, origin });
      return plainError(res, 403, "Yêu cầu bị từ chối: biểu mẫu không được gửi từ trang của Cổng Dịch vụ công.");
    }
    next();
  };
}

// C0 controls and DEL, once percent-decoded: no address of ours contains them, and they break
// queries (PostgreSQL refuses NUL in text) and logs.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A path or query that does not decode, or decodes to control characters, gets a 400, not a 500. */
export const refuseMalformedUrl: RequestHandler = (req, res, next) => {
  const [pathname, query = ""] = req.originalUrl.split("?", 2);
  try {
    const decodedPath = decodeURIComponent(pathname);
    const decodedQuery = decodeURIComponent(query.replace(/\+/g, " "));
    if (CONTROL_CHARACTERS.test(decodedPath) || CONTROL_CHARACTERS.test(decodedQuery)) throw new URIError("control character");
  } catch {
    return plainError(res, 400, "Địa chỉ không hợp lệ.");
  }
  next();
};

/** Authenticated pages are personal: no browser or proxy cache may keep them. */
export const noStoreForSignedIn: RequestHandler = (req, res, next) => {
  if (/(?:^|;\s*)motcua_session=/.test(req.get("cookie") ?? "")) res.setHeader("Cache-Control", "no-store");
  next();
};

/**
 * The last handler: Express's default prints the stack trace and absolute paths. Client errors it
 * knows (a bad percent-encoding, a body too large) keep their status with a Vietnamese message.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const status = Number((error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode);
  if (status >= 400 && status < 500) {
    return plainError(res, status, status === 413 ? "Dữ liệu gửi lên quá lớn." : status === 404 ? "Không tìm thấy trang." : "Yêu cầu không hợp lệ.");
  }
  log.error({ event: "request-failed", path: req.path, ...describeError(error) });
  plainError(res, 500, "Đã có lỗi xảy ra. Vui lòng thử lại sau.");
};
