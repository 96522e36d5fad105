/**
 * Steps every journey shares: signing in and out as a demo user, the accessibility check, and the
 * officers' acts on a dossier page and on the signing page.
 */
import AxeBuilder from "@axe-core/playwright";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../db/demo-data";

export async function signIn(page: Page, username: string) {
  await page.goto("/dang-nhap");
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();
}

/** WCAG 2.1 AA: no serious or critical axe violations on the page as it stands. */
export async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  // Any impact fails: minor and moderate findings are barriers too.
  expect(results.violations.map((v) => `${name}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** A tiny file that passes the upload check (the bytes start with %PDF). */
export const samplePdf = (name: string) => ({
  name,
  mimeType: "application/pdf",
  buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
});

/**
 * Opens a dossier from the officer's queues (issue 10): the first queue is the default page; when the
 * dossier waits in another one (a result to return, a dossier received but not yet transferred), the
 * queue tabs are followed in order until it shows.
 */
export async function openFromInbox(page: Page, code: string) {
  await page.goto("/can-bo");
  await expectAccessible(page, "inbox");
  const link = page.getByRole("link", { name: code, exact: true });
  if ((await link.count()) === 0) {
    const tabs = page.getByRole("navigation", { name: "Hàng đợi hồ sơ" }).getByRole("link");
    const hrefs = await tabs.evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs.slice(1)) {
      await page.goto(href);
      if ((await link.count()) > 0) break;
    }
  }
  await link.click();
  await expect(page.getByTestId("code")).toHaveText(code);
}

/** A signature on the signing page: the document in view, the password re-entered, the act confirmed. */
export async function signOnSigningPage(page: Page, link: string, button: string, expectedStatus: string, options: { shots?: string; earlierSigners?: string[] } = {}) {
  const { shots } = options;
  await page.getByRole("link", { name: link }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(link);
  const preview = page.getByRole("img", { name: /Trang 1\/\d+ của văn bản trình ký/ });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(300);
  for (const name of options.earlierSigners ?? []) await expect(page.getByTestId("earlier-signatures")).toContainText(`${name} —`);
  if (shots) {
    await expectAccessible(page, `signing page (${shots})`);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.resolve("e2e/.artifacts/screens", `${shots}-${width}.png`), fullPage: true });
    }
    // A wrong password signs nothing and says so.
    await page.getByLabel("Nhập lại mật khẩu để xác nhận ký số").fill("khong-dung");
    await page.getByRole("button", { name: button }).click();
    await expect(page.getByRole("alert")).toContainText("Mật khẩu xác nhận không đúng");
    await expectAccessible(page, `signing page with an error (${shots})`);
  }
  await page.getByLabel("Nhập lại mật khẩu để xác nhận ký số").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByRole("status")).toContainText("Đã thực hiện");
  await expect(page.getByTestId("status")).toHaveText(expectedStatus);
}

export async function act(page: Page, button: string, expectedStatus: string) {
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByRole("status")).toContainText("Đã thực hiện");
  await expect(page.getByTestId("status")).toHaveText(expectedStatus);
}

/** Fills the household-business e-form (1.001612) with its two required files, without submitting it. */
export async function fillHouseholdBusinessForm(page: Page) {
  await page.getByLabel("Tên hộ kinh doanh").fill("Hộ kinh doanh Tạp hoá An Bình");
  await page.getByLabel("Địa chỉ trụ sở hộ kinh doanh").fill("Thôn Lạc Thành, xã Đông La, huyện Đông Hưng");
  await page.getByLabel("Ngành, nghề kinh doanh").fill("Bán lẻ hàng tạp hoá, đồ uống");
  await page.getByLabel("Vốn kinh doanh (đồng)").fill("100000000");
  await page.getByLabel("Giấy đề nghị đăng ký hộ kinh doanh").setInputFiles(samplePdf("giay-de-nghi.pdf"));
  await page.getByLabel("Bản sao thẻ căn cước của chủ hộ kinh doanh").setInputFiles(samplePdf("cccd.pdf"));
}

/** Submits the demo household-business procedure online as the signed-in citizen, through the wizard; its code. */
export async function submitHouseholdBusinessOnline(page: Page): Promise<string> {
  await page.goto("/thu-tuc/1.001612/nop-truc-tuyen");
  await fillHouseholdBusinessForm(page);
  // The wizard: the form, then the review page.
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByText("Nộp hồ sơ thành công")).toBeVisible();
  return (await page.getByTestId("dossier-code").textContent())!.trim();
}

/**
 * A full-page screenshot at 375 and 1280 px into e2e/.artifacts/screenshots/<name>-<width>.png, with
 * no sideways scrolling on a phone (wide tables scroll inside their own box); back to 1280 after.
 */
export async function screenshotAtBothWidths(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.resolve("e2e/.artifacts/screenshots", `${name}-${width}.png`), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
