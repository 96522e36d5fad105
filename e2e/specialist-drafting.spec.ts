/**
 * The specialist's day (issue 10): chuyenvien.huyen drafts a household-business certificate from
 * the typed template, previews the unsigned PDF, saves, leaves, comes back to it, and completes her
 * step with it; the unit head reads the appraisal note on the signing page and sends it back with
 * a note, which the specialist then sees on her drafting page.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { expectAccessible, samplePdf, signIn, signOut } from "./support";
import { receiveAndTransfer, screenshots, shoot, submitHouseholdBusinessDossiers } from "./drafting-support";

const run = promisify(execFile);

test("the specialist drafts a household-business result with a preview, saves, comes back and completes", async ({ page }) => {
  const [code] = await submitHouseholdBusinessDossiers(page, 1);
  await receiveAndTransfer(page, [code]);

  await signIn(page, "chuyenvien.huyen");
  await page.goto(`/ho-so/${code}`);
  await page.getByTestId("open-drafting").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Soạn dự thảo kết quả");
  // Prefilled from the e-form and the applicant.
  await expect(page.getByLabel("Tên hộ kinh doanh")).toHaveValue("Hộ kinh doanh Tạp hoá An Bình");
  await expect(page.getByLabel("Vốn kinh doanh (đồng)")).toHaveValue("100000000");
  await expect(page.getByLabel("Họ và tên chủ hộ kinh doanh")).toHaveValue("Nguyễn Văn An");
  await expectAccessible(page, "drafting page");

  // Bad input: the amount in words. A Vietnamese message, and what she typed is kept.
  await page.getByLabel("Mã số hộ kinh doanh").fill("34D8000123");
  await page.getByLabel("Vốn kinh doanh (đồng)").fill("một trăm triệu");
  await page.getByRole("button", { name: "Lưu dự thảo" }).click();
  await expect(page.getByRole("alert")).toContainText("phải là một số tiền");
  await expect(page.getByLabel("Mã số hộ kinh doanh")).toHaveValue("34D8000123");
  await expectAccessible(page, "drafting page with an error");

  await page.getByLabel("Vốn kinh doanh (đồng)").fill("150000000");
  await page.getByLabel("Giới tính").selectOption("Nam");
  await page.getByLabel("Ngày sinh của chủ hộ").fill("1990-05-14");
  await page.getByLabel("Nội dung tờ trình (ý kiến thẩm định của chuyên viên)").fill("Hồ sơ đầy đủ, hợp lệ. Đề nghị cấp Giấy chứng nhận đăng ký hộ kinh doanh.");
  await page.getByLabel(/Tệp tờ trình kèm theo/).setInputFiles(samplePdf("to-trinh.pdf"));
  await page.getByRole("button", { name: "Lưu dự thảo" }).click();
  await expect(page.getByRole("status")).toContainText("Đã lưu dự thảo");
  await expect(page.getByText("Đã đính kèm: to-trinh.pdf")).toBeVisible();

  // The preview: the unsigned PDF as page images, and as a file.
  const preview = page.getByRole("img", { name: /Trang 1\/\d+ của bản dự thảo/ });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(300);
  await shoot(page, "drafting-page");
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(screenshots, "draft-preview-1280.png") });
  const download = page.waitForEvent("download");
  await page.getByTestId("draft-download").click();
  const file = path.join(screenshots, `..`, `draft-${code}.pdf`);
  await (await download).saveAs(file);
  const text = (await run("pdftotext", [file, "-"])).stdout.replace(/\s+/g, " ");
  expect(text).toContain("GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH");
  expect(text).toContain("150.000.000 đồng");
  expect(text).toContain("Đông Hưng, ngày");
  expect(text).toContain("KT. CHỦ TỊCH");
  await run("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", file, path.join(screenshots, "draft-preview-pdf")]);

  // She leaves and comes back later: the saved draft is there.
  await page.goto("/can-bo");
  await page.goto(`/ho-so/${code}`);
  await page.getByTestId("open-drafting").click();
  await expect(page.getByLabel("Ngày sinh của chủ hộ")).toHaveValue("1990-05-14");
  await expect(page.getByLabel("Vốn kinh doanh (đồng)")).toHaveValue("150000000");
  await expect(page.getByLabel("Nội dung tờ trình (ý kiến thẩm định của chuyên viên)")).toHaveValue(/Hồ sơ đầy đủ, hợp lệ/);

  await page.getByRole("button", { name: "Hoàn thành thụ lý, trình dự thảo" }).click();
  await expect(page.getByTestId("status")).toHaveText("Đang xử lý");
  await expect(page.getByText("Bước hiện tại: Lãnh đạo phòng xem xét")).toBeVisible();
  await signOut(page);

  // The unit head sees the draft as the PDF she would initial, and the appraisal note; she sends it back.
  await signIn(page, "truongphong.huyen");
  await page.goto(`/ho-so/${code}/ky-duyet`);
  await expect(page.getByRole("img", { name: /Trang 1\/\d+ của văn bản trình ký/ })).toBeVisible();
  await expect(page.getByTestId("appraisal-note")).toContainText("Hồ sơ đầy đủ, hợp lệ");
  await expectAccessible(page, "signing page with the appraisal note");
  await page.getByLabel("Lý do trả lại").fill("Đề nghị ghi rõ mã ngành cho từng ngành, nghề kinh doanh.");
  await page.getByRole("button", { name: "Trả lại" }).click();
  await expect(page.getByRole("status")).toContainText("Đã thực hiện");
  await signOut(page);

  // The specialist sees why, on her drafting page, with her draft as she left it.
  await signIn(page, "chuyenvien.huyen");
  await page.goto(`/ho-so/${code}/du-thao`);
  await expect(page.getByTestId("sent-back")).toContainText("Đề nghị ghi rõ mã ngành");
  await expect(page.getByLabel("Mã số hộ kinh doanh")).toHaveValue("34D8000123");
  await expectAccessible(page, "drafting page after a send-back");
  await signOut(page);
});
