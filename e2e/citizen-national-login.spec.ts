/**
 * Sign-in through the national identity provider (its local stand-in, app/simulators/identity-sim.ts):
 * the demo citizen's ID number links her existing account; a new person gets an account from the
 * claims, and the same person under a second subject comes back to that same account.
 */
import { expect, test, type Page } from "@playwright/test";
import { checkPage, checkPageInBothLanguages } from "./account-support";
import { expectAccessible } from "./support";

async function signInAtProvider(page: Page, sub: string, shots?: string) {
  await page.goto("/dang-nhap");
  await page.getByRole("link", { name: "Đăng nhập bằng tài khoản định danh điện tử (VNeID)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đăng nhập bằng tài khoản định danh điện tử");
  if (shots) await expectAccessible(page, "identity provider's sign-in page");
  await page.getByRole("button", { name: new RegExp(sub) }).click();
  await expect(page).toHaveURL(/\/ho-so-cua-toi/);
}

test("national sign-in links by ID number and never duplicates an account", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/dang-nhap");
  await expect(page.getByRole("link", { name: "Đăng nhập bằng tài khoản định danh điện tử (VNeID)" })).toBeVisible();
  await checkPageInBothLanguages(page, "sign-in-with-national");

  // The demo citizen congdan (ID 034090001234) signs in with VNeID: her own account, linked.
  await signInAtProvider(page, "vneid-0001", "provider");
  await expect(page.getByRole("banner")).toContainText("Nguyễn Văn An");
  await page.goto("/tai-khoan");
  await expect(page.getByLabel("Số định danh cá nhân (CCCD)")).toHaveValue("034090001234");
  await expect(page.getByLabel("Thư điện tử")).toHaveValue("congdan@example.vn");
  await expect(page.getByText("Đã liên kết tài khoản định danh điện tử.")).toBeVisible();
  await checkPage(page, "profile-linked");
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();

  // A new person: an account from the claims. A mark on her profile tells it apart afterwards.
  await signInAtProvider(page, "vneid-0002");
  await page.goto("/tai-khoan");
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Phạm Thu Trang");
  await expect(page.getByLabel("Ngày sinh")).toHaveValue("1995-09-02");
  const mark = `Số 12 phố Lê Lợi, phường Đề Thám (e2e ${Date.now()})`;
  await page.getByLabel("Địa chỉ liên hệ").fill(mark);
  await page.getByRole("button", { name: "Lưu thông tin" }).click();
  await expect(page.getByRole("status")).toContainText("Đã lưu thông tin.");
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();

  // The same person under another subject (same ID number): the same account, not a second one.
  await signInAtProvider(page, "sso-0002");
  await page.goto("/tai-khoan");
  await expect(page.getByLabel("Địa chỉ liên hệ")).toHaveValue(mark);
  await page.goto("/tai-khoan/phien");
  await expect(page.getByTestId("session-current")).toBeVisible();
  await checkPage(page, "sessions-national");
});

test("a cancelled national sign-in comes back to a clear page, not an error", async ({ page }) => {
  await page.goto("/dang-nhap");
  await page.getByRole("link", { name: "Đăng nhập bằng tài khoản định danh điện tử (VNeID)" }).click();
  await page.getByRole("button", { name: "Huỷ, quay lại cổng dịch vụ công" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không đăng nhập được bằng định danh điện tử");
  await checkPageInBothLanguages(page, "national-cancelled");
});
