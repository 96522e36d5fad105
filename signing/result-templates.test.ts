/**
 * The typed result templates (issue 10): each renders on one page with the parts of its official
 * form, the Decree 30/2020 signature block for a deputy, Vietnamese money and dates; the leader's
 * visible signature carries the agency's seal mark and still verifies with poppler's pdfsig.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevPki, type DevPki } from './dev-ca.js';
import * as forms from './forms/index.js';
import { signPdf } from './pades.js';
import * as samples from './samples.js';

let dir: string;
let pki: DevPki;
const VALIDITY = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2090-01-01T00:00:00Z') };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mot-cua-results-'));
  pki = await ensureDevPki(path.join(dir, 'pki'), [{ id: 'leader', name: 'Hoàng Văn Đức', title: 'Phó Chủ tịch UBND huyện', agency: 'UBND huyện Đông Hưng' }], { validity: VALIDITY });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function poppler(tool: 'pdftotext' | 'pdfinfo' | 'pdfsig', pdf: Uint8Array): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync(tool, tool === 'pdftotext' ? [file, '-'] : [file], { encoding: 'utf8' });
  return r.stdout;
}
function rawText(pdf: Uint8Array): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).stdout;
}
const text = (pdf: Uint8Array) => poppler('pdftotext', pdf).replace(/\s+/g, ' ');
const pages = (pdf: Uint8Array) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', pdf))![1]);

const deputy = forms.withAuthority({ name: 'Hoàng Văn Đức', title: 'Phó Chủ tịch UBND huyện' }, { headTitle: 'Chủ tịch', collectiveBody: 'Ủy ban nhân dân' });
const district = { agency: 'Ủy ban nhân dân huyện Đông Hưng', place: 'Đông Hưng', date: new Date('2026-11-26T02:00:00Z') };

describe('Decree 30 signature authority', () => {
  it('a deputy signs KT. for the head, under the head title; the head signs as herself; others keep their title', () => {
    expect(forms.signatureAuthority({ signerTitle: 'Phó Chủ tịch UBND huyện', headTitle: 'Chủ tịch', collectiveBody: 'Ủy ban nhân dân' })).toEqual({
      authority: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH'],
      title: 'PHÓ CHỦ TỊCH',
    });
    expect(forms.signatureAuthority({ signerTitle: 'Phó Giám đốc Sở Tư pháp', headTitle: 'Giám đốc' })).toEqual({ authority: ['KT. GIÁM ĐỐC'], title: 'PHÓ GIÁM ĐỐC' });
    expect(forms.signatureAuthority({ signerTitle: 'Chủ tịch UBND xã', headTitle: 'Chủ tịch', collectiveBody: 'Ủy ban nhân dân' })).toEqual({ authority: ['TM. ỦY BAN NHÂN DÂN'], title: 'CHỦ TỊCH' });
    expect(forms.signatureAuthority({ signerTitle: 'Trưởng phòng', headTitle: 'Giám đốc' })).toEqual({ authority: [], title: 'TRƯỞNG PHÒNG' });
    expect(forms.isDeputyTitle('Phó Trưởng phòng', 'Chủ tịch')).toBe(false);
  });
});

describe('typed result templates', () => {
  it('the household-business certificate: number and symbol, place and date, money with words, KT. CHỦ TỊCH, one page', async () => {
    const { pdf } = await forms.renderHouseholdBusinessCertificate({
      ...samples.sampleHouseholdBusiness,
      header: { ...district, number: '1/GCN-ĐKHKD' },
      capital: 50_000,
      signer: deputy,
    });
    const t = text(pdf);
    for (const s of ['ỦY BAN NHÂN DÂN HUYỆN ĐÔNG HƯNG', 'Số: 1/GCN-ĐKHKD', 'Đông Hưng, ngày 26 tháng 11 năm 2026', 'GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH', 'Mã số hộ kinh doanh: 34A8012345', '50.000 đồng', 'Năm mươi nghìn đồng', 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Hoàng Văn Đức']) {
      expect(t).toContain(s);
    }
    expect(t).not.toContain('PHÓ CHỦ TỊCH UBND HUYỆN');
    expect(pages(pdf)).toBe(1);
  });

  it('the judicial record: its legal bases, XÁC NHẬN, the criminal record, preparer and KT. GIÁM ĐỐC', async () => {
    const { pdf } = await forms.renderJudicialRecord({
      ...samples.sampleJudicialRecord,
      convictions: [{ judgment: 'Bản án số 12/2019/HS-ST ngày 03/4/2019 của Tòa án nhân dân huyện Đông Hưng', offence: 'Trộm cắp tài sản', sentence: '06 tháng tù cho hưởng án treo', status: 'đã được xóa án tích' }],
    });
    const t = text(pdf);
    for (const s of ['PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1', 'Căn cứ Luật Lý lịch tư pháp ngày 17 tháng 6 năm 2009', 'XÁC NHẬN:', 'Có án tích', 'Trộm cắp tài sản', 'NGƯỜI LẬP PHIẾU', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']) expect(t).toContain(s);
    expect(pages(pdf)).toBe(1);
  });

  it('the generic decision: issuer, Căn cứ, QUYẾT ĐỊNH:, numbered articles ending ./., Nơi nhận', async () => {
    const { pdf } = await forms.renderDecision(samples.sampleDecision);
    const t = text(pdf);
    for (const s of ['QUYẾT ĐỊNH', 'Về việc hỗ trợ kinh phí', 'CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐÔNG HƯNG', 'Căn cứ Luật Tổ chức chính quyền địa phương', 'QUYẾT ĐỊNH:', 'Điều 1.', 'Điều 2.', 'Điều 3.', 'thi hành Quyết định này./.', 'Nơi nhận:', '- Như Điều 3;', 'KT. CHỦ TỊCH', 'Số: 1250/QĐ-UBND', 'Đông Hưng, ngày 26 tháng 11 năm 2026']) {
      expect(t).toContain(s);
    }
    expect(pages(pdf)).toBe(1);
  });

  it('a draft carries the DỰ THẢO watermark on every page; the final document does not', async () => {
    const draft = await forms.renderDecision({ ...samples.sampleDecision, watermark: 'DỰ THẢO' });
    // Set diagonally, the word comes out of pdftotext in pieces; its letters in reading order do not lie.
    const letters = (pdf: Uint8Array) => poppler('pdftotext', pdf).replace(/\s+/g, '').includes('DỰTHẢO') || /D\s*Ự\s*T\s*H\s*Ả\s*O/.test(rawText(pdf));
    expect(letters(draft.pdf)).toBe(true);
    expect(letters((await forms.renderDecision(samples.sampleDecision)).pdf)).toBe(false);
  });

  it("the leader's visible signature with the agency's seal mark verifies with pdfsig", async () => {
    const form = await forms.renderHouseholdBusinessCertificate({ ...samples.sampleHouseholdBusiness, header: { ...district, number: '2/GCN-ĐKHKD' }, signer: deputy });
    const signed = await signPdf(form.pdf, await pki.loadSigner('leader'), {
      signingTime: new Date('2026-11-26T03:00:00Z'),
      appearance: { ...form.signatureAreas.signer, seal: { agency: 'UBND huyện Đông Hưng' } },
      reason: 'Phê duyệt',
    });
    const report = poppler('pdfsig', signed);
    expect(report).toContain('Signature is Valid');
    expect(report).toContain('Hoàng Văn Đức');
    // The appearance shows who signed beside the seal; the document's own text is unchanged.
    expect(text(signed)).toContain('Ký bởi: Hoàng Văn Đức');
    expect(text(signed)).toContain(text(form.pdf).slice(0, 400));
  });
});
