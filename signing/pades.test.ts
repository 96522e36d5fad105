/**
 * Signing and verification, checked against independent implementations: poppler's pdfsig,
 * OpenSSL's CMS verifier, and forge's ASN.1 parser for the attribute list.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevPki, type DevPki } from './dev-ca.js';
import { renderResultCertificate } from './forms/index.js';
import { loadP12Signer, type Signer } from './keys.js';
import { signPdf } from './pades.js';
import { sampleResultCertificate } from './samples.js';
import { verifyPdf } from './verify.js';

const PEOPLE = [
  { id: 'head', name: 'Trần Văn Đức', title: 'Trưởng phòng', agency: 'Phòng Quản lý xây dựng, Sở Xây dựng' },
  { id: 'leader', name: 'Phạm Quang Vĩnh', title: 'Phó Giám đốc', agency: 'Sở Xây dựng tỉnh Thái Bình' },
  { id: 'seal', name: 'Sở Xây dựng tỉnh Thái Bình', title: '', agency: 'Sở Xây dựng tỉnh Thái Bình', kind: 'organisation' as const },
];

let dir: string;
let pki: DevPki;
let otherPki: DevPki;
let head: Signer;
let leader: Signer;
let seal: Signer;
let unsigned: Uint8Array;
let areas: Awaited<ReturnType<typeof renderResultCertificate>>['signatureAreas'];
let threeSigned: Uint8Array;

const at = (iso: string) => new Date(iso);
/**
 * The test signs at fixed instants in November 2026 and at "now" (whatever the clock says, also when
 * moved years ahead), and checks that 2099 lies after the certificates' validity: its PKI is issued
 * for exactly that window, not from the day the test runs.
 */
const TEST_PKI_VALIDITY = { notBefore: at('2026-01-01T00:00:00Z'), notAfter: at('2090-01-01T00:00:00Z') };

function pdfsig(pdf: Uint8Array): string {
  const file = path.join(dir, `pdfsig-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return r.stdout + r.stderr;
}

/** ByteRange and CMS of every signature, found by text search independent of verify.ts. */
function extractSignatures(pdf: Uint8Array): Array<{ signed: Buffer; cms: Buffer }> {
  const buf = Buffer.from(pdf);
  const text = buf.toString('latin1');
  const out: Array<{ signed: Buffer; cms: Buffer }> = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const [a, b, c, d] = m.slice(1).map(Number);
    const hex = text.slice(b + 1, c - 1);
    const der = Buffer.from(hex, 'hex');
    const len = forge.asn1.fromDer(der.toString('latin1'), { parseAllBytes: false } as never);
    const cmsLength = forge.asn1.toDer(len).length();
    out.push({ signed: Buffer.concat([buf.subarray(a, a + b), buf.subarray(c, c + d)]), cms: der.subarray(0, cmsLength) });
  }
  return out;
}

function opensslCmsVerify(signed: Buffer, cms: Buffer, caFile: string): { ok: boolean; output: string } {
  const id = Math.random().toString(36).slice(2);
  const data = path.join(dir, `${id}.bin`);
  const sig = path.join(dir, `${id}.p7s`);
  writeFileSync(data, signed);
  writeFileSync(sig, cms);
  const r = spawnSync(
    'openssl',
    ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', data, '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null'],
    { encoding: 'utf8' },
  );
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}

/** OIDs of the signed attributes, read with forge's ASN.1 parser. */
function signedAttributeOids(cms: Buffer): string[] {
  const ci = forge.asn1.fromDer(cms.toString('latin1'));
  const sd = ((ci.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
  const signerInfos = sd[sd.length - 1].value as forge.asn1.Asn1[];
  const si = signerInfos[0].value as forge.asn1.Asn1[];
  const attrs = si.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  return ((attrs?.value ?? []) as forge.asn1.Asn1[]).map((a) =>
    forge.asn1.derToOid((a.value as forge.asn1.Asn1[])[0].value as string),
  );
}

/** Appends an incremental update that changes the document title without signing it. */
function appendUnsignedUpdate(pdf: Uint8Array): Uint8Array {
  const buf = Buffer.from(pdf);
  const tail = buf.subarray(buf.length - 1024).toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)![1]);
  const text = buf.toString('latin1');
  const trailers = [...text.matchAll(/trailer\s*<<([\s\S]*?)>>\s*startxref/g)];
  const last = trailers[trailers.length - 1][1];
  const size = Number(/\/Size\s+(\d+)/.exec(last)![1]);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(last)![1];
  const objOffset = buf.length + 1;
  const obj = `\n${size} 0 obj\n<< /Title (Changed after signing) >>\nendobj\n`;
  const xrefOffset = buf.length + obj.length;
  const xref = `xref\n${size} 1\n${String(objOffset).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size ${size + 1} /Root ${root} /Info ${size} 0 R /Prev ${prev} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([buf, Buffer.from(obj + xref, 'latin1')]);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mot-cua-signing-'));
  pki = await ensureDevPki(path.join(dir, 'pki'), PEOPLE, { validity: TEST_PKI_VALIDITY });
  otherPki = await ensureDevPki(path.join(dir, 'other-pki'), [], { validity: TEST_PKI_VALIDITY });
  head = await pki.loadSigner('head');
  leader = await pki.loadSigner('leader');
  seal = await pki.loadSigner('seal');
  const rendered = await renderResultCertificate(sampleResultCertificate);
  unsigned = rendered.pdf;
  areas = rendered.signatureAreas;
  const one = await signPdf(unsigned, head, { signingTime: at('2026-11-24T02:00:00Z'), appearance: areas.reviewer, reason: 'Trình ký' });
  const two = await signPdf(one, leader, {
    signingTime: at('2026-11-24T03:00:00Z'),
    appearance: areas.signer,
    reason: 'Phê duyệt kết quả giải quyết hồ sơ',
    location: 'Thái Bình',
  });
  threeSigned = await signPdf(two, seal, { signingTime: at('2026-11-24T03:05:00Z'), appearance: false, fieldName: 'DauCoQuan' });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dev PKI', () => {
  it('writes Vietnamese names as UTF-8 that OpenSSL reads back', () => {
    const subject = execFileSync('openssl', ['x509', '-in', pki.people.leader.certPath, '-noout', '-subject', '-nameopt', 'utf8'], { encoding: 'utf8' });
    expect(subject).toContain('CN=Phạm Quang Vĩnh');
    expect(subject).toContain('O=Sở Xây dựng tỉnh Thái Bình');
    const root = execFileSync('openssl', ['x509', '-in', pki.rootCertPath, '-noout', '-subject', '-nameopt', 'utf8'], { encoding: 'utf8' });
    expect(root).toContain('Ban Cơ yếu Chính phủ (KHÔNG DÙNG THẬT)');
  });

  it('writes PKCS#12 files that OpenSSL and forge both open', () => {
    const info = spawnSync(
      'openssl',
      ['pkcs12', '-info', '-in', pki.people.seal.p12Path, '-passin', `pass:${pki.password}`, '-nokeys', '-clcerts'],
      { encoding: 'utf8' },
    );
    expect(info.status).toBe(0);
    expect(info.stderr).toContain('MAC: sha1');
    const subject = execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'utf8'], { input: info.stdout, encoding: 'utf8' });
    expect(subject).toContain('CN=Sở Xây dựng tỉnh Thái Bình');
    const signer = loadP12Signer(readFileSync(pki.people.head.p12Path), pki.password);
    expect(signer.identity).toEqual({ name: 'Trần Văn Đức', title: 'Trưởng phòng', agency: 'Phòng Quản lý xây dựng, Sở Xây dựng' });
    expect(signer.chain).toHaveLength(2);
    expect(() => loadP12Signer(readFileSync(pki.people.head.p12Path), 'wrong password')).toThrow();
  });

  it('reuses what is already there', async () => {
    const before = readFileSync(pki.people.leader.p12Path);
    const again = await ensureDevPki(pki.dir, PEOPLE, { validity: TEST_PKI_VALIDITY });
    expect(readFileSync(again.people.leader.p12Path).equals(before)).toBe(true);
    expect(again.rootCertPem).toBe(pki.rootCertPem);
  });

  it('issues to a newcomer, in a later run, a certificate that chains to the root (Vietnamese CA names read back from file)', async () => {
    const later = await ensureDevPki(pki.dir, [{ id: 'newcomer', name: 'UBND xã Đông La', title: '', agency: 'UBND xã Đông La', kind: 'organisation' }], { validity: TEST_PKI_VALIDITY });
    const cert = later.people.newcomer.certPath;
    const subCa = forge.pki.certificateFromPem(readFileSync(path.join(pki.dir, 'sub-ca.pem'), 'utf8'));
    const issued = forge.pki.certificateFromPem(readFileSync(cert, 'utf8'));
    expect(subCa.verify(issued)).toBe(true);
    const issuer = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-issuer', '-nameopt', 'utf8']).toString();
    expect(issuer).toContain('Demo CA chuyên dùng Chính phủ cấp 2');
    const check = spawnSync('openssl', ['verify', '-CAfile', path.join(pki.dir, 'ca-bundle.pem'), '-attime', String(Date.parse('2030-01-01T00:00:00Z') / 1000), cert]);
    expect(check.stdout.toString()).toContain(': OK');
  });
});

describe('signPdf', () => {
  it('keeps the original bytes as a prefix (incremental update)', () => {
    expect(Buffer.from(threeSigned.subarray(0, unsigned.length)).equals(Buffer.from(unsigned))).toBe(true);
  });

  it('produces three signatures that pdfsig accepts, the last covering the whole file', () => {
    const out = pdfsig(threeSigned);
    expect(out.match(/Signature is Valid/g)).toHaveLength(3);
    const blocks = out.split(/Signature #\d+:/).slice(1);
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toContain('Not total document signed');
    expect(blocks[1]).toContain('Not total document signed');
    expect(blocks[2]).toMatch(/- Total document signed/);
    expect(blocks[2]).toContain('Signature Field Name: DauCoQuan');
    expect(blocks[1]).toContain('Phạm Quang Vĩnh');
    expect(out).toContain('ETSI.CAdES.detached');
  });

  it('writes CMS that openssl cms -verify accepts, with signing-certificate-v2 and no signing-time', () => {
    const sigs = extractSignatures(threeSigned);
    expect(sigs).toHaveLength(3);
    for (const s of sigs) {
      const r = opensslCmsVerify(s.signed, s.cms, pki.rootCertPath);
      expect(r.output).toContain('Verification successful');
      expect(r.ok).toBe(true);
      const oids = signedAttributeOids(s.cms);
      expect(oids).toContain('1.2.840.113549.1.9.16.2.47');
      expect(oids).toContain('1.2.840.113549.1.9.4');
      expect(oids).not.toContain('1.2.840.113549.1.9.5');
    }
  });

  it('is rejected by openssl against another CA', () => {
    const [s] = extractSignatures(threeSigned);
    expect(opensslCmsVerify(s.signed, s.cms, otherPki.rootCertPath).ok).toBe(false);
  });

  it('signs files whose last cross-reference section is a stream', async () => {
    const doc = await PDFDocument.load(unsigned);
    const withStreams = await doc.save({ useObjectStreams: true });
    expect(Buffer.from(withStreams).toString('latin1')).toContain('/Type /XRef');
    const once = await signPdf(withStreams, leader, { signingTime: at('2026-11-24T03:00:00Z'), appearance: areas.signer });
    const twice = await signPdf(once, seal, { signingTime: at('2026-11-24T03:01:00Z') });
    const out = pdfsig(twice);
    expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    expect(out).toMatch(/- Total document signed/);
    expect((await verifyPdf(twice, { trustRoots: [pki.rootCertPem] })).ok).toBe(true);
  });

  it('refuses a field name that exists', async () => {
    await expect(signPdf(threeSigned, head, { signingTime: new Date(), fieldName: 'DauCoQuan' })).rejects.toThrow(/already exists/);
  });
});

describe('verifyPdf', () => {
  it('reports three valid, trusted signatures with their details', async () => {
    const r = await verifyPdf(threeSigned, { trustRoots: [pki.rootCertPem] });
    expect(r.ok).toBe(true);
    expect(r.modifiedAfterLastSignature).toBe(false);
    expect(r.signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2', 'DauCoQuan']);
    expect(r.signatures.map((s) => s.signerName)).toEqual(['Trần Văn Đức', 'Phạm Quang Vĩnh', 'Sở Xây dựng tỉnh Thái Bình']);
    expect(r.signatures.map((s) => s.coversWholeDocument)).toEqual([false, false, true]);
    for (const s of r.signatures) {
      expect(s).toMatchObject({ integrity: 'valid', chainTrusted: true, certValidAtSigning: true, padesBaseline: true });
      expect(s.issuer).toContain('KHÔNG DÙNG THẬT');
    }
    expect(r.signatures[1].reason).toBe('Phê duyệt kết quả giải quyết hồ sơ');
    expect(r.signatures[1].location).toBe('Thái Bình');
    expect(r.signatures[1].signingTime?.toISOString()).toBe('2026-11-24T03:00:00.000Z');
    expect(r.signatures[1].signerSubject).toContain('title=Phó Giám đốc');
  });

  it('finds a flipped byte inside the signed range, as pdfsig does', async () => {
    const tampered = Buffer.from(threeSigned);
    // A byte of the first page's content stream, covered by all three signatures.
    const pos = Buffer.from(unsigned).indexOf('stream') + 40;
    tampered[pos] ^= 0x01;
    const r = await verifyPdf(tampered, { trustRoots: [pki.rootCertPem] });
    expect(r.ok).toBe(false);
    expect(r.signatures.map((s) => s.integrity)).toEqual(['invalid', 'invalid', 'invalid']);
    const out = pdfsig(tampered);
    expect(out).not.toContain('Signature is Valid');
    expect(out.match(/Signature Validation: /g)).toHaveLength(3);
  });

  it('reports an unsigned incremental update after the last signature', async () => {
    const changed = appendUnsignedUpdate(threeSigned);
    const r = await verifyPdf(changed, { trustRoots: [pki.rootCertPem] });
    expect(r.modifiedAfterLastSignature).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.signatures.every((s) => s.integrity === 'valid' && !s.coversWholeDocument)).toBe(true);
    const out = pdfsig(changed);
    expect(out.match(/Signature is Valid/g)).toHaveLength(3);
    expect(out).not.toMatch(/- Total document signed/);
  });

  it('does not trust a chain to an unrelated root', async () => {
    const r = await verifyPdf(threeSigned, { trustRoots: [otherPki.rootCertPem] });
    expect(r.ok).toBe(false);
    expect(r.signatures.every((s) => s.integrity === 'valid' && !s.chainTrusted)).toBe(true);
  });

  it('flags a claimed signing time outside the certificate validity', async () => {
    const late = await signPdf(unsigned, leader, { signingTime: at('2099-01-01T00:00:00Z') });
    const r = await verifyPdf(late, { trustRoots: [pki.rootCertPem] });
    expect(r.signatures[0]).toMatchObject({ integrity: 'valid', chainTrusted: true, certValidAtSigning: false });
    expect(r.ok).toBe(false);
  });

  it('flags a claimed signing time before the certificate validity', async () => {
    const early = await signPdf(unsigned, leader, { signingTime: at('2025-06-01T00:00:00Z') });
    const r = await verifyPdf(early, { trustRoots: [pki.rootCertPem] });
    expect(r.signatures[0]).toMatchObject({ integrity: 'valid', chainTrusted: true, certValidAtSigning: false });
    expect(r.ok).toBe(false);
  });

  it('finds no signature in an unsigned file', async () => {
    const r = await verifyPdf(unsigned, { trustRoots: [pki.rootCertPem] });
    expect(r).toEqual({ signatures: [], modifiedAfterLastSignature: false, ok: false });
  });
});
