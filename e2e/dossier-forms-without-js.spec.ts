/**
 * The dossier page's action forms without JavaScript (issue 8, point 7): the server validates with
 * the same zod schema, answers in Vietnamese, keeps what was typed, and the action then works.
 */
import { expect, test } from "@playwright/test";
import { samplePdf, signIn } from "./support";

test.use({ javaScriptEnabled: false });

test("a citizen withdraws a dossier without JavaScript; a missing confirmation keeps the typed reason", async ({ page }) => {
  await signIn(page, "congdan");
  await page.goto("/thu-tuc/1.001612/nop-truc-tuyen");
  await page.getByLabel("Tên hộ kinh doanh").fill("Hộ kinh doanh Tạp hoá An Bình");
  await page.getByLabel("Địa chỉ trụ sở hộ kinh doanh").fill("Thôn Lạc Thành, xã Đông La, huyện Đông Hưng");
  await page.getByLabel("Ngành, nghề kinh doanh").fill("Bán lẻ hàng tạp hoá");
  await page.getByLabel("Vốn kinh doanh (đồng)").fill("100000000");
  await page.getByLabel("Giấy đề nghị đăng ký hộ kinh doanh").setInputFiles(samplePdf("giay-de-nghi.pdf"));
  await page.getByLabel("Bản sao thẻ căn cước của chủ hộ kinh doanh").setInputFiles(samplePdf("cccd.pdf"));
  // The wizard: the form, then the review page.
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Mới đăng ký");

  await page.locator("summary", { hasText: "Rút hồ sơ" }).click();
  await page.getByLabel("Lý do rút hồ sơ").fill("Nộp nhầm thủ tục.");
  await page.getByRole("button", { name: "Rút hồ sơ" }).click();
  await expect(page.getByRole("alert")).toHaveText("Vui lòng đánh dấu xác nhận rút hồ sơ.");
  // The server's answer re-renders the form open, with the reason as typed.
  await expect(page.getByLabel("Lý do rút hồ sơ")).toHaveValue("Nộp nhầm thủ tục.");
  await page.getByLabel(/Tôi xác nhận rút hồ sơ/).check();
  await page.getByRole("button", { name: "Rút hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Công dân yêu cầu rút hồ sơ");
  await expect(page.getByText("Đã thực hiện: Rút hồ sơ.")).toBeVisible();
});
