/** The administrator's postal partner page: create a partner, issue an API key shown once, revoke it. */
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./support";

test("the administrator creates a postal partner, issues a key shown once and revokes it", async ({ page }) => {
  await signIn(page, "quantri");
  await page.goto("/quan-tri/doi-tac");
  await expect(page.getByRole("heading", { name: "Đối tác bưu chính công ích" })).toBeVisible();
  await expectAccessible(page, "đối tác");

  const code = `e2e-${Date.now().toString(36)}`;
  // A wrong address is refused with a Vietnamese message, the typed values kept.
  await page.getByLabel("Tên đối tác").fill("Bưu cục thử nghiệm");
  await page.getByLabel(/^Mã đối tác/).fill(code);
  await page.getByLabel(/Địa chỉ nhận đơn/).fill("ftp://bad");
  await page.getByRole("button", { name: "Tạo đối tác" }).click();
  await expect(page.getByRole("alert")).toContainText("http");
  await page.getByLabel(/Địa chỉ nhận đơn/).fill("https://buucuc.example.vn/orders");
  await page.getByRole("button", { name: "Tạo đối tác" }).click();
  await expect(page.getByRole("status")).toContainText("Đã tạo đối tác Bưu cục thử nghiệm");
  await expect(page.getByTestId("shown-once")).toHaveText(/^whsec_/);

  const section = page.getByRole("region", { name: /Bưu cục thử nghiệm/ });
  await section.getByRole("button", { name: "Cấp khoá API" }).click();
  const shown = page.getByTestId("shown-once");
  await expect(shown).toHaveText(/^mcpk_/);
  const key = (await shown.textContent())!;
  await expectAccessible(page, "khoá vừa cấp");
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `e2e/.artifacts/postal-partner-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Shown once: a reload lists only the prefix.
  await page.goto("/quan-tri/doi-tac");
  await expect(page.getByTestId("shown-once")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);
  const prefix = key.slice(0, 13);
  await expect(page.getByRole("region", { name: /Bưu cục thử nghiệm/ }).getByText(`${prefix}…`)).toBeVisible();

  // The key works on the API, then stops working once revoked.
  const before = await page.request.get("/api/postal/v1/orders?status=open", { headers: { Authorization: `Bearer ${key}` } });
  expect(before.status()).toBe(200);
  await page.getByRole("button", { name: `Thu hồi khoá ${prefix}` }).click();
  await expect(page.getByRole("status")).toContainText("Đã thu hồi khoá API");
  await expect(page.getByRole("region", { name: /Bưu cục thử nghiệm/ }).getByRole("cell", { name: "Đã thu hồi" })).toBeVisible();
  const after = await page.request.get("/api/postal/v1/orders?status=open", { headers: { Authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
  expect(((await after.json()) as { error: { message: string } }).error.message).toContain("thu hồi");
  await expectAccessible(page, "sau khi thu hồi");
});
