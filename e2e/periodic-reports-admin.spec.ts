/**
 * The administrator configures who receives the periodic reports and makes a past month's report by
 * hand (issue 12 §3): errors in Vietnamese that keep what was typed, the sealed PDF to download, the
 * page accessible and photographed at 375 and 1280 px. The run's data folder is fresh (playwright
 * config), and no other spec counts recipients or reports.
 */
import { expect, test } from "@playwright/test";
import { checkPage } from "./account-support";
import { signIn } from "./support";

test("administrator: periodic report recipients and a report made by hand", async ({ page }) => {
  await signIn(page, "quantri");
  await page.getByRole("navigation", { name: "Quản trị hệ thống" }).getByRole("link", { name: "Báo cáo định kỳ" }).click();
  await expect(page).toHaveURL(/\/quan-tri\/bao-cao-dinh-ky$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Báo cáo định kỳ");

  // A bad address: the form says why and keeps everything typed.
  await page.getByLabel("Tên người nhận hoặc cơ quan nhận").fill("Văn phòng UBND tỉnh");
  await page.getByLabel("Địa chỉ thư điện tử").fill("vanphong.thaibinh.gov.vn");
  await page.getByLabel("Kỳ báo cáo").selectOption("quarterly");
  await page.getByRole("button", { name: "Thêm người nhận" }).click();
  await expect(page.getByRole("alert")).toContainText("Địa chỉ thư điện tử không hợp lệ");
  await expect(page.getByLabel("Tên người nhận hoặc cơ quan nhận")).toHaveValue("Văn phòng UBND tỉnh");
  await expect(page.getByLabel("Địa chỉ thư điện tử")).toHaveValue("vanphong.thaibinh.gov.vn");
  await expect(page.getByLabel("Kỳ báo cáo")).toHaveValue("quarterly");
  await checkPage(page, "periodic-reports-error");

  await page.getByLabel("Địa chỉ thư điện tử").fill("vanphong@thaibinh.gov.vn");
  await page.getByRole("button", { name: "Thêm người nhận" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã thêm người nhận vanphong@thaibinh.gov.vn.");
  await expect(page.getByRole("cell", { name: "vanphong@thaibinh.gov.vn", exact: true })).toBeVisible();

  // Last month's report for the province, by the button (the default period).
  await page.getByRole("button", { name: "Tạo và gửi báo cáo" }).click();
  await expect(page.getByRole("status")).toContainText(/^Đã lập Báo cáo số \d+\/BC-UBND tháng/);
  const link = page.getByRole("link", { name: /^Tải PDF/ }).first();
  const response = await page.request.get((await link.getAttribute("href"))!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect((await response.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  await checkPage(page, "periodic-reports");

  await page.getByRole("button", { name: "Ngừng gửi báo cáo hằng quý cho vanphong@thaibinh.gov.vn" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã ngừng gửi báo cáo cho người nhận này.");
  await expect(page.getByRole("cell", { name: "Đã ngừng", exact: true })).toBeVisible();
});
