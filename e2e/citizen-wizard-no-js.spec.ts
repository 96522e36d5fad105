/**
 * The whole submission wizard without JavaScript (issue 11 §4): the server validates with the one
 * schema, answers with the GOV.UK error summary focused at the top and the messages tied to their
 * inputs, keeps what was typed and uploaded (in the draft), then the review page, the choice of how
 * the result comes, and a submission that a replay cannot repeat.
 */
import { expect, test, type Page } from "@playwright/test";
import { samplePdf, signIn } from "./support";

test.use({ javaScriptEnabled: false });

const SHOTS = "e2e/.artifacts/screenshots";

async function shots(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/wizard-no-js-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a citizen submits through the wizard without JavaScript: errors summarised and focused, files kept, review, one dossier", async ({ page }) => {
  const business = `Hộ kinh doanh Không Script ${Date.now()}`;
  await signIn(page, "congdan");
  await page.goto("/thu-tuc/1.001612/nop-truc-tuyen");
  // The applicant section comes from the profile.
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Nguyễn Văn An");
  await page.getByLabel("Số điện thoại").fill("12345");
  await page.getByLabel("Tên hộ kinh doanh").fill(business);
  await page.getByLabel("Địa chỉ trụ sở hộ kinh doanh").fill("Thôn Lạc Thành, xã Đông La, huyện Đông Hưng");
  await page.getByLabel("Ngành, nghề kinh doanh").fill("Bán lẻ hàng tạp hoá");
  await page.getByLabel("Vốn kinh doanh (đồng)").fill("100.000.000");
  await page.getByLabel("Giấy đề nghị đăng ký hộ kinh doanh").setInputFiles(samplePdf("giay-de-nghi.pdf"));
  await page.getByRole("button", { name: "Tiếp tục" }).click();

  // The summary: at the top, focused, one link per field at fault; the message beside each input too.
  const summary = page.locator("#error-summary");
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("heading")).toHaveText("Có lỗi cần sửa");
  const phoneMessage = '"Số điện thoại" không phải số điện thoại Việt Nam hợp lệ (ví dụ 0912 345 678).';
  await expect(summary.getByRole("link", { name: phoneMessage })).toHaveAttribute("href", "#applicantPhone");
  await expect(summary.getByRole("link", { name: 'Vui lòng đính kèm "Bản sao thẻ căn cước của chủ hộ kinh doanh".' })).toHaveAttribute("href", "#doc-1");
  await expect(page.locator("#applicantPhone-error")).toHaveText(phoneMessage);
  await expect(page.getByLabel("Số điện thoại")).toHaveAttribute("aria-describedby", "applicantPhone-hint applicantPhone-error");
  await expect(page.getByLabel("Số điện thoại")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#applicantPhone-hint")).toHaveText("Ví dụ 0912 345 678 hoặc +84 912 345 678.");
  // Nothing is lost: the values typed and the file uploaded.
  await expect(page.getByLabel("Tên hộ kinh doanh")).toHaveValue(business);
  await expect(page.getByTestId("kept-0")).toContainText('Đã nhận tệp "giay-de-nghi.pdf"');
  await shots(page, "1-form-errors");

  // Fixed the way people write a phone; the second file; on to the review.
  await page.getByLabel("Số điện thoại").fill("+84 912.345.678");
  await page.getByLabel("Bản sao thẻ căn cước của chủ hộ kinh doanh").setInputFiles(samplePdf("cccd.pdf"));
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xem lại hồ sơ trước khi nộp");
  await expect(page.getByText(business)).toBeVisible();
  // As typed, with the grouping (a money field also says "đồng").
  await expect(page.locator("dd", { hasText: "100.000.000" })).toBeVisible();
  await expect(page.getByTestId("review-files")).toContainText("giay-de-nghi.pdf");
  await expect(page.getByTestId("review-files")).toContainText("cccd.pdf");
  await expect(page.getByTestId("review-agency")).not.toBeEmpty();
  await expect(page.getByTestId("review-expected")).not.toBeEmpty();
  await shots(page, "2-review");

  // By post, without the address: the summary again, on the review page.
  await page.getByLabel("Qua dịch vụ bưu chính công ích").check();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link", { name: /Vui lòng nhập địa chỉ nhận kết quả/ })).toHaveAttribute("href", "#deliveryAddress");
  await expect(page.getByLabel("Qua dịch vụ bưu chính công ích")).toBeChecked();
  await shots(page, "3-review-errors");

  await page.locator("#deliveryAddress").fill("Số 5 phố Lê Lợi, phường Đề Thám");
  await page.locator("#deliveryDistrict").selectOption("336");
  const key = await page.locator('input[name="idempotencyKey"]').inputValue();
  const version = await page.locator('input[name="draftVersion"]').inputValue();
  const reviewUrl = page.url();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByText("Nộp hồ sơ thành công")).toBeVisible();
  const code = (await page.getByTestId("dossier-code").textContent())!.trim();
  await shots(page, "4-confirmation");

  // A replay of the same submission (the back button, a double click that arrives late) makes no second dossier.
  const replay = await page.request.post(reviewUrl, {
    form: { resultDelivery: "1", deliveryAddress: "Số 5 phố Lê Lợi, phường Đề Thám", deliveryDistrict: "336", draftVersion: version, idempotencyKey: key },
    headers: { Origin: new URL(page.url()).origin },
    maxRedirects: 0,
  });
  expect(replay.status()).toBe(302);
  expect(replay.headers()["location"]).toBe(`/ho-so/${code}?da-nop=1`);
  // The draft became the dossier: it is no longer in the list.
  await page.goto("/ho-so-nhap");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hồ sơ nháp");
  await expect(page.locator(`a[href*="${reviewUrl.split("/")[4]}"]`)).toHaveCount(0);
});
