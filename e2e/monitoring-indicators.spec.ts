/**
 * Issue 12: the monitor's indicator page (Decision 766) and the public statistics. The monitor opens
 * the indicators, changes the period without JavaScript, downloads a table and follows a numerator to
 * its dossiers; an anonymous visitor reads the public statistics (cached, no link to any dossier) in
 * both languages. At 1280 and 375 px, axe clean, no sideways scrolling. The figures are whatever the
 * rollup holds when the spec runs: it adds no data.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { expectAccessible, signIn } from "./support";

const SHOTS = "e2e/.artifacts/screenshots";

async function newPage(browser: Browser, width: number, options: { language?: "vi" | "en"; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  if (options.language === "en") await context.addCookies([{ name: "motcua_lang", value: "en", url: test.info().project.use.baseURL ?? "http://localhost:3100" }]);
  return context.newPage();
}

async function look(page: Page, name: string, width: number) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${name} (${width} px)`);
  await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
}

const GROUPS = ["Công khai, minh bạch", "Tiến độ giải quyết", "Dịch vụ công trực tuyến", "Thanh toán trực tuyến", "Số hoá hồ sơ", "Mức độ hài lòng"];

for (const width of [1280, 375]) {
  test(`the monitor reads the indicators at ${width} px and follows a numerator to its dossiers`, async ({ browser }) => {
    const page = await newPage(browser, width);
    await signIn(page, "giamsat");
    const response = await page.goto("/giam-sat/chi-so");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bộ chỉ số phục vụ người dân, doanh nghiệp");
    // The groups of Decision 766, in order.
    const groups = page.locator("section.indicator-group > h2");
    await expect(groups).toHaveText(GROUPS);
    // Each indicator: its formula beside the value, a percent or "no dossier yet", never a bare 0 of nothing.
    const onTime = page.getByTestId("indicator-onTime");
    await expect(onTime.getByRole("heading", { level: 3 })).toHaveText("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn");
    await expect(onTime).toContainText("(Số hồ sơ trước hạn + Số hồ sơ đúng hạn) ÷ Số hồ sơ đã giải quyết × 100%");
    const denominator = Number((await onTime.getByTestId("indicator-denominator").getByRole("link").innerText()).replace(/\D/g, ""));
    await expect(onTime.getByTestId("indicator-value")).toHaveText(denominator === 0 ? "Chưa có hồ sơ" : /^\d{1,3}(,\d)?%$/);
    await expect(page.getByTestId("data-age")).toContainText(/Số liệu (tổng hợp lúc|chưa được tổng hợp)/);
    await look(page, "indicators", width);
    // In English (the cookie only: the switch would also store the choice on the shared demo account).
    await page.context().addCookies([{ name: "motcua_lang", value: "en", url: test.info().project.use.baseURL ?? "http://localhost:3100" }]);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Service indicators for citizens and businesses");
    await expect(page.locator("section.indicator-group > h2")).toHaveText(["Transparency", "Progress", "Online service", "Online payment", "Digitisation", "Satisfaction"]);
    await expect(page.getByTestId("indicator-onTime")).toContainText("(Early + on time) ÷ resolved × 100%");
    await look(page, "indicators-en", width);
    await page.context().clearCookies({ name: "motcua_lang" });
    await page.reload();

    // A numerator that sums two measures links each: here the early dossiers.
    const early = onTime.getByTestId("indicator-numerator").getByRole("link").first();
    const href = await early.getAttribute("href");
    expect(href).toMatch(/^\/giam-sat\/ho-so\?do-do=early&ky=month&gia-tri=\d{4}-\d{2}$/);
    await early.click();
    await expect(page).toHaveURL(new RegExp(`${href!.replace(/[?]/g, "\\?")}$`));
    await page.context().close();
  });
}

test("the period form works without JavaScript, and each table downloads as CSV and Excel", async ({ browser }) => {
  const page = await newPage(browser, 1280, { javaScriptEnabled: false });
  await signIn(page, "giamsat");
  await page.goto("/giam-sat/chi-so");
  await page.getByLabel("Loại kỳ").selectOption("year");
  await page.getByLabel("Kỳ (tháng, quý hoặc năm)").fill("2026");
  await page.getByRole("button", { name: "Xem" }).click();
  await expect(page).toHaveURL(/ky=year&gia-tri=2026/);
  await expect(page.locator(".report-facts")).toContainText("Kỳ: Năm 2026");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải CSV: Bảng chỉ số" }).click()]);
  expect(csv.suggestedFilename()).toBe("chi-so-2026.csv");
  const text = await readFile((await csv.path())!, "utf8");
  expect(text).toContain("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn");
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải Excel: Bảng chỉ số" }).click()]);
  expect(xlsx.suggestedFilename()).toBe("chi-so-2026.xlsx");
  // A citizen has no reports permission.
  await page.context().close();
  const citizen = await newPage(browser, 1280);
  await signIn(citizen, "congdan");
  expect((await citizen.goto("/giam-sat/chi-so"))?.status()).toBe(403);
  // Signed in, the public page's frame carries the visitor's name: no shared cache may keep it.
  const signedIn = await citizen.request.get("/thong-ke");
  expect(signedIn.status()).toBe(200);
  expect(signedIn.headers()["cache-control"]).toBe("no-store");
  await citizen.context().close();
});

for (const width of [1280, 375]) {
  test(`an anonymous visitor reads the public statistics at ${width} px, in Vietnamese and English`, async ({ browser }) => {
    const page = await newPage(browser, width);
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await page.getByRole("contentinfo").getByRole("link", { name: "Thống kê giải quyết hồ sơ" }).click();
    await expect(page).toHaveURL(/\/thong-ke$/);
    const direct = await page.request.get("/thong-ke");
    expect(direct.status()).toBe(200);
    expect(direct.headers()["cache-control"]).toBe("public, max-age=300");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thống kê giải quyết thủ tục hành chính");
    await expect(page.getByRole("heading", { level: 2, name: /Toàn tỉnh .* — Năm \d{4} \(đến nay\)/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /Các tỷ lệ chính/ })).toBeVisible();
    await expect(page.getByTestId("figure-received")).toContainText("Hồ sơ đã tiếp nhận");
    // Figures only: nothing on the page leads to a dossier.
    expect(await page.locator("main a[href*='/ho-so']").count()).toBe(0);
    await look(page, "public-statistics", width);

    await page.getByTestId("language-switch").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Statistics of administrative procedures");
    await expect(page.getByRole("img", { name: /Main rates/ })).toBeVisible();
    await look(page, "public-statistics-en", width);
    await page.context().close();
  });
}

test("the public statistics without JavaScript: a quarter, a download, a refused parameter", async ({ browser }) => {
  const page = await newPage(browser, 375, { javaScriptEnabled: false });
  await page.goto("/thong-ke");
  await page.getByLabel("Loại kỳ").selectOption("quarter");
  await page.getByLabel("Kỳ", { exact: true }).fill("2026-Q4");
  await page.getByRole("button", { name: "Xem" }).click();
  await expect(page).toHaveURL(/ky=quarter&gia-tri=2026-Q4/);
  await expect(page.getByRole("heading", { level: 2, name: /Quý IV\/2026/ })).toBeVisible();
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải CSV: Số liệu chính" }).click()]);
  expect(csv.suggestedFilename()).toBe("so-lieu-chinh-2026-Q4.csv");
  expect(await readFile((await csv.path())!, "utf8")).toContain("Hồ sơ đã tiếp nhận");
  expect((await page.goto("/thong-ke?ky=custom&tu=2026-01&den=2026-02"))?.status()).toBe(400);
  expect((await page.goto("/thong-ke?co-quan=999999"))?.status()).toBe(400);
  await page.context().close();
});
