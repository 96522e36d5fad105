/**
 * The leader's day (issue 10): five dossiers wait for her signature; from a phone-wide screen
 * (375 px) lanhdao.huyen previews them, selects all five and confirms once with her password. Each
 * gets its own signature and event; each signed result verifies with poppler's pdfsig.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../db/demo-data";
import { act, expectAccessible, signIn, signOut } from "./support";
import { escapeRegExp, receiveAndTransfer, screenshots, shoot, submitHouseholdBusinessDossiers } from "./drafting-support";

const run = promisify(execFile);

/** Signs every document the page offers (new register numbers follow the list's order), ours among them. */
async function bulkSignAll(page: Page, codes: string[], button: string) {
  await page.goto("/can-bo/ky-so");
  for (const box of await page.getByRole("checkbox").all()) if (await box.isEnabled()) await box.check();
  await page.getByLabel("Nhập lại mật khẩu để xác nhận ký số").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: button }).click();
  const results = page.getByTestId("bulk-results");
  for (const code of codes) await expect(results.locator("li", { hasText: code })).toContainText("Đã ký");
}

test("the leader bulk-signs five dossiers at once from a 375 px wide screen", async ({ page }) => {
  test.setTimeout(360_000);
  const codes = await submitHouseholdBusinessDossiers(page, 5);
  await receiveAndTransfer(page, codes);
  await signIn(page, "chuyenvien.huyen");
  for (const code of codes) {
    await page.goto(`/ho-so/${code}`);
    await act(page, "Hoàn thành thụ lý, trình lãnh đạo", "Đang xử lý");
  }
  await signOut(page);
  // The unit head initials all five the same way (ký nháy hàng loạt).
  await signIn(page, "truongphong.huyen");
  await bulkSignAll(page, codes, "Ký nháy các hồ sơ đã chọn");
  await signOut(page);

  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, "lanhdao.huyen");
  await page.goto("/can-bo/ky-so");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ký số nhiều hồ sơ");
  for (const code of codes) await expect(page.getByRole("checkbox", { name: new RegExp(escapeRegExp(code)) })).toBeEnabled();
  // Nothing is wider than the phone's screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectAccessible(page, "bulk signing");

  // She previews each: the exact document she signs, its pages as images.
  for (const code of codes) {
    await page.getByText(`Xem văn bản trình ký (1 trang) của hồ sơ ${code}`).click();
    const preview = page.getByRole("img", { name: `Trang 1/1 của văn bản trình ký, hồ sơ ${code}` });
    await expect(preview).toBeVisible();
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(300);
  }
  await page.getByRole("img", { name: `Trang 1/1 của văn bản trình ký, hồ sơ ${codes[0]}` }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshots, "leader-preview-375.png") });

  for (const code of codes) await page.getByRole("checkbox", { name: new RegExp(escapeRegExp(code)) }).check();
  await shoot(page, "bulk-signing", { keepNarrow: true });
  // A wrong password signs nothing.
  await page.getByLabel("Nhập lại mật khẩu để xác nhận ký số").fill("khong-dung");
  await page.getByRole("button", { name: "Phê duyệt và ký số các hồ sơ đã chọn" }).click();
  await expect(page.getByRole("alert")).toContainText("Mật khẩu xác nhận không đúng");
  for (const code of codes) await expect(page.getByRole("checkbox", { name: new RegExp(escapeRegExp(code)) })).toBeVisible();

  for (const code of codes) await page.getByRole("checkbox", { name: new RegExp(escapeRegExp(code)) }).check();
  await page.getByLabel("Nhập lại mật khẩu để xác nhận ký số").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Phê duyệt và ký số các hồ sơ đã chọn" }).click();
  const results = page.getByTestId("bulk-results");
  await expect(results.locator("li[data-signed=yes]")).toHaveCount(5);
  for (const code of codes) await expect(results.locator("li", { hasText: code })).toContainText("Đã ký");
  await expectAccessible(page, "bulk signing results");
  await shoot(page, "bulk-signing-done", { keepNarrow: true });

  // Each is its own act: its own event in the timeline, its own signed document that pdfsig accepts.
  for (const [i, code] of codes.entries()) {
    await page.goto(`/ho-so/${code}`);
    await expect(page.getByTestId("timeline").getByText("Phê duyệt và ký số kết quả", { exact: true })).toHaveCount(1);
    const href = await page.getByRole("link", { name: "Kết quả đã ký số, chờ đóng dấu" }).getAttribute("href");
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    const file = path.join(screenshots, "..", `bulk-signed-${code}.pdf`);
    await (await import("node:fs/promises")).writeFile(file, await response.body());
    const pdfsig = (await run("pdfsig", [file])).stdout;
    expect(pdfsig.match(/Signature is Valid/g)).toHaveLength(2);
    expect(pdfsig).toContain("Hoàng Văn Đức");
    expect(pdfsig).toContain("Phạm Thị Dung");
    const text = (await run("pdftotext", [file, "-"])).stdout.replace(/\s+/g, " ");
    expect(text).toMatch(/Số: \d+\/GCN-ĐKHKD/);
    expect(text).toContain("KT. CHỦ TỊCH");
    if (i === 0) await run("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", file, path.join(screenshots, "signed-result")]);
  }
  await signOut(page);
});
