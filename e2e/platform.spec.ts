/** What every deployment relies on: health endpoints, security headers, and Vietnamese error pages. */
import { expect, test } from "@playwright/test";

test("health endpoints, security headers and a Vietnamese 404", async ({ page, request }) => {
  expect(await (await request.get("/healthz")).text()).toBe("ok");
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", warnings: expect.any(Array) });

  const home = await request.get("/");
  const headers = home.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

  const missing = await page.goto("/thu-tuc/9.999999");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
  await expect(page.getByRole("alert")).toHaveText("Không tìm thấy thủ tục hành chính này.");

  // Someone else's dossier answers like a missing one, and a signed-out visitor is sent to sign in.
  const anonymous = await request.get("/ho-so/000.00.15.H54-261123-0001", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(302);
  expect(anonymous.headers()["location"]).toContain("/dang-nhap?redirectTo=");
});

test("text size and contrast controls work without JavaScript and stay on", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/thu-tuc");
  await page.getByRole("button", { name: "Cỡ chữ lớn" }).click();
  await expect(page).toHaveURL(/\/thu-tuc$/);
  await expect(page.locator("html")).toHaveClass(/text-large/);
  await page.getByRole("button", { name: "Tương phản cao" }).click();
  await expect(page.locator("html")).toHaveClass(/high-contrast/);
  await page.goto("/");
  await expect(page.locator("html")).toHaveClass("text-large high-contrast");
  await expect(page.getByRole("button", { name: "Cỡ chữ lớn" })).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: "e2e/.artifacts/screens/11-large-contrast.png" });
  await context.close();
});
