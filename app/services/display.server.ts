/**
 * Reading preferences (cỡ chữ lớn, tương phản cao) kept in a plain cookie, so pages render with them
 * on the server and the controls work without JavaScript.
 */
export type DisplayPreferences = { largeText: boolean; highContrast: boolean };

const COOKIE = "motcua_display";

export function readDisplayPreferences(request: Request): DisplayPreferences {
  const header = request.headers.get("Cookie") ?? "";
  const value = header
    .split(";")
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
  const flags = new Set(decodeURIComponent(value ?? "").split(","));
  return { largeText: flags.has("large"), highContrast: flags.has("contrast") };
}

export function displayCookie(preferences: DisplayPreferences): string {
  const flags = [preferences.largeText ? "large" : "", preferences.highContrast ? "contrast" : ""].filter(Boolean).join(",");
  return `${COOKIE}=${encodeURIComponent(flags)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
