/**
 * A new citizen registers by e-mail, verifies with the code from the mail, signs in, sees her
 * devices and signs one out from the other, forgets her password and sets a new one through the
 * mailed link. Every page is checked by axe at 375 px and 1280 px, in Vietnamese and English.
 */
import { expect, test } from "@playwright/test";
import { checkPage, checkPageInBothLanguages, codeIn, linkIn, mailTo } from "./account-support";

const email = `dang-ky-${Date.now()}@example.vn`;
const password = "mot cau mat khau de nho 2031";
const newPassword = "mat khau moi sau khi quen 2031";

test("register by e-mail, verify, sign in, revoke a device, reset the password", async ({ page, browser }) => {
  test.setTimeout(300_000);
  // Registration: the form, its errors, then a good submission.
  await page.goto("/dang-ky");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đăng ký tài khoản");
  await checkPageInBothLanguages(page, "registration");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.getByTestId("error-summary")).toBeFocused();
  await expect(page.getByTestId("error-summary")).toContainText("Nhập họ và tên.");
  await checkPage(page, "registration-errors");

  await page.getByLabel("Họ và tên").fill("Đỗ Thị Mười Hai");
  await page.getByLabel("Thư điện tử hoặc số điện thoại di động").fill(email);
  await page.getByLabel("Mật khẩu").fill("ngan");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.getByTestId("error-summary")).toContainText("Mật khẩu cần ít nhất 10 ký tự.");
  // Nothing typed is lost but the password.
  await expect(page.getByLabel("Thư điện tử hoặc số điện thoại di động")).toHaveValue(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page).toHaveURL(/\/xac-minh\?ma=/);
  await checkPageInBothLanguages(page, "verify-code");

  // A wrong code, then the code from the mail.
  const mail = await mailTo(email, /Xác minh địa chỉ thư điện tử/);
  await page.getByLabel("Mã xác minh").fill(codeIn(mail) === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Xác minh" }).click();
  await expect(page.getByTestId("error-summary")).toContainText("Mã xác minh không đúng hoặc đã hết hạn.");
  await checkPage(page, "verify-code-error");
  await page.getByLabel("Mã xác minh").fill(codeIn(mail));
  await page.getByRole("button", { name: "Xác minh" }).click();
  await expect(page).toHaveURL(/\/dang-nhap\?thong-bao=verified/);
  await expect(page.getByRole("status")).toContainText("Đã xác minh");
  await checkPageInBothLanguages(page, "sign-in");
  // The link in the same mail is spent with it.
  await page.goto(linkIn(mail, "/xac-minh"));
  await page.getByRole("button", { name: "Xác minh" }).click();
  await expect(page.getByRole("alert")).toContainText("Liên kết xác minh không đúng, đã dùng hoặc đã hết hạn.");
  await checkPage(page, "verify-link-spent");

  // Sign in by e-mail; the profile shows the verified address.
  await page.goto("/dang-nhap");
  await page.getByLabel("Tên đăng nhập, e-mail hoặc số điện thoại").fill(email.toUpperCase());
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page).toHaveURL(/\/ho-so-cua-toi/);
  await page.goto("/tai-khoan");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tài khoản của tôi");
  await expect(page.getByLabel("Thư điện tử")).toHaveValue(email);
  await expect(page.getByTestId("verify-first")).toHaveCount(0);
  await checkPageInBothLanguages(page, "profile");
  // A birth date in the future.
  await page.getByLabel("Ngày sinh").fill("2990-01-01");
  await page.getByRole("button", { name: "Lưu thông tin" }).click();
  await expect(page.getByTestId("error-summary")).toContainText("Ngày sinh không hợp lệ.");
  await checkPage(page, "profile-errors");
  await page.getByLabel("Ngày sinh").fill("1990-02-28");
  await page.getByLabel("Số định danh cá nhân (CCCD)").fill("034190009999");
  await page.getByLabel("Địa chỉ liên hệ").fill("Số 5 ngõ 12 phố Trần Hưng Đạo, thành phố Thái Bình");
  await page.getByRole("button", { name: "Lưu thông tin" }).click();
  await expect(page.getByRole("status")).toContainText("Đã lưu thông tin.");
  await expect(page.getByLabel("Số định danh cá nhân (CCCD)")).toHaveValue("034190009999");

  // A second device signs in; the first sees it and signs it out.
  const other = await browser.newContext({ userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36" });
  const phone = await other.newPage();
  await phone.goto("/dang-nhap");
  await phone.getByLabel("Tên đăng nhập, e-mail hoặc số điện thoại").fill(email);
  await phone.getByLabel("Mật khẩu").fill(password);
  await phone.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(phone).toHaveURL(/\/ho-so-cua-toi/);

  await page.getByRole("link", { name: "Các phiên đăng nhập" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Các phiên đăng nhập");
  await expect(page.getByTestId("session-current")).toContainText("Thiết bị này");
  await expect(page.getByTestId("session")).toHaveCount(1);
  await expect(page.getByTestId("session")).toContainText("Chrome trên Android");
  await checkPageInBothLanguages(page, "sessions");
  await page.getByTestId("session").getByRole("button", { name: /Đăng xuất phiên Chrome trên Android/ }).click();
  await expect(page.getByRole("status")).toContainText("Đã đăng xuất phiên đó.");
  await expect(page.getByTestId("session")).toHaveCount(0);
  // The phone's session ends at once: its next request is signed out.
  await phone.goto("/tai-khoan");
  await expect(phone).toHaveURL(/\/dang-nhap\?redirectTo=%2Ftai-khoan/);
  await other.close();

  // Forgotten password: the same answer for an unknown address, then the link for hers.
  await page.getByRole("button", { name: "Đăng xuất", exact: true }).click();
  await page.goto("/quen-mat-khau");
  await checkPageInBothLanguages(page, "forgot-password");
  await page.getByLabel("Thư điện tử").fill(`khong-co-ai-${Date.now()}@example.vn`);
  await page.getByRole("button", { name: "Gửi liên kết đặt lại mật khẩu" }).click();
  const sameAnswer = await page.getByRole("status").textContent();
  await page.goto("/quen-mat-khau");
  await page.getByLabel("Thư điện tử").fill(email);
  await page.getByRole("button", { name: "Gửi liên kết đặt lại mật khẩu" }).click();
  await expect(page.getByRole("status")).toHaveText(sameAnswer!);
  await checkPage(page, "forgot-password-sent");

  const reset = await mailTo(email, /Đặt lại mật khẩu/);
  await page.goto(linkIn(reset, "/dat-lai-mat-khau"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đặt mật khẩu mới");
  await checkPageInBothLanguages(page, "reset-password");
  await page.getByLabel("Mật khẩu mới").fill(newPassword);
  await page.getByRole("button", { name: "Đặt mật khẩu mới" }).click();
  await expect(page).toHaveURL(/\/dang-nhap\?thong-bao=reset/);
  await expect(page.getByRole("status")).toContainText("Đã đặt mật khẩu mới");
  // The link works once.
  await page.goto(linkIn(reset, "/dat-lai-mat-khau"));
  await expect(page.getByRole("alert")).toContainText("Liên kết đặt lại mật khẩu không đúng, đã dùng hoặc đã hết hạn.");
  await checkPage(page, "reset-password-spent");

  await page.goto("/dang-nhap");
  await page.getByLabel("Tên đăng nhập, e-mail hoặc số điện thoại").fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Tên đăng nhập hoặc mật khẩu không đúng.");
  await page.getByLabel("Mật khẩu").fill(newPassword);
  await page.getByRole("button", { name: "Đăng nhập", exact: true }).click();
  await expect(page).toHaveURL(/\/ho-so-cua-toi/);
});
