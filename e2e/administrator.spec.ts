/**
 * The administrator maintains the working-time calendar (holidays and make-up days) and watches the
 * jobs that failed for good.
 */
import path from "node:path";
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn } from "./support";

test("administrator: edits a holiday of the calendar and checks the failed jobs", async ({ page }) => {
  await signIn(page, "quantri");
  // The administrator lands on the administration home (issue 10) and finds the calendar from there.
  await expect(page).toHaveURL(/\/quan-tri$/);
  await page.getByRole("navigation", { name: "Quản trị hệ thống" }).getByRole("link", { name: "Ngày nghỉ lễ" }).click();
  await expect(page).toHaveURL(/\/quan-tri\/ngay-nghi/);
  await page.goto("/quan-tri/ngay-nghi?nam=2026");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ngày nghỉ lễ, ngày làm bù năm 2026");
  await expect(page.getByRole("cell", { name: "2026-02-17", exact: true })).toBeVisible(); // Tết Nguyên đán
  await expectAccessible(page, "holidays");

  // Bad input: no name. The form says why in Vietnamese and keeps the date typed.
  await page.getByLabel("Ngày (NNNN-TT-NN)").fill("2026-12-31");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toHaveText("Vui lòng nhập tên ngày nghỉ.");
  await expect(page.getByLabel("Ngày (NNNN-TT-NN)")).toHaveValue("2026-12-31");

  await page.getByLabel("Tên").fill("Nghỉ bù cuối năm (thử)");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu ngày 2026-12-31.");
  await expect(page.getByRole("cell", { name: "Nghỉ bù cuối năm (thử)" })).toBeVisible();
  await page.screenshot({ path: path.resolve("e2e/.artifacts/screens/10-holidays.png"), fullPage: true });

  await page.getByRole("button", { name: "Xoá ngày 2026-12-31" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã xoá ngày 2026-12-31.");
  await expect(page.getByRole("cell", { name: "Nghỉ bù cuối năm (thử)" })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Quản trị hệ thống" }).getByRole("link", { name: "Tác vụ lỗi" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tác vụ lỗi");
  await expect(page.getByText("Không có tác vụ lỗi.")).toBeVisible();
  await expectAccessible(page, "failed jobs");
});
