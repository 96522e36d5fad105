/**
 * The walking skeleton's journey across seven roles: a citizen submits a household-business dossier
 * online; the district's desk receives and transfers it; the specialist drafts the result; the unit
 * head initials it on the signing page; the leader approves and signs there, each seeing the
 * document and re-entering her password; the records clerk applies the seal; the desk returns it;
 * the citizen downloads the signed result, which poppler's pdfsig must accept.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { act, expectAccessible, openFromInbox, samplePdf, signIn, signOnSigningPage, signOut } from "./support";

const run = promisify(execFile);
const artifacts = path.resolve("e2e/.artifacts");

// The second test checks the documents the first one produced, as a person holding them would.
test.describe.configure({ mode: "serial" });
let journey: { code: string; resultFile: string; qrPath: string } | null = null;




async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(artifacts, "screens", `${name}.png`), fullPage: true });
}

test("online dossier: submission → reception → processing → review → signature → return → signed result", async ({ page }) => {
  await mkdir(path.join(artifacts, "screens"), { recursive: true });

  // Citizen: catalog → procedure → online form.
  await signIn(page, "congdan");
  await page.goto("/");
  await expectAccessible(page, "home");
  await page.getByLabel("Tìm thủ tục").fill("ho kinh doanh");
  await page.getByRole("button", { name: "Tìm kiếm" }).click();
  await page.getByRole("link", { name: "Đăng ký thành lập hộ kinh doanh" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đăng ký thành lập hộ kinh doanh");
  await expectAccessible(page, "procedure");
  await screenshot(page, "01-procedure");
  await page.getByRole("link", { name: "Nộp hồ sơ trực tuyến" }).click();

  await page.getByLabel("Tên hộ kinh doanh").fill("Hộ kinh doanh Tạp hoá An Bình");
  await page.getByLabel("Địa chỉ trụ sở hộ kinh doanh").fill("Thôn Lạc Thành, xã Đông La, huyện Đông Hưng");
  await page.getByLabel("Ngành, nghề kinh doanh").fill("Bán lẻ hàng tạp hoá, đồ uống");
  await page.getByLabel("Vốn kinh doanh (đồng)").fill("100000000");
  await page.getByLabel("Giấy đề nghị đăng ký hộ kinh doanh").setInputFiles(samplePdf("giay-de-nghi.pdf"));

  // Bad input: one required file missing. The form answers in Vietnamese and keeps everything:
  // the error summary links to the field, and the message stands beside it too.
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await expect(page.getByRole("alert")).toContainText("Hồ sơ chưa được nộp");
  await expect(page.getByRole("alert").getByRole("link", { name: 'Vui lòng đính kèm "Bản sao thẻ căn cước của chủ hộ kinh doanh".' })).toBeVisible();
  await expect(page.locator("#doc-1-error")).toHaveText('Vui lòng đính kèm "Bản sao thẻ căn cước của chủ hộ kinh doanh".');
  await expect(page.getByLabel("Tên hộ kinh doanh")).toHaveValue("Hộ kinh doanh Tạp hoá An Bình");
  await expect(page.getByText('Đã nhận tệp "giay-de-nghi.pdf"')).toBeVisible();
  await expectAccessible(page, "submission form with errors");
  await screenshot(page, "02-form-errors");

  await page.getByLabel("Bản sao thẻ căn cước của chủ hộ kinh doanh").setInputFiles(samplePdf("cccd.pdf"));
  // The citizen names the office she applies to: every district received it in the seed era, every
  // commune does today (her address names neither the demo district's nor the demo commune's office).
  const receivingOffice = process.env.SEED_PROFILE === "hung-yen" ? "UBND xã Đông Hưng (dữ liệu mẫu)" : "UBND huyện Đông Hưng";
  await page.getByLabel("Cơ quan tiếp nhận").selectOption({ label: receivingOffice });
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  // The review page: what will be sent, then how the result comes.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xem lại hồ sơ trước khi nộp");
  await expect(page.getByTestId("review-files")).toContainText("giay-de-nghi.pdf");
  await expect(page.getByTestId("review-files")).toContainText("cccd.pdf");
  await expectAccessible(page, "submission review");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByText("Nộp hồ sơ thành công")).toBeVisible();
  const code = (await page.getByTestId("dossier-code").textContent())!.trim();
  // The receiving agency's identifier: the district in seed-era Thái Bình, the commune in today's Hưng Yên.
  expect(code).toMatch(process.env.SEED_PROFILE === "hung-yen" ? /^001\.00\.00\.H31-\d{6}-\d{4}$/ : /^000\.00\.15\.H54-\d{6}-\d{4}$/);
  await expect(page.getByTestId("status")).toHaveText("Mới đăng ký");
  await expectAccessible(page, "confirmation");
  await screenshot(page, "03-confirmation");

  const receiptDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải Giấy tiếp nhận hồ sơ (PDF)" }).click();
  const receiptFile = path.join(artifacts, `receipt-${code}.pdf`);
  await (await receiptDownload).saveAs(receiptFile);
  const receiptText = (await run("pdftotext", [receiptFile, "-"])).stdout;
  expect(receiptText).toContain(code);
  expect(receiptText).toContain("Nguyễn Văn An");
  await signOut(page);

  // Desk officer: receive, then hand to the specialist unit.
  await signIn(page, "motcua.huyen");
  await openFromInbox(page, code);
  await expectAccessible(page, "dossier (desk)");
  await act(page, "Tiếp nhận hồ sơ", "Được tiếp nhận");
  await act(page, "Chuyển phòng chuyên môn", "Đang xử lý");
  await signOut(page);

  // Specialist: draft the result.
  await signIn(page, "chuyenvien.huyen");
  await openFromInbox(page, code);
  await expect(page.getByRole("group", { name: /Dự thảo kết quả/ })).toBeVisible();
  await screenshot(page, "04-specialist");
  await page.getByRole("textbox", { name: "Ý kiến thụ lý" }).fill("Hồ sơ hợp lệ, đề nghị cấp giấy chứng nhận.");
  await act(page, "Hoàn thành thụ lý, trình lãnh đạo", "Đang xử lý");
  await signOut(page);

  // Unit head: her review ends with her own signature on the draft (ký nháy).
  await signIn(page, "truongphong.huyen");
  await openFromInbox(page, code);
  await expect(page.getByRole("button", { name: "Hoàn thành bước, chuyển bước tiếp" })).toHaveCount(0);
  await signOnSigningPage(page, "Ký nháy dự thảo kết quả", "Ký nháy và trình lãnh đạo ký", "Đang xử lý");
  await signOut(page);

  // Leader: sees the document she signs, re-enters her password, approves and signs.
  await signIn(page, "lanhdao.huyen");
  await openFromInbox(page, code);
  await expect(page.getByRole("button", { name: "Phê duyệt và ký số kết quả" })).toHaveCount(0);
  await signOnSigningPage(page, "Phê duyệt và ký số kết quả", "Phê duyệt và ký số kết quả", "Đang xử lý", { shots: "08-signing-page", earlierSigners: ["Phạm Thị Dung"] });
  await page.setViewportSize({ width: 1280, height: 720 });
  await signOut(page);

  // Records clerk (văn thư): the district names her to apply its seal, with the same preview.
  await signIn(page, "vanthu.huyen");
  await openFromInbox(page, code);
  await signOnSigningPage(page, "Đóng dấu số của cơ quan", "Đóng dấu số của cơ quan", "Đã xử lý xong", { earlierSigners: ["Phạm Thị Dung", "Hoàng Văn Đức"] });
  await signOut(page);

  // Desk: hand the result back (online).
  await signIn(page, "motcua.huyen");
  await openFromInbox(page, code);
  // Online delivery: the return publishes the e-result (issue 10).
  await act(page, "Công bố kết quả điện tử", "Đã trả kết quả");
  await page.goto("/can-bo/so-theo-doi");
  const registerDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải sổ (PDF có chữ ký số)" }).click();
  const registerFile = path.join(artifacts, `register-${code}.pdf`);
  await (await registerDownload).saveAs(registerFile);
  expect((await run("pdftotext", ["-raw", registerFile, "-"])).stdout).toContain("SỔ THEO DÕI HỒ SƠ");
  // Mẫu 06 is rendered by the web process itself (the other forms by its job workers): both must work.
  await page.goto(`/ho-so/${code}`);
  const sheetDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)" }).click();
  const sheetFile = path.join(artifacts, `control-sheet-${code}.pdf`);
  await (await sheetDownload).saveAs(sheetFile);
  const sheetText = (await run("pdftotext", ["-raw", sheetFile, "-"])).stdout.replace(/\s+/g, " ");
  expect(sheetText).toContain("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
  expect(sheetText).toContain("Hoàng Văn Đức");
  await signOut(page);

  // Citizen: timeline and the signed result.
  await signIn(page, "congdan");
  await page.goto("/ho-so-cua-toi");
  await expectAccessible(page, "my dossiers");
  await page.getByRole("link", { name: code }).click();
  await expect(page.getByTestId("status")).toHaveText("Đã trả kết quả");
  const timeline = page.getByTestId("timeline");
  for (const step of ["Nộp hồ sơ trực tuyến", "Tiếp nhận hồ sơ", "Chuyển phòng chuyên môn", "Lãnh đạo phòng ký nháy, trình lãnh đạo ký", "Phê duyệt và ký số kết quả", "Đóng dấu số của cơ quan", "Trả kết quả"]) {
    await expect(timeline.getByText(step, { exact: true })).toBeVisible();
  }
  // The timeline names who applied the seal.
  await expect(timeline.locator("li", { hasText: "Đóng dấu số của cơ quan" })).toContainText("Trịnh Thị Giang");
  await expectAccessible(page, "dossier (citizen)");
  await screenshot(page, "05-citizen-result");

  const resultDownload = page.waitForEvent("download");
  await page.getByTestId("result-download").click();
  const resultFile = path.join(artifacts, `result-${code}.pdf`);
  await (await resultDownload).saveAs(resultFile);
  const pdfsig = (await run("pdfsig", [resultFile])).stdout;
  await writeFile(path.join(artifacts, `result-${code}.pdfsig.txt`), pdfsig);
  // Unit head (initials), leader (visible signature), agency seal applied by the clerk: all valid, the last covers the file.
  expect(pdfsig.match(/Signature is Valid/g)).toHaveLength(3);
  expect(pdfsig).toContain("Phạm Thị Dung");
  expect(pdfsig).toContain("Hoàng Văn Đức");
  // The seal is the receiving agency's: the district in seed-era Thái Bình, the commune in today's Hưng Yên.
  const sealName = process.env.SEED_PROFILE === "hung-yen" ? "UBND xã Đông Hưng" : "UBND huyện Đông Hưng";
  expect(pdfsig).toMatch(new RegExp(`Signer Certificate Common Name: ${sealName}[\\s\\S]*Total document signed`));

  // With the portal's root CA in its trust store, pdfsig also accepts every certificate chain.
  const nssDir = await mkdtemp(path.join(os.tmpdir(), "motcua-nss-"));
  await run("certutil", ["-N", "-d", `sql:${nssDir}`, "--empty-password"]);
  await run("certutil", ["-A", "-d", `sql:${nssDir}`, "-n", "Mot Cua demo root", "-t", "CT,C,C", "-a", "-i", path.resolve(process.env.E2E_DATA_DIR!, "pki", "root-ca.pem")]);
  const trusted = (await run("pdfsig", ["-nssdir", `sql:${nssDir}`, resultFile])).stdout;
  expect(trusted.match(/Certificate is Trusted/g)).toHaveLength(3);
  const resultText = (await run("pdftotext", [resultFile, "-"])).stdout;
  expect(resultText).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  // The certificate prints the business name in capitals, as its form asks ("ghi bằng chữ in hoa").
  expect(resultText.replace(/\s+/g, " ")).toContain("TẠP HOÁ AN BÌNH");
  await run("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", resultFile, path.join(artifacts, "screens", "06-result")]);
  // The QR link is also printed under the code: the page it opens is found by an unguessable token.
  const qrPath = /\/tra-cuu\/xac-thuc\?t=[0-9a-f-]{36}/.exec(resultText)?.[0];
  expect(qrPath, "the result prints its verification link").toBeTruthy();
  journey = { code, resultFile, qrPath: qrPath! };
});

test("anyone verifies the signed result: public lookup, QR link, upload, and a tampered copy", async ({ page }) => {
  expect(journey, "the journey test must run first").not.toBeNull();
  const { code, resultFile, qrPath } = journey!;

  // Public lookup needs the code and the applicant's ID number.
  await page.goto("/tra-cuu");
  await page.getByLabel("Mã hồ sơ").fill(code);
  await page.getByLabel("Số CCCD hoặc số điện thoại người nộp").fill("000000000000");
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("alert")).toContainText("Không tìm thấy hồ sơ");
  await page.getByLabel("Số CCCD hoặc số điện thoại người nộp").fill("034090001234");
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page.getByRole("heading", { name: `Hồ sơ ${code}` })).toBeVisible();
  await expect(page.locator(".status")).toHaveText("Đã trả kết quả");
  await expectAccessible(page, "public lookup");

  // The code alone opens nothing; the QR link printed on every form does.
  await page.goto(`/tra-cuu/xac-thuc?ma=${encodeURIComponent(code)}`);
  await expect(page.getByRole("alert")).toContainText("Liên kết xác thực không hợp lệ");
  await expect(page.getByText(code)).toHaveCount(0);
  await page.goto(qrPath);
  await expect(page.getByRole("heading", { name: `Văn bản đã ban hành cho hồ sơ ${code}` })).toBeVisible();
  await expect(page.getByText("Chữ ký số hợp lệ.").first()).toBeVisible();
  await expect(page.getByText("Chữ ký số không hợp lệ.")).toHaveCount(0);
  await expectAccessible(page, "verification by QR");

  // Upload the downloaded result: valid, and the same bytes as the copy on file.
  await page.getByLabel("Tệp PDF cần xác thực").setInputFiles(resultFile);
  await page.getByRole("button", { name: "Xác thực", exact: true }).click();
  const verdict = page.getByTestId("verification-result");
  await expect(verdict).toContainText("Văn bản còn nguyên vẹn, chữ ký số hợp lệ");
  await expect(verdict).toContainText(`hồ sơ ${code}`);
  await expect(verdict).toContainText("Hoàng Văn Đức");
  await screenshot(page, "07-verification");

  // A copy with one byte changed inside the signed range is reported as altered.
  const tampered = Buffer.from(await readFile(resultFile));
  // Inside the first content stream: the file still parses, only the signed digest no longer matches.
  const at = tampered.indexOf("stream", 200) + 40;
  tampered[at] = tampered[at] ^ 0x01;
  await page.getByLabel("Tệp PDF cần xác thực").setInputFiles({ name: "sua-doi.pdf", mimeType: "application/pdf", buffer: tampered });
  await page.getByRole("button", { name: "Xác thực", exact: true }).click();
  await expect(verdict).toContainText("không hợp lệ hoặc văn bản đã bị thay đổi");
  await expect(verdict).toContainText("Đã bị thay đổi");
  await expect(verdict).toContainText("không trùng khớp");
});
