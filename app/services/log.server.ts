/**
 * The portal's one logger (pino, JSON lines). Logs are read by operators and shipped to other systems,
 * so they carry no personal data: known fields are redacted by name, and free text (error messages,
 * which may quote a failed query's parameters) is scrubbed of ID numbers, phones and e-mail addresses.
 */
import pino from "pino";

const PERSONAL_FIELDS = ["idNumber", "applicantIdNumber", "phone", "applicantPhone", "email", "applicantEmail", "address", "applicantAddress", "password", "fullName", "applicantName"];

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  base: undefined,
  redact: {
    paths: [...PERSONAL_FIELDS, ...PERSONAL_FIELDS.map((f) => `*.${f}`), "headers.cookie", "*.headers.cookie", "headers.authorization", "*.headers.authorization"],
    censor: "[ẩn]",
  },
  formatters: { level: (label) => ({ level: label }) },
});

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// CCCD (12 digits), old CMND (9), phones (10–11, also +84…): any run of 9 or more digits.
const LONG_DIGITS = /\+?\d[\d .-]{7,}\d/g;

/** Free text with e-mail addresses and long digit runs masked, and a query's parameter list cut off. */
export function scrubText(text: string): string {
  const withoutParams = text.replace(/\n?\s*params:[\s\S]*$/i, " params: [ẩn]");
  return withoutParams.replace(EMAIL, "[email]").replace(LONG_DIGITS, (m) => (m.replace(/\D/g, "").length >= 9 ? "[số]" : m));
}

/** What an error may put into the log: its kind, its SQLSTATE, a scrubbed message and stack. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: scrubText(String(error)) };
  const cause = (error as { cause?: unknown }).cause;
  const code = (error as { code?: unknown }).code ?? (cause as { code?: unknown } | undefined)?.code;
  return {
    error: error.name,
    ...(typeof code === "string" ? { code } : {}),
    message: scrubText(error.message),
    ...(error.stack ? { stack: scrubText(error.stack.split("\n").slice(1, 8).join("\n")) } : {}),
    ...(cause instanceof Error ? { cause: scrubText(cause.message) } : {}),
  };
}

/** A request path fit for the log: the query string may hold what a user typed, so only its keys are kept. */
export function loggablePath(originalUrl: string): string {
  const [pathname, query] = originalUrl.split("?", 2);
  if (!query) return scrubText(pathname);
  const keys = [...new URLSearchParams(query).keys()];
  return `${scrubText(pathname)}?${keys.map((k) => `${k}=…`).join("&")}`;
}
