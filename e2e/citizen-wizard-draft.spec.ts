/**
 * A draft resumed on another device (issue 11 §4): saved on the server with its file, opened from the
 * drafts page in a second browser signed in to the same account, the stale first page refused rather
 * than overwriting, validated in the browser with the server's schema, reviewed and submitted; a
 * second draft deleted. axe on every wizard page in both languages at 375 and 1280 px.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible, samplePdf, signIn } from "./support";

const SHOTS = "e2e/.artifacts/screenshots";

async function device(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
  return context.newPage();
}

/** axe and a screenshot at both widths. */
async function check(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${name} at ${width} px`);
    await page.screenshot({ path: `${SHOTS}/wizard-${name}-${width}.png`, fullPage: true });
  }
}

test("a draft saved on one device is resumed on another, a stale save is refused, then reviewed and submitted", async ({ browser, baseURL }) => {
  const business = `Hộ kinh doanh Nháp ${Date.now()}`;
  const laptop = await device(browser, baseURL);
  await signIn(laptop, "congdan");
  await laptop.goto("/thu-tuc/1.001612/nop-truc-tuyen");
  await check(laptop, "1-form");
  await laptop.getByLabel("Tên hộ kinh doanh").fill(business);
  await laptop.getByLabel("Vốn kinh doanh (đồng)").fill("50.000.000");
  await laptop.getByLabel("Giấy đề nghị đăng ký hộ kinh doanh").setInputFiles(samplePdf("giay-de-nghi.pdf"));
  // "Lưu nháp" saves whatever is there, unchecked.
  await laptop.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(laptop.getByRole("status")).toContainText("Đã lưu nháp");
  const draftId = new URL(laptop.url()).searchParams.get("nhap")!;
  expect(draftId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(laptop.getByTestId("kept-0")).toContainText("giay-de-nghi.pdf");

  // The phone: the same account, another browser. The draft is on the drafts page.
  const phone = await device(browser, baseURL);
  await phone.setViewportSize({ width: 375, height: 800 });
  await signIn(phone, "congdan");
  await phone.goto("/ho-so-nhap");
  await check(phone, "drafts");
  await phone.locator(`a[href*="nhap=${draftId}"]`).click();
  await expect(phone.getByLabel("Tên hộ kinh doanh")).toHaveValue(business);
  await expect(phone.getByLabel("Vốn kinh doanh (đồng)")).toHaveValue("50.000.000");
  await expect(phone.getByTestId("kept-0")).toContainText("giay-de-nghi.pdf");
  await phone.getByLabel("Ngành, nghề kinh doanh").fill("Bán lẻ đồ uống");
  await phone.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(phone.getByRole("status")).toContainText("Đã lưu nháp");

  // The laptop still shows the first version: its save is refused, and what it typed stays on screen.
  await laptop.getByLabel("Địa chỉ trụ sở hộ kinh doanh").fill("Thôn Lạc Thành, xã Đông La");
  await laptop.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(laptop.locator("#error-summary")).toContainText("Bản nháp đã được lưu từ một thiết bị hoặc cửa sổ khác");
  await expect(laptop.getByLabel("Địa chỉ trụ sở hộ kinh doanh")).toHaveValue("Thôn Lạc Thành, xã Đông La");

  // In the browser, "Tiếp tục" checks with the server's schema before sending: a wrong CCCD.
  await phone.getByLabel("Số định danh cá nhân (CCCD)").fill("12345");
  await phone.getByRole("button", { name: "Tiếp tục" }).click();
  const summary = phone.locator("#error-summary");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: '"Số định danh cá nhân (CCCD)" phải là số định danh cá nhân (CCCD) gồm 12 chữ số.' })).toBeVisible();
  await expect(phone.locator("#applicantIdNumber-error")).toHaveText('"Số định danh cá nhân (CCCD)" phải là số định danh cá nhân (CCCD) gồm 12 chữ số.');
  await check(phone, "1-form-errors");

  await phone.getByLabel("Số định danh cá nhân (CCCD)").fill("034 090 001 234");
  await phone.getByLabel("Địa chỉ trụ sở hộ kinh doanh").fill("Thôn Lạc Thành, xã Đông La, huyện Đông Hưng");
  await phone.getByLabel("Bản sao thẻ căn cước của chủ hộ kinh doanh").setInputFiles(samplePdf("cccd.pdf"));
  await phone.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Xem lại hồ sơ trước khi nộp");
  await expect(phone.getByText("Bán lẻ đồ uống")).toBeVisible();
  await check(phone, "2-review");
  await phone.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(phone.getByText("Nộp hồ sơ thành công")).toBeVisible();
  await expect(phone.getByTestId("expected-date")).toContainText("Ngày dự kiến có kết quả");

  // Gone from the drafts of both devices.
  await laptop.goto("/ho-so-nhap");
  await expect(laptop.locator(`a[href*="nhap=${draftId}"]`)).toHaveCount(0);

  // Another draft, deleted from the list.
  await laptop.goto("/thu-tuc/1.001193/nop-truc-tuyen");
  await laptop.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(laptop.getByRole("status")).toContainText("Đã lưu nháp");
  const second = new URL(laptop.url()).searchParams.get("nhap")!;
  expect(second).toMatch(/^[0-9a-f-]{36}$/);
  await laptop.goto("/ho-so-nhap");
  await laptop.getByTestId("draft").filter({ has: laptop.locator(`a[href*="nhap=${second}"]`) }).getByRole("button", { name: /^Xoá/ }).click();
  await expect(laptop.getByRole("status")).toHaveText("Đã xoá bản nháp.");
  await expect(laptop.locator(`a[href*="nhap=${second}"]`)).toHaveCount(0);
  await laptop.context().close();
  await phone.context().close();
});

test("the wizard's pages in English pass axe at 375 and 1280 px", async ({ browser, baseURL }) => {
  const page = await device(browser, baseURL);
  await signIn(page, "congdan");
  // English from here on (the language cookie the header's switch sets).
  await page.context().addCookies([{ name: "motcua_lang", value: "en", url: baseURL ?? "http://localhost:3100" }]);
  await page.goto("/thu-tuc/1.001612/nop-truc-tuyen");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await check(page, "en-1-form");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator("#error-summary")).toBeFocused();
  await expect(page.locator("#error-summary").getByRole("heading")).toHaveText("There is a problem");
  await expect(page.locator("#error-summary").getByRole("link", { name: 'Enter "Tên hộ kinh doanh".' })).toHaveAttribute("href", "#f_businessName");
  await check(page, "en-1-form-errors");
  await page.getByRole("button", { name: "Save draft" }).click();
  await page.goto("/ho-so-nhap");
  await check(page, "en-drafts");
  await page.context().close();
});
