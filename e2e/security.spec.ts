/**
 * Issue 8's probes, replayed over HTTP against the real server as an attacker would send them. Each
 * request once succeeded; each must now fail in the intended way. (Upload probes: uploads.spec.)
 */
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD } from "../db/demo-data";
import { signIn } from "./support";

const EVIL = "https://evil.example";
const noServerDetails = (body: string) => {
  expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\/|\/app\/|URIError|Error:/);
};

test("bad percent-encoding and control characters answer 400 in Vietnamese, with no stack trace or path", async ({ request }) => {
  for (const url of ["/ho-so/%FF", "/build/%FF", "/thu-tuc/%E0%A4%A", "/ho-so/abc%00", "/tra-cuu?ma=%0d%0a"]) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(400);
    const body = await res.text();
    expect(body).toContain("Địa chỉ không hợp lệ");
    noServerDetails(body);
  }
});

test("a NUL byte or a multipart body in a plain form is a 4xx in Vietnamese, not a failed query", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const nul = await request.post("/dang-nhap", { data: "username=a%00b&password=x", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin } });
  expect(nul.status()).toBe(400);
  expect(await nul.text()).toContain("ký tự không hợp lệ");
  const multipart = await request.post("/tra-cuu", { multipart: { ma: "x", "xac-minh": "034090001234" }, headers: { Origin: origin } });
  expect(multipart.status()).toBe(415);
  noServerDetails(await multipart.text());
});

test("malformed session and display cookies do not break any page", async ({ request }) => {
  for (const cookie of ["motcua_session=%E0%A4%A", "motcua_display=%E0%A4%A", "motcua_session=%E0%A4%A; motcua_display=%E0%A4%A", 'motcua_session="; x=%'] ) {
    for (const url of ["/", "/thu-tuc", "/tra-cuu", "/dang-nhap"]) {
      const res = await request.get(url, { headers: { Cookie: cookie } });
      expect(res.status(), `${url} with ${cookie}`).toBe(200);
    }
  }
});

test("every non-GET from another origin is refused: a dossier action via _data, logout, login", async ({ request, baseURL }) => {
  const probes: Array<{ url: string; form: Record<string, string> }> = [
    { url: "/ho-so/000.00.15.H54-261123-0001?_data=routes%2Fho-so.%24code._index", form: { intent: "REFUSE", note: "x" } },
    { url: "/dang-xuat", form: {} },
    { url: "/dang-nhap", form: { username: "congdan", password: DEMO_PASSWORD } },
    { url: "/hien-thi", form: { toggle: "largeText", back: "/" } },
    { url: "/tra-cuu", form: { ma: "x", "xac-minh": "034090001234" } },
  ];
  for (const { url, form } of probes) {
    const foreign: Array<Record<string, string>> = [{ Origin: EVIL }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }, { "Sec-Fetch-Site": "same-site", Origin: "https://sub.localhost" }];
    for (const headers of foreign) {
      const res = await request.post(url, { form, headers, maxRedirects: 0 });
      expect(res.status(), `${url} ${JSON.stringify(headers)}`).toBe(403);
      expect(await res.text()).toContain("Yêu cầu bị từ chối");
    }
  }
  // The same login from our own origin works.
  const ok = await request.post("/dang-nhap", { form: { username: "congdan", password: DEMO_PASSWORD }, headers: { Origin: new URL(baseURL!).origin, "Sec-Fetch-Site": "same-origin" }, maxRedirects: 0 });
  expect(ok.status()).toBe(302);
});

test("redirect targets stay on this site: sign-in's redirectTo and the display controls' back", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const target of ["/\\evil.example", "/\t/evil.example", "//evil.example", "https://evil.example", "/\\/evil.example"]) {
    const res = await request.post("/dang-nhap", { form: { username: "congdan", password: DEMO_PASSWORD, redirectTo: target }, headers: { Origin: origin }, maxRedirects: 0 });
    expect(res.status(), target).toBe(302);
    expect(res.headers()["location"], target).toBe("/ho-so-cua-toi");
    const back = await request.post("/hien-thi", { form: { toggle: "largeText", back: target }, headers: { Origin: origin }, maxRedirects: 0 });
    expect(back.headers()["location"], target).toBe("/");
  }
  const page = await request.get(`/dang-nhap?redirectTo=${encodeURIComponent("/\\evil.example")}`);
  expect(await page.text()).not.toContain("evil.example");
});

test("scripts run only with the response's nonce; the page still works with JavaScript", async ({ page, request }) => {
  const res = await request.get("/");
  const csp = res.headers()["content-security-policy"];
  const scriptSrc = /script-src ([^;]+)/.exec(csp)![1];
  expect(scriptSrc).not.toContain("unsafe-inline");
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
  const html = await res.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  expect(/'nonce-([^']+)'/.exec((await request.get("/")).headers()["content-security-policy"])![1]).not.toBe(nonce);

  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await page.goto("/thu-tuc");
  // A client-side navigation needs the hydrated app.
  await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
  await page.getByRole("link", { name: "Tra cứu hồ sơ" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tra cứu hồ sơ");
  expect(violations).toEqual([]);
});

test("signed-in pages are not cached; the public lookup is a POST that keeps the ID number out of the address", async ({ page }) => {
  await signIn(page, "congdan");
  const res = await page.goto("/ho-so-cua-toi");
  expect(res!.headers()["cache-control"]).toBe("no-store");
  // An old bookmark with the ID number in it lands on a clean address, with the code kept.
  await page.goto("/tra-cuu?ma=000.00.15.H54-261123-0001&xac-minh=034090001234");
  expect(new URL(page.url()).search).toBe("?ma=000.00.15.H54-261123-0001");
  await expect(page.getByLabel("Mã hồ sơ")).toHaveValue("000.00.15.H54-261123-0001");
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 2 })).toHaveCount(0);
  await page.getByLabel("Mã hồ sơ").fill("000.00.15.H54-000000-0000");
  await page.getByLabel("Số CCCD hoặc số điện thoại người nộp").fill("034090001234");
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("alert")).toContainText("Không tìm thấy hồ sơ");
  expect(page.url()).not.toContain("034090001234");
});

test("after a run of wrong passwords even the right one is refused for a while (429 with Retry-After)", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    statuses.push((await request.post("/dang-nhap", { form: { username: "giamsat", password: `sai-${i}` }, headers: { Origin: origin }, maxRedirects: 0 })).status());
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  const right = await request.post("/dang-nhap", { form: { username: "giamsat", password: DEMO_PASSWORD }, headers: { Origin: origin }, maxRedirects: 0 });
  expect(right.status()).toBe(429);
  expect(Number(right.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await right.text()).toContain("Bạn đã thử quá nhiều lần");
});

test("sign out everywhere", async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const [a, b] = [await first.newPage(), await second.newPage()];
  await signIn(a, "motcua.so");
  await signIn(b, "motcua.so");
  await a.getByRole("link", { name: "Đăng xuất mọi nơi" }).click();
  await a.getByRole("button", { name: "Đăng xuất mọi nơi" }).click();
  await expect(a.getByRole("link", { name: "Đăng nhập" })).toBeVisible();
  await b.reload();
  // The header's sign-in link (exact: the sign-in page also links to the national sign-in, "Đăng nhập bằng … (VNeID)").
  await expect(b.getByRole("link", { name: "Đăng nhập", exact: true })).toBeVisible();
  await first.close();
  await second.close();
});
