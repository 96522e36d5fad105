/**
 * Issue 8's upload probes over HTTP against the real server, as an attacker would send them. (The
 * virus probe, which needs clamd, runs against a real clamd in app/services/upload-probes.test.ts.)
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { DEMO_PASSWORD } from "../db/demo-data";

const SUBMIT = "/thu-tuc/1.001612/nop-truc-tuyen";
const MB = 1024 * 1024;
const BOUNDARY = "----motcua-e2e";

type Part = { name: string; value?: string; fileName?: string; type?: string; bytes?: Buffer };

/** A multipart body written byte by byte: the file name goes out exactly as given. */
function multipart(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = p.fileName === undefined ? `form-data; name="${p.name}"` : `form-data; name="${p.name}"; filename="${p.fileName}"`;
    const head = `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${p.fileName === undefined ? "" : `Content-Type: ${p.type ?? "application/pdf"}\r\n`}\r\n`;
    chunks.push(Buffer.from(head, "utf8"), p.bytes ?? Buffer.from(p.value ?? "", "utf8"), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const applicant: Part[] = Object.entries({
  applicantName: "Nguyễn Văn An",
  applicantIdNumber: "034090001234",
  applicantPhone: "0912345678",
  applicantEmail: "",
  applicantAddress: "Thôn Lạc Thành, xã Đông La",
  resultDelivery: "2",
  f_businessName: "Hộ kinh doanh An Bình",
  f_businessAddress: "Thôn Lạc Thành, xã Đông La",
  f_businessLines: "Bán lẻ tạp hoá",
  f_capital: "100000000",
}).map(([name, value]) => ({ name, value }));

const post = (request: APIRequestContext, origin: string, parts: Part[]) =>
  request.post(SUBMIT, {
    data: multipart([...parts, { name: "idempotencyKey", value: crypto.randomUUID() }]),
    headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`, Origin: origin },
    maxRedirects: 0,
  });

async function signedIn(request: APIRequestContext, origin: string) {
  const res = await request.post("/dang-nhap", { form: { username: "congdan", password: DEMO_PASSWORD }, headers: { Origin: origin }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
}

const tinyPdf = async (withOpenAction = false) => {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  if (withOpenAction) doc.catalog.set(PDFName.of("OpenAction"), doc.context.obj({ S: "JavaScript", JS: PDFString.of("app.alert(1)") }));
  return Buffer.from(await doc.save());
};

test("an anonymous POST of ten 9.9 MB parts is sent to sign in, not read", async ({ playwright, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const anonymous = await playwright.request.newContext({ baseURL });
  const big = Buffer.alloc(Math.round(9.9 * MB), 0x25);
  const res = await post(anonymous, origin, Array.from({ length: 10 }, (_, i) => ({ name: `doc-${i % 3}`, fileName: `lon-${i}.pdf`, bytes: big })));
  expect(res.status()).toBe(302);
  expect(res.headers()["location"]).toMatch(/^\/dang-nhap\?redirectTo=/);
  await anonymous.dispose();
});

test("a citizen's form with more files than it has, or a file over 10 MB, gets 413 in Vietnamese", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await signedIn(request, origin);
  const pdf = await tinyPdf();
  const many = await post(request, origin, [...applicant, ...[0, 1, 2, 0, 1].map((i) => ({ name: `doc-${i}`, fileName: `tep-${i}.pdf`, bytes: pdf }))]);
  expect(many.status()).toBe(413);
  expect(await many.text()).toContain("Mỗi lần gửi được đính kèm tối đa 3 tệp.");
  const large = await post(request, origin, [...applicant, { name: "doc-0", fileName: "qua-lon.pdf", bytes: Buffer.alloc(10 * MB + 1, 0x25) }]);
  expect(large.status()).toBe(413);
  const page = await large.text();
  expect(page).toContain("vượt quá dung lượng cho phép 10 MB");
  // What was typed comes back in the form.
  expect(page).toContain("Hộ kinh doanh An Bình");
});

test("a quote and CRLF in a file name is a 400 with a Vietnamese message, never a 500", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await signedIn(request, origin);
  const res = await post(request, origin, [...applicant, { name: "doc-0", fileName: 'a"\r\nContent-Type: text/html\r\n\r\n<script>x</script>.pdf', bytes: await tinyPdf() }]);
  expect(res.status()).toBe(400);
  const body = await res.text();
  // Either the parser refuses the body, or the field is refused: a 400 page in Vietnamese either way.
  expect(body).toMatch(/Biểu mẫu gửi lên|Hồ sơ chưa được nộp/);
  expect(body).not.toMatch(/node_modules|\/work\/|at [\w.]+ \(/);
});

test("a PDF with an /OpenAction JavaScript is refused with a clear message; a forged pending upload is not attached", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await signedIn(request, origin);
  const active = await post(request, origin, [...applicant, { name: "doc-0", fileName: "hanh-dong.pdf", bytes: await tinyPdf(true) }]);
  expect(active.status()).toBe(400);
  expect(await active.text()).toContain("chứa mã JavaScript, hành động tự chạy khi mở tệp nên không được nhận");

  // Once a token signed with a public secret attached an HTML file; now only the owner's own records count.
  const forged = await post(request, origin, [...applicant, { name: "pending-0", value: "A".repeat(43) }]);
  expect(forged.status()).toBe(400);
  expect(await forged.text()).toContain("Vui lòng đính kèm");
});
