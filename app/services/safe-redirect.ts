/**
 * The one check for every redirect target taken from a request (sign-in's redirectTo, the display
 * controls' back…). Only a path on this site passes: an open redirect lets a phishing link borrow our
 * address. Browsers read `/\evil`, `/<TAB>/evil` and `\\evil` as another host, so anything but a plain
 * path is refused, and the answer is rebuilt from the parsed URL rather than trusted as given.
 */
const PLACEHOLDER_ORIGIN = "http://mot-cua.invalid";

export function safeRedirect(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2000) return fallback;
  // Control characters and whitespace (browsers strip TAB/CR/LF), backslashes, and scheme-relative starts.
  if (/[\u0000-\u0020\u007f\\]/.test(target) || !target.startsWith("/") || target.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(target, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("//") ? fallback : path;
}
