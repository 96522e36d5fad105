/**
 * A browser's part in the national sign-in, for tests: follows the portal's authorization URL
 * through the local identity provider (its sign-in page, a sample citizen's button) back to the
 * portal's callback URL, keeping the provider's cookies like a browser would (pass one `jar` to
 * play one browser signing in twice).
 */
export async function signInAtProvider(authorizationUrl: string, sub: string, jar = new Map<string, string>()): Promise<URL> {
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), Cookie: cookieHeader() } });
    keep(res);
    return res;
  };
  let res = await go(authorizationUrl);
  let location = new URL(res.headers.get("location")!, authorizationUrl);
  const page = await go(location.href);
  const html = await page.text();
  const action = /action="([^"]*\/login)"/.exec(html)?.[1];
  if (!action) throw new Error(`no sign-in form at ${location.href}: ${page.status}`);
  res = await go(new URL(action, location).href, {
    method: "POST",
    body: new URLSearchParams({ sub }),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  // The provider resumes the authorization, then sends the browser to the portal.
  for (let hop = 0; hop < 5; hop++) {
    location = new URL(res.headers.get("location")!, location);
    if (location.pathname.endsWith("/dang-nhap/dinh-danh/callback")) return location;
    res = await go(location.href);
  }
  throw new Error("the provider never sent the browser back");
}
