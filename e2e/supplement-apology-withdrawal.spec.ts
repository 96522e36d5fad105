/**
 * A commune dossier that does not go straight through: the desk asks for a supplement with a
 * deadline (Mẫu 02), the citizen supplies it online, the specialist foresees a delay and apologises
 * with a new appointment (Mẫu 04), and the citizen finally withdraws the dossier.
 */
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, samplePdf, signIn, signOut } from "./support";

const artifacts = path.resolve("e2e/.artifacts");




/** Waits for a job-made document to appear in the dossier's file list. */
async function expectFile(page: Page, name: RegExp) {
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByRole("link", { name }).count();
      },
      { timeout: 60_000, intervals: [500, 1000, 2000] },
    )
    .toBeGreaterThan(0);
}

test("commune birth registration: supplement with a deadline, apology with a new date, withdrawal", async ({ page }) => {
  const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const inThreeWeeks = `${new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10)}T16:00`;

  await signIn(page, "congdan");
  await page.goto("/thu-tuc/1.001193/nop-truc-tuyen");
  await page.getByLabel("Họ, chữ đệm và tên của trẻ").fill("Nguyễn Minh Khôi");
  await page.getByLabel("Ngày, tháng, năm sinh").fill("2026-11-10");
  await page.getByLabel("Giới tính").fill("Nam");
  await page.getByLabel("Nơi sinh").fill("Bệnh viện Đa khoa huyện Đông Hưng");
  await page.getByLabel("Dân tộc").fill("Kinh");
  await page.getByLabel("Quốc tịch").fill("Việt Nam");
  await page.getByLabel("Họ, chữ đệm và tên người mẹ").fill("Trần Thị Mai");
  await page.getByLabel("Tờ khai đăng ký khai sinh").setInputFiles(samplePdf("to-khai.pdf"));
  await page.getByLabel(/Giấy chứng sinh/).setInputFiles(samplePdf("giay-chung-sinh.pdf"));
  // The wizard: the form, then the review page.
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByText("Nộp hồ sơ thành công")).toBeVisible();
  const code = (await page.getByTestId("dossier-code").textContent())!.trim();
  expect(code).toMatch(/^001\.15\.15\.H54-\d{6}-\d{4}$/);
  await signOut(page);

  // Desk (commune): the birth certificate from the hospital is unreadable; ask for it again.
  await signIn(page, "motcua.xa");
  await page.goto(`/ho-so/${code}`);
  // The reception panel (issue 10): the checklist, then the decision with the officer's note.
  await page.getByLabel(/Ý kiến của cán bộ tiếp nhận/).fill("Giấy chứng sinh bị mờ, đề nghị chụp lại rõ nét.");
  await page.getByLabel(/Hạn bổ sung/).fill(inTwoWeeks);
  await page.getByRole("button", { name: "Yêu cầu bổ sung hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Yêu cầu bổ sung");
  await expectFile(page, /Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ/);
  await signOut(page);

  // Citizen: supplies the document; the dossier goes back to reception.
  await signIn(page, "congdan");
  await page.goto(`/ho-so/${code}`);
  await expect(page.getByTestId("status")).toHaveText("Yêu cầu bổ sung");
  // The request shows its reason in its own panel (issue 11), beside the upload; the history repeats it.
  await expect(page.getByTestId("supplement-reason")).toHaveText("Giấy chứng sinh bị mờ, đề nghị chụp lại rõ nét.");
  await expectAccessible(page, "supplement requested");
  await page.getByRole("button", { name: "Gửi hồ sơ bổ sung" }).click();
  await expect(page.getByRole("alert")).toHaveText("Vui lòng đính kèm giấy tờ bổ sung.");
  await page.getByLabel(/Giấy tờ bổ sung/).setInputFiles(samplePdf("giay-chung-sinh-ro.pdf"));
  await page.getByRole("button", { name: "Gửi hồ sơ bổ sung" }).click();
  await expect(page.getByTestId("status")).toHaveText("Mới đăng ký");
  await signOut(page);

  // Desk receives and transfers; the specialist foresees a delay and apologises.
  await signIn(page, "motcua.xa");
  await page.goto(`/ho-so/${code}`);
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Được tiếp nhận");
  await page.getByRole("button", { name: "Chuyển phòng chuyên môn" }).click();
  await expect(page.getByTestId("status")).toHaveText("Đang xử lý");
  await signOut(page);

  await signIn(page, "tuphap.xa");
  await page.goto(`/ho-so/${code}`);
  await page.locator("summary", { hasText: "Xin lỗi, hẹn lại ngày trả (Mẫu 04)" }).click();
  await page.getByLabel("Ngày, giờ hẹn trả kết quả mới").fill(inThreeWeeks);
  await page.getByLabel("Lý do chậm trả kết quả").fill("Cần xác minh thông tin nơi sinh với bệnh viện.");
  await page.screenshot({ path: path.join(artifacts, "screens", "08-apology-form.png"), fullPage: true });
  await page.getByRole("button", { name: "Xin lỗi, hẹn lại ngày trả (Mẫu 04)" }).click();
  await expect(page.getByRole("status")).toContainText("Đã thực hiện");
  await expectFile(page, /Phiếu xin lỗi và hẹn lại ngày trả kết quả/);
  await signOut(page);

  // Citizen: sees the apology and the new appointment, then withdraws (with confirmation).
  await signIn(page, "congdan");
  await page.goto(`/ho-so/${code}`);
  await expect(page.getByRole("link", { name: /Phiếu xin lỗi và hẹn lại ngày trả kết quả/ })).toBeVisible();
  await page.locator("summary", { hasText: "Rút hồ sơ" }).click();
  await page.getByLabel("Lý do rút hồ sơ").fill("Gia đình sẽ đăng ký tại nơi cư trú khác.");
  await page.getByRole("button", { name: "Rút hồ sơ" }).click();
  await expect(page.getByRole("alert")).toHaveText("Vui lòng đánh dấu xác nhận rút hồ sơ.");
  await expect(page.getByLabel("Lý do rút hồ sơ")).toHaveValue("Gia đình sẽ đăng ký tại nơi cư trú khác.");
  await page.getByLabel(/Tôi xác nhận rút hồ sơ/).check();
  await page.getByRole("button", { name: "Rút hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Công dân yêu cầu rút hồ sơ");
  await expectAccessible(page, "withdrawn");
  await page.screenshot({ path: path.join(artifacts, "screens", "09-withdrawn.png"), fullPage: true });
});
