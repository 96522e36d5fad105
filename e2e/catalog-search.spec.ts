/**
 * The catalog as a citizen uses it, without JavaScript: search with a typo, no match with its
 * suggestions and advice, filters and pages as plain GET links, the procedure page with its
 * receiving offices (one per commune, searchable). At 375 and 1280 px, in Vietnamese and English,
 * with no axe finding and no sideways scrolling.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible } from "./support";

const SHOTS = "e2e/.artifacts/screenshots";

// axe runs inside the page, so the pages it checks have JavaScript; the journeys run without.
async function newPage(browser: Browser, language: "vi" | "en", width: number, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
  if (language === "en") await context.addCookies([{ name: "motcua_lang", value: "en", url: test.info().project.use.baseURL ?? "http://localhost:3100" }]);
  return context.newPage();
}

async function look(page: Page, name: string, language: string, width: number) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${name} (${language}, ${width} px)`);
  await page.screenshot({ path: `${SHOTS}/catalog-${name}-${language}-${width}.png`, fullPage: true });
  // What a phone shows first, and the documents and offices further down, readable at their size.
  await page.screenshot({ path: `${SHOTS}/catalog-${name}-${language}-${width}-top.png` });
  if (await page.locator("#documents").count()) {
    await page.locator("#documents").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/catalog-${name}-${language}-${width}-documents.png` });
    await page.locator("#noi-tiep-nhan").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/catalog-${name}-${language}-${width}-offices.png` });
  }
}

test("search tolerates typos, suggests when nothing matches, filters and pages without JavaScript", async ({ browser }) => {
  const page = await newPage(browser, "vi", 1280, false);
  await page.goto("/");
  await page.getByLabel("Tìm thủ tục").fill("khai sihn");
  await page.getByRole("button", { name: "Tìm kiếm" }).click();
  await expect(page.getByTestId("catalog-summary")).toContainText('Không có thủ tục chứa đúng các từ "khai sihn"');
  await expect(page.getByRole("link", { name: "Thủ tục đăng ký khai sinh", exact: true })).toBeVisible();

  await page.goto("/thu-tuc?q=hochieu");
  await expect(page.getByTestId("catalog-summary")).toHaveText('Không tìm thấy thủ tục nào cho "hochieu".');
  await expect(page.getByTestId("suggestions").getByRole("link", { name: /hộ chiếu phổ thông ở trong nước/ })).toBeVisible();
  await expect(page.getByText("Kiểm tra chính tả")).toBeVisible();

  await page.goto("/thu-tuc");
  await page.getByLabel("Lĩnh vực", { exact: true }).selectOption("Hộ tịch");
  await page.getByLabel("Cấp thực hiện", { exact: true }).selectOption("commune");
  await page.getByRole("button", { name: "Áp dụng bộ lọc" }).click();
  await expect(page).toHaveURL(/linh-vuc=H%E1%BB%99\+t%E1%BB%8Bch|linh-vuc=H%E1%BB%99%20t%E1%BB%8Bch/);
  await expect(page.getByTestId("catalog-summary")).toContainText("thủ tục.");
  await page.goto("/thu-tuc");
  await page.getByRole("navigation", { name: "Phân trang" }).getByRole("link", { name: "Trang sau" }).click();
  await expect(page).toHaveURL(/trang=2/);
  await expect(page.getByRole("navigation", { name: "Phân trang" }).getByRole("link", { name: "Trang 2 / 5" })).toHaveAttribute("aria-current", "page");
});

test("the procedure page lists every commune that receives it, searchable", async ({ browser }) => {
  const page = await newPage(browser, "vi", 1280, false);
  await page.goto("/thu-tuc/1.001193");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thủ tục đăng ký khai sinh");
  await expect(page.getByText("1.001193.000.00.00.H54")).toBeVisible();
  await expect(page.getByRole("link", { name: "Nộp hồ sơ trực tuyến" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Trình tự thực hiện" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Cách thức thực hiện" })).toBeVisible();
  await page.getByLabel("Tìm nơi tiếp nhận").fill("Đông La");
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(page.locator(".catalog-receivers li")).toHaveCount(1);
  await expect(page.locator(".catalog-receivers")).toContainText("UBND xã Đông La");
  await expect(page.locator(".catalog-receivers")).toContainText("07:00–11:30");
  // A doubtful fee is marked as such.
  await page.goto("/thu-tuc/1.001612");
  await expect(page.getByText("⚠ Cần đối chiếu với Cổng Dịch vụ công quốc gia").first()).toBeVisible();
});

for (const language of ["vi", "en"] as const) {
  for (const width of [375, 1280]) {
    test(`catalog pages in ${language} at ${width} px`, async ({ browser }) => {
      const page = await newPage(browser, language, width);
      await page.goto("/");
      await look(page, "home", language, width);
      await page.goto("/thu-tuc?q=khai+sinh");
      await look(page, "list", language, width);
      await page.goto("/thu-tuc?q=hochieu");
      await look(page, "no-match", language, width);
      await page.goto("/thu-tuc/1.001193");
      await look(page, "procedure", language, width);
      await page.goto("/thu-tuc/1.013225");
      await look(page, "procedure-building", language, width);
    });
  }
}
