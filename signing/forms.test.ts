/**
 * Every form renders, its text (extracted by poppler, not by us) carries the Vietnamese strings,
 * and long content flows onto further pages.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as forms from './forms/index.js';
import { dateInWords, numberToWords, placeAndDate } from './forms/format.js';
import { RENDER_ENGINE } from './forms/layout.js';
import { pdfLibEngine } from './forms/pdf-lib-engine.js';
import * as samples from './samples.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mot-cua-forms-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function poppler(tool: 'pdftotext' | 'pdfinfo' | 'pdffonts', pdf: Uint8Array, ...options: string[]): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync(tool, tool === 'pdftotext' ? [...options, file, '-'] : [...options, file], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  // poppler reports damaged files on stderr but still exits 0.
  expect(r.stderr).toBe('');
  return r.stdout;
}
const pages = (pdf: Uint8Array) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))![1]);
/** pdftotext breaks lines where the layout does; compare with whitespace collapsed. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

const cases: Array<[string, () => Promise<forms.RenderedForm>, string[]]> = [
  ['Mẫu 01', () => forms.renderReceipt(samples.sampleReceipt), ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'Nguyễn Thị Thu Hằng', 'Giấy chứng sinh do cơ sở y tế nơi trẻ em sinh ra cấp', '10 giờ 15 phút, ngày 23/11/2026', '16 giờ 00 phút, ngày 24/11/2026', 'Qua dịch vụ bưu chính công ích']],
  ['Mẫu 02', () => forms.renderSupplementRequest(samples.sampleSupplementRequest), ['PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'thiếu chữ ký của người đi khai sinh']],
  ['Mẫu 03', () => forms.renderRefusal(samples.sampleRefusal), ['PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Ủy ban nhân dân cấp xã']],
  ['Mẫu 04', () => forms.renderApology(samples.sampleApology), ['PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', 'Lê Thị Ngọc Ánh', 'Nơi nhận:']],
  ['Mẫu 05', () => forms.renderStopNotice(samples.sampleStopNotice), ['THÔNG BÁO', 'Về việc dừng giải quyết hồ sơ']],
  ['Mẫu 06', () => forms.renderControlSheet(samples.sampleControlSheet), ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Trước hạn', 'Đúng hạn', 'Quá hạn']],
  ['Mẫu 07', () => forms.renderRegister(samples.sampleRegister), ['SỔ THEO DÕI HỒ SƠ', 'Tháng 11 năm 2026', 'Trần Quốc Việt']],
  ['result', () => forms.renderResultCertificate(samples.sampleResultCertificate), ['GIẤY PHÉP XÂY DỰNG', 'Nhà ở riêng lẻ 03 tầng']],
  ['birth', () => forms.renderBirthCertificate(samples.sampleBirthCertificate), ['GIẤY KHAI SINH', 'TRẦN NGUYỄN MINH KHUÊ', 'Ngày năm tháng mười một năm hai nghìn không trăm hai mươi sáu']],
  ['judicial', () => forms.renderJudicialRecord(samples.sampleJudicialRecord), ['PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1', 'Không có án tích', 'TRẦN QUỐC VIỆT']],
  ['household business', () => forms.renderHouseholdBusinessCertificate(samples.sampleHouseholdBusiness), ['GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', 'Một trăm năm mươi triệu đồng', 'HỘ KINH DOANH BÁNH CÁY HẰNG VIỆT']],
];

describe('forms', () => {
  it.each(cases)('%s carries the national title block and its content', async (_name, render, expected) => {
    const { pdf } = await render();
    const text = flat(poppler('pdftotext', pdf));
    expect(text).toContain(NATION);
    expect(text).toContain(MOTTO);
    for (const s of expected) expect(text).toContain(s);
  });

  it('reports where signatures go, inside the page', async () => {
    const { signatureAreas } = await forms.renderReceipt(samples.sampleReceipt);
    expect(Object.keys(signatureAreas).sort()).toEqual(['applicant', 'signer']);
    const [x, y, w, h] = signatureAreas.signer.rect;
    expect(x).toBeGreaterThan(0);
    expect(y).toBeGreaterThan(0);
    expect(x + w).toBeLessThan(595.3);
    expect(h).toBeGreaterThan(30);
  });

  it('flows a long document list onto further pages and keeps every row', async () => {
    const documents = Array.from({ length: 60 }, (_, i) => ({
      name: `Giấy tờ số ${i + 1}: bản sao có chứng thực giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất`,
      originals: i % 2,
      copies: 1,
    }));
    const { pdf } = await forms.renderReceipt({ ...samples.sampleReceipt, documents });
    expect(pages(pdf)).toBeGreaterThan(2);
    const text = flat(poppler('pdftotext', pdf));
    expect(text).toContain('Giấy tờ số 1:');
    expect(text).toContain('Giấy tờ số 60:');
    expect(text).toContain('NGƯỜI TIẾP NHẬN HỒ SƠ');
  });

  it('wraps a very long word instead of running off the page', async () => {
    const name = 'Nguyễn'.repeat(40);
    const { pdf } = await forms.renderReceipt({ ...samples.sampleReceipt, applicant: { ...samples.sampleReceipt.applicant, name } });
    expect(flat(poppler('pdftotext', pdf)).replace(/ /g, '')).toContain(name);
  });
});

describe('drawing engines', () => {
  // pdf-lib drawing the same layout, with the same glyph metrics: the reference for our writer.
  const reference = pdfLibEngine({ fonts: 'cached', nativeDeflate: true });
  const pairs: Array<[string, (engine?: typeof reference) => Promise<forms.RenderedForm>]> = [
    ['Mẫu 01', (e) => forms.renderReceipt({ ...samples.sampleReceipt, [RENDER_ENGINE]: e })],
    ['Mẫu 04 (bold italic)', (e) => forms.renderApology({ ...samples.sampleApology, [RENDER_ENGINE]: e })],
    ['Mẫu 07 (landscape, three pages)', (e) => forms.renderRegister({ ...samples.sampleRegister, [RENDER_ENGINE]: e })],
    ['result', (e) => forms.renderResultCertificate({ ...samples.sampleResultCertificate, [RENDER_ENGINE]: e })],
  ];

  it.each(pairs)('%s: the PDF writer puts the same text in the same places as pdf-lib', async (_name, render) => {
    const ours = await render();
    const ref = await render(reference);
    expect(poppler('pdftotext', ours.pdf, '-layout')).toBe(poppler('pdftotext', ref.pdf, '-layout'));
    expect(ours.signatureAreas).toEqual(ref.signatureAreas);
    expect(pages(ours.pdf)).toBe(pages(ref.pdf));
  });

  it('embeds every font as a subset with a ToUnicode map', async () => {
    const { pdf } = await forms.renderApology(samples.sampleApology);
    const rows = poppler('pdffonts', pdf).split('\n').slice(2).filter(Boolean);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+NotoSerif-\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('sets characters outside the shared Vietnamese subset, then keeps the shared one for the next document', async () => {
    // Polish and Greek are in Noto Serif but not in the shared subset; CJK is not in the font.
    const name = 'Łukasz Żółć-Ωmega 中';
    const { pdf } = await forms.renderReceipt({ ...samples.sampleReceipt, applicant: { ...samples.sampleReceipt.applicant, name } });
    const text = flat(poppler('pdftotext', pdf));
    expect(text).toContain('Łukasz Żółć-Ωmega');
    expect(text).toContain('Nguyễn Thị Hương');
    const again = flat(poppler('pdftotext', (await forms.renderReceipt(samples.sampleReceipt)).pdf));
    expect(again).toContain('Tiếp nhận hồ sơ của: Nguyễn Thị Thu Hằng');
  });
});

describe('Vietnamese formatting', () => {
  it('reads numbers', () => {
    expect(numberToWords(0)).toBe('không');
    expect(numberToWords(15)).toBe('mười lăm');
    expect(numberToWords(21)).toBe('hai mươi mốt');
    expect(numberToWords(105)).toBe('một trăm linh năm');
    expect(numberToWords(2026)).toBe('hai nghìn không trăm hai mươi sáu');
    expect(numberToWords(150_000_000)).toBe('một trăm năm mươi triệu');
    expect(numberToWords(1_200_000_000)).toBe('một tỷ hai trăm triệu');
  });

  it('writes dates in Vietnam time with the Decree 30 zero padding', () => {
    // 17:30 UTC on 31 January is already 1 February in Hà Nội.
    expect(placeAndDate('Thái Bình', new Date('2026-01-31T17:30:00Z'))).toBe('Thái Bình, ngày 01 tháng 02 năm 2026');
    expect(placeAndDate('Thái Bình', new Date('2026-11-23T03:00:00Z'))).toBe('Thái Bình, ngày 23 tháng 11 năm 2026');
    expect(placeAndDate('Thái Bình', new Date('2026-03-05T03:00:00Z'))).toBe('Thái Bình, ngày 05 tháng 3 năm 2026');
    expect(dateInWords(new Date('2026-04-21T03:00:00Z'))).toBe('Ngày hai mươi mốt tháng tư năm hai nghìn không trăm hai mươi sáu');
  });
});
