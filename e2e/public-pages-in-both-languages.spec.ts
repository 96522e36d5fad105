/**
 * Every public and citizen page in Vietnamese and in English, at a phone's width and a desktop's:
 * no axe finding of any impact, no sideways scrolling from 360 px, the page's language declared, the
 * frame (header landmark with the reading controls and the language switch, footer) on every page,
 * the error pages included. The language switch works without JavaScript.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../db/demo-data";
import { expectAccessible } from "./support";

const SHOTS = "e2e/.artifacts/screenshots";

/** Pages anyone may open, with the heading each shows in each language. */
const PUBLIC_PAGES: { path: string; name: string; status?: number }[] = [
  { path: "/", name: "home" },
  { path: "/thu-tuc", name: "catalog" },
  { path: "/thu-tuc?q=khai+sinh", name: "catalog-search" },
  { path: "/thu-tuc/1.001193", name: "procedure" },
  { path: "/tra-cuu", name: "lookup" },
  { path: "/tra-cuu/xac-thuc", name: "verify" },
  { path: "/thong-ke", name: "statistics" },
  { path: "/dang-nhap", name: "sign-in" },
  { path: "/dang-ky", name: "register" },
  { path: "/quen-mat-khau", name: "forgotten-password" },
  { path: "/khong-co-trang-nay", name: "not-found", status: 404 },
];

/** Pages of a signed-in citizen (the demo citizen), the 403 page among them. */
const CITIZEN_PAGES: { path: string; name: string; status?: number }[] = [
  { path: "/ho-so-cua-toi", name: "my-dossiers" },
  { path: "/ho-so-nhap", name: "drafts" },
  { path: "/tai-khoan", name: "account" },
  { path: "/tai-khoan/phien", name: "sessions" },
  { path: "/thu-tuc/1.001193/nop-truc-tuyen", name: "wizard" },
  { path: "/can-bo", name: "forbidden", status: 403 },
];

async function newPage(browser: Browser, language: "vi" | "en", width: number, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
  if (language === "en") await context.addCookies([{ name: "motcua_lang", value: "en", url: test.info().project.use.baseURL ?? "http://localhost:3100" }]);
  return context.newPage();
}

async function signInAsCitizen(page: Page) {
  await page.goto("/dang-nhap");
  await page.locator("#username").fill("congdan");
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.locator("form[action^='/dang-nhap'] button[type=submit], main form button[type=submit]").first().click();
  await expect(page.getByTestId("language-switch")).toBeVisible();
  await expect(page.locator("header form[action='/dang-xuat']")).toBeVisible();
}

async function checkFrame(page: Page, language: "vi" | "en", name: string, width: number) {
  await expect(page.locator("html")).toHaveAttribute("lang", language);
  // The reading controls and the language switch live inside the header landmark.
  await expect(page.locator("header").getByTestId("language-switch")).toBeVisible();
  await expect(page.locator("header").locator("button[aria-pressed]")).toHaveCount(2);
  await expect(page.locator("footer")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Responsive: nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${name} (${language}, ${width} px)`);
  await page.screenshot({ path: `${SHOTS}/both-languages-${name}-${language}-${width}.png`, fullPage: true });
}

for (const language of ["vi", "en"] as const) {
  for (const width of [375, 1280]) {
    test(`public pages in ${language} at ${width} px`, async ({ browser }) => {
      const page = await newPage(browser, language, width);
      for (const p of PUBLIC_PAGES) {
        const response = await page.goto(p.path);
        expect(response?.status(), p.path).toBe(p.status ?? 200);
        await checkFrame(page, language, p.name, width);
      }
      await page.context().close();
    });

    test(`citizen pages in ${language} at ${width} px`, async ({ browser }) => {
      const page = await newPage(browser, language, width);
      await signInAsCitizen(page);
      for (const p of CITIZEN_PAGES) {
        const response = await page.goto(p.path);
        expect(response?.status(), p.path).toBe(p.status ?? 200);
        await checkFrame(page, language, p.name, width);
      }
      await page.context().close();
    });
  }
}

test("the language switch works without JavaScript and comes back to the same page", async ({ browser }) => {
  const page = await newPage(browser, "vi", 360, false);
  await page.goto("/tra-cuu/xac-thuc");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xác thực văn bản điện tử");
  await page.getByTestId("language-switch").click();
  await expect(page).toHaveURL(/\/tra-cuu\/xac-thuc$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Verify an electronic document");
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Administrative procedures" })).toBeVisible();
  // The 404 page keeps the frame and the chosen language.
  expect((await page.goto("/khong-co-trang-nay"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await page.getByTestId("language-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
  await page.context().close();
});

test("after moving between pages by links (with JavaScript), the switch stays on the page in view", async ({ browser }) => {
  const page = await newPage(browser, "vi", 1280);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Tra cứu hồ sơ" }).click();
  await expect(page).toHaveURL(/\/tra-cuu$/);
  await page.getByTestId("language-switch").click();
  await expect(page).toHaveURL(/\/tra-cuu$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.context().close();
});
