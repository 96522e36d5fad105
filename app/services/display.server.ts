/**
 * Reading preferences (cỡ chữ lớn, tương phản cao) kept in a plain cookie, so pages render with them
 * on the server and the controls work without JavaScript.
 */
import * as cookie from "cookie";

export type DisplayPreferences = { largeText: boolean; highContrast: boolean };

const COOKIE = "motcua_display";

/** A malformed cookie (bad percent-encoding, junk) reads as no preference, never as an error. */
export function readDisplayPreferences(request: Request): DisplayPreferences {
  let value = "";
  try {
    value = cookie.parse(request.headers.get("Cookie") ?? "")[COOKIE] ?? "";
  } catch {
    value = "";
  }
  const flags = new Set(value.split(","));
  return { largeText: flags.has("large"), highContrast: flags.has("contrast") };
}

export function displayCookie(preferences: DisplayPreferences): string {
  const flags = [preferences.largeText ? "large" : "", preferences.highContrast ? "contrast" : ""].filter(Boolean).join(",");
  return cookie.serialize(COOKIE, flags, { path: "/", maxAge: 31536000, sameSite: "lax" });
}
