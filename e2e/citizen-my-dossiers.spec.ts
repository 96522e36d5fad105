/**
 * Issue 11, my dossiers: a citizen follows her dossier in "Hồ sơ của tôi" (cards on a phone), answers a
 * supplement request that names the missing documents with one upload per document, gets her result,
 * rates the service once, and sends feedback that an officer of the receiving agency answers. Public
 * lookup takes a lowercase code and a phone typed with spaces. Every page is checked by axe in
 * Vietnamese and English, and photographed at 375 px and 1280 px.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { act, expectAccessible, fillHouseholdBusinessForm, openFromInbox, samplePdf, signIn, signOnSigningPage, signOut } from "./support";

const shots = path.resolve("e2e/.artifacts/screenshots");

async function screenshot(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(shots, `citizen-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** axe at both widths, in Vietnamese and then in English (switched back to Vietnamese after). */
async function accessibleInBothLanguages(page: Page, name: string) {
  const here = page.url();
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${name} (vi, ${width})`);
  }
  // The switch returns to the page where the root loader last ran (not always this one after a
  // client-side navigation): open this page again in the new language.
  await page.getByTestId("language-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto(here);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${name} (en, ${width})`);
  }
  await page.getByTestId("language-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await page.goto(here);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("my dossiers: a supplement answered per document, a rating, feedback answered by the agency", async ({ page }) => {
  // One dossier from submission to return with five officers, and axe on each citizen page in two
  // languages at two widths: longer than the default three minutes.
  test.setTimeout(480_000);
  await mkdir(shots, { recursive: true });
  const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);

  // Citizen submits online.
  await signIn(page, "congdan");
  await page.goto("/thu-tuc/1.001612/nop-truc-tuyen");
  await fillHouseholdBusinessForm(page);
  // The wizard: the form, then the review page.
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByText("Nộp hồ sơ thành công")).toBeVisible();
  const code = (await page.getByTestId("dossier-code").textContent())!.trim();
  await signOut(page);

  // Desk receives and transfers; the specialist asks for two documents again, with a deadline.
  await signIn(page, "motcua.huyen");
  await openFromInbox(page, code);
  await act(page, "Tiếp nhận hồ sơ", "Được tiếp nhận");
  await act(page, "Chuyển phòng chuyên môn", "Đang xử lý");
  await signOut(page);
  await signIn(page, "chuyenvien.huyen");
  await openFromInbox(page, code);
  await page.locator("summary", { hasText: "Yêu cầu bổ sung hồ sơ" }).click();
  await page.getByLabel("Nội dung cần bổ sung").fill("Bản chụp giấy đề nghị và thẻ căn cước bị mờ, đề nghị chụp lại rõ nét.");
  await page.getByLabel(/Hạn bổ sung/).fill(inTenDays);
  await page.getByRole("checkbox", { name: "Giấy đề nghị đăng ký hộ kinh doanh" }).check();
  await page.getByRole("checkbox", { name: "Bản sao thẻ căn cước của chủ hộ kinh doanh" }).check();
  await page.locator("form", { has: page.locator('input[name="intent"][value="REQUEST_SUPPLEMENT"]') }).getByRole("button", { name: "Yêu cầu bổ sung hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Yêu cầu bổ sung");
  await expect(page.getByTestId("supplement-documents")).toContainText("Bản sao thẻ căn cước của chủ hộ kinh doanh");
  await signOut(page);

  // Citizen: the list filters on "needs my action" and shows the badge; cards at 375 px.
  await signIn(page, "congdan");
  await page.goto("/ho-so-cua-toi");
  await page.getByLabel("Tình trạng").selectOption("can-bo-sung");
  await page.getByLabel("Mã hồ sơ").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Lọc", exact: true }).click();
  await expect(page).toHaveURL(/nhom=can-bo-sung/);
  const card = page.getByTestId("dossier-card").filter({ hasText: code });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Cần bạn thực hiện");
  await expect(card.getByTestId("card-status")).toHaveText("Yêu cầu bổ sung");
  await page.setViewportSize({ width: 375, height: 900 });
  // At 375 px the status is on screen, not in a column scrolled away.
  const box = await card.getByTestId("card-status").boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(375);
  await accessibleInBothLanguages(page, "my dossiers (filtered)");
  await page.goto("/ho-so-cua-toi");
  await screenshot(page, "01-list");

  // The supplement request: reason, missing documents, deadline, one upload each; the clock is paused.
  await card.first().isVisible();
  await page.getByRole("link", { name: code, exact: true }).click();
  await expect(page.getByTestId("supplement-reason")).toHaveText("Bản chụp giấy đề nghị và thẻ căn cước bị mờ, đề nghị chụp lại rõ nét.");
  await expect(page.getByTestId("supplement-deadline")).toContainText("17:00");
  await expect(page.getByTestId("clock-paused")).toBeVisible();
  await accessibleInBothLanguages(page, "dossier with a supplement request");
  await screenshot(page, "02-supplement-request");
  await page.getByLabel("Tệp cho: Giấy đề nghị đăng ký hộ kinh doanh").setInputFiles(samplePdf("giay-de-nghi-ro.pdf"));
  await page.getByLabel(/Ghi chú gửi cơ quan/).fill("Đã chụp lại rõ nét.");
  await page.getByRole("button", { name: "Gửi hồ sơ bổ sung" }).click();
  await expect(page.getByRole("alert")).toHaveText('Vui lòng đính kèm "Bản sao thẻ căn cước của chủ hộ kinh doanh".');
  await expect(page.getByLabel(/Ghi chú gửi cơ quan/)).toHaveValue("Đã chụp lại rõ nét.");
  await expectAccessible(page, "supplement with an error");
  await page.getByLabel("Tệp cho: Giấy đề nghị đăng ký hộ kinh doanh").setInputFiles(samplePdf("giay-de-nghi-ro.pdf"));
  await page.getByLabel("Tệp cho: Bản sao thẻ căn cước của chủ hộ kinh doanh").setInputFiles(samplePdf("cccd-ro.pdf"));
  await page.getByRole("button", { name: "Gửi hồ sơ bổ sung" }).click();
  await expect(page.getByTestId("status")).toHaveText("Đang xử lý");
  await expect(page.getByTestId("supplement-request")).toHaveCount(0);
  await expect(page.getByTestId("clock-paused")).toHaveCount(0);
  await expect(page.getByTestId("timeline")).toContainText("Bổ sung hồ sơ");
  await expect(page.getByRole("link", { name: "Bản sao thẻ căn cước của chủ hộ kinh doanh" }).last()).toBeVisible();
  await signOut(page);

  // The dossier goes to its end: specialist, unit head, leader, clerk, desk.
  await signIn(page, "chuyenvien.huyen");
  await openFromInbox(page, code);
  await page.getByRole("textbox", { name: "Ý kiến thụ lý" }).fill("Hồ sơ đã bổ sung đầy đủ, đề nghị cấp.");
  await act(page, "Hoàn thành thụ lý, trình lãnh đạo", "Đang xử lý");
  await signOut(page);
  await signIn(page, "truongphong.huyen");
  await openFromInbox(page, code);
  await signOnSigningPage(page, "Ký nháy dự thảo kết quả", "Ký nháy và trình lãnh đạo ký", "Đang xử lý");
  await signOut(page);
  await signIn(page, "lanhdao.huyen");
  await openFromInbox(page, code);
  await signOnSigningPage(page, "Phê duyệt và ký số kết quả", "Phê duyệt và ký số kết quả", "Đang xử lý");
  await signOut(page);
  await signIn(page, "vanthu.huyen");
  await openFromInbox(page, code);
  await signOnSigningPage(page, "Đóng dấu số của cơ quan", "Đóng dấu số của cơ quan", "Đã xử lý xong");
  await signOut(page);
  await signIn(page, "motcua.huyen");
  await openFromInbox(page, code);
  await act(page, "Công bố kết quả điện tử", "Đã trả kết quả");
  await signOut(page);

  // Citizen: the result, then the rating — once.
  await signIn(page, "congdan");
  await page.goto(`/ho-so/${code}`);
  await expect(page.getByTestId("result-download")).toBeVisible();
  await page.getByTestId("rating-link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đánh giá mức độ hài lòng");
  await accessibleInBothLanguages(page, "rating form");
  await screenshot(page, "03-rating-form");
  await page.getByLabel("Hài lòng", { exact: true }).check();
  await page.getByLabel("Thời gian giải quyết").selectOption("5");
  await page.getByLabel(/Ý kiến khác/).fill("Cán bộ hướng dẫn tận tình.");
  await page.getByRole("button", { name: "Gửi đánh giá" }).click();
  await expect(page.getByRole("status")).toContainText("Cảm ơn bạn đã đánh giá.");
  await expect(page.getByTestId("rating-given")).toContainText("Bạn đã đánh giá: Hài lòng");
  await expect(page.getByTestId("rating-link")).toHaveCount(0);
  // A second rating is not offered, and the page sends back to the dossier.
  await page.goto(`/ho-so/${code}/danh-gia`);
  await expect(page).toHaveURL(new RegExp(`/ho-so/${code.replace(/\./g, "\\.")}$`));

  // Feedback: the citizen writes; an empty form keeps her subject and says what is missing.
  await page.getByTestId("feedback-new").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gửi phản ánh, kiến nghị");
  await accessibleInBothLanguages(page, "feedback form");
  await page.getByLabel("Tiêu đề").fill("Đề nghị gửi bản giấy");
  await page.getByLabel("Nội dung").fill("Tôi muốn nhận thêm bản giấy của giấy chứng nhận tại Bộ phận Một cửa.");
  await page.getByRole("button", { name: "Gửi phản ánh, kiến nghị" }).click();
  await expect(page.getByRole("status")).toContainText("Đã gửi phản ánh, kiến nghị");
  await expect(page.getByTestId("feedback-item")).toContainText("Đang chờ cơ quan trả lời.");
  await signOut(page);

  // An officer of another agency cannot even open the dossier; the receiving desk answers.
  await signIn(page, "motcua.xa");
  const stranger = await page.goto(`/ho-so/${code}/phan-anh`);
  expect(stranger?.status()).toBe(404);
  await signOut(page);
  await signIn(page, "motcua.huyen");
  await page.goto(`/ho-so/${code}`);
  await expect(page.getByRole("heading", { name: "Phản ánh, kiến nghị của công dân" })).toBeVisible();
  await page.getByLabel("Nội dung trả lời").fill("Ông/Bà vui lòng đến Bộ phận Một cửa huyện để nhận bản giấy, mang theo CCCD.");
  await page.getByRole("button", { name: "Gửi trả lời" }).click();
  await expect(page.getByRole("status")).toContainText("Đã gửi trả lời");
  await expect(page.getByTestId("feedback-answer")).toContainText("Trần Thị Bình");
  await signOut(page);

  // Citizen sees the answer, who gave it and when.
  await signIn(page, "congdan");
  await page.goto(`/ho-so/${code}`);
  await expect(page.getByTestId("feedback-answer")).toContainText("Ông/Bà vui lòng đến Bộ phận Một cửa huyện");
  await expect(page.getByTestId("feedback-answer")).toContainText("Trần Thị Bình");
  await accessibleInBothLanguages(page, "dossier with rating and answered feedback");
  await page.getByTestId("feedback").scrollIntoViewIfNeeded();
  await screenshot(page, "04-rated-and-answered");
  await signOut(page);

  // Public lookup: a lowercase code and a phone typed with spaces and +84.
  await page.goto("/tra-cuu");
  await page.getByLabel("Mã hồ sơ").fill(code.toLowerCase());
  await page.getByLabel("Số CCCD hoặc số điện thoại người nộp").fill("+84 912 345 678");
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("heading", { name: `Hồ sơ ${code}` })).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Nguyễn Văn An");
});
