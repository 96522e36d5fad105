/**
 * Signing throughput: our PAdES signer against @signpdf/signpdf + P12Signer +
 * @signpdf/placeholder-pdf-lib, in the same process, on the same pre-rendered document.
 *
 *   npx tsx bench/signing.ts [N]        (default N = 200)
 *
 * Two measurements, each per document:
 *   A. sign only — both start from the same rendered bytes. Ours: incremental update with a
 *      visible appearance (subset font cached per signer), CMS with signing-certificate-v2, RSA in
 *      OpenSSL, key parsed once. Baseline: load into pdf-lib, add placeholder, save, sign; a
 *      P12Signer signs once, so one is made per document (it parses the PKCS#12 each time and
 *      signs with forge's JavaScript RSA), which is how the library is meant to be used.
 *   B. render + sign — Mẫu 01 rendered afresh for every document (fonts cached, subset per
 *      document) and then signed by each path: what a worker issuing receipts does.
 * Not timed: key generation, PKI files, warm-up runs.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { ensureDevPki } from '../signing/dev-ca.js';
import { renderReceipt } from '../signing/forms/index.js';
import { loadP12Signer } from '../signing/keys.js';
import { signPdf } from '../signing/pades.js';
import { sampleReceipt } from '../signing/samples.js';
import { verifyPdf } from '../signing/verify.js';

const N = Number(process.argv[2] ?? 200);

/**
 * A root and one signer with ASCII-only names, used by both paths. @signpdf cannot sign with the
 * dev PKI: forge's pkcs7 re-encodes the issuer name from its parsed form and double-encodes
 * UTF8String values, so its IssuerAndSerialNumber names a CA that does not exist (pdfsig:
 * "Unknown Validation Failure"). A baseline that produces broken signatures is no baseline.
 */
function asciiPki(): { p12: Buffer; password: string; rootCertPem: string } {
  const key = () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const k = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
    return { k, pub: forge.pki.setRsaPublicKey(k.n, k.e) };
  };
  const make = (cn: string, pub: forge.pki.rsa.PublicKey, issuer: forge.pki.Certificate | undefined, signKey: forge.pki.rsa.PrivateKey, ca: boolean) => {
    const c = forge.pki.createCertificate();
    c.publicKey = pub;
    c.serialNumber = ca ? '01' : '02';
    c.validity.notBefore = new Date(Date.now() - 86_400_000);
    c.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
    c.setSubject([{ shortName: 'CN', value: cn }, { shortName: 'C', value: 'VN' }]);
    c.setIssuer(issuer ? issuer.subject.attributes : c.subject.attributes);
    c.setExtensions([{ name: 'basicConstraints', cA: ca, critical: true }, ca ? { name: 'keyUsage', keyCertSign: true, critical: true } : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true }]);
    c.sign(signKey, forge.md.sha256.create());
    return c;
  };
  const rootKey = key();
  const root = make('Bench Root CA (dev only)', rootKey.pub, undefined, rootKey.k, true);
  const leafKey = key();
  const leaf = make('Nguyen Thi Huong (bench)', leafKey.pub, root, rootKey.k, false);
  const password = 'bench-only';
  const p12 = forge.pkcs12.toPkcs12Asn1(leafKey.k, [leaf, root], password, { algorithm: 'aes256' });
  return { p12: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'latin1'), password, rootCertPem: forge.pki.certificateToPem(root) };
}
const dir = mkdtempSync(path.join(tmpdir(), 'mot-cua-bench-'));

try {
  // The dev PKI is not used for timing (see asciiPki); creating it here only proves it still works.
  await ensureDevPki(dir, []);
  const pki = asciiPki();
  const p12 = pki.p12;
  const signer = loadP12Signer(p12, pki.password);
  const rendered = await renderReceipt(sampleReceipt);
  const area = rendered.signatureAreas.signer;

  const ours = (pdf: Uint8Array) =>
    signPdf(pdf, signer, { signingTime: new Date(), appearance: area, reason: 'Tiếp nhận hồ sơ', location: 'Thái Bình' });

  const baseline = async (pdf: Uint8Array) => {
    const doc = await PDFDocument.load(pdf);
    pdflibAddPlaceholder({ pdfDoc: doc, reason: 'Tiep nhan ho so', contactInfo: '', name: 'Nguyen Thi Huong', location: 'Thai Binh', signatureLength: 16384 });
    const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
    return new SignPdf().sign(withPlaceholder, new P12Signer(p12, { passphrase: pki.password }));
  };

  // Both outputs must be real signatures before their speed means anything.
  const check = await verifyPdf(await ours(rendered.pdf), { trustRoots: [pki.rootCertPem] });
  const checkBase = await verifyPdf(await baseline(rendered.pdf), { trustRoots: [pki.rootCertPem] });
  if (!check.ok || !checkBase.ok) throw new Error('a signer produced an invalid signature');

  async function time(label: string, n: number, fn: () => Promise<unknown>): Promise<number> {
    for (let i = 0; i < Math.min(10, n); i++) await fn();
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / n;
    console.log(`  ${label.padEnd(44)} ${ms.toFixed(2).padStart(8)} ms/doc`);
    return ms;
  }

  console.log(`N = ${N} documents per path (Node ${process.version})`);
  console.log('A. sign a pre-rendered Mẫu 01 (%d bytes)', rendered.pdf.length);
  const aOurs = await time('ours (signPdf, PAdES B-B, visible)', N, () => ours(rendered.pdf));
  const aBase = await time('@signpdf + P12Signer + placeholder-pdf-lib', N, () => baseline(rendered.pdf));
  console.log(`  ratio: ours is ${(aBase / aOurs).toFixed(1)}× faster per document`);

  const nb = Math.max(20, Math.floor(N / 4));
  console.log(`B. render Mẫu 01 + sign, N = ${nb}`);
  const bRender = await time('render only (reference)', nb, () => renderReceipt(sampleReceipt));
  const bOurs = await time('render + ours', nb, async () => ours((await renderReceipt(sampleReceipt)).pdf));
  const bBase = await time('render + @signpdf', nb, async () => baseline((await renderReceipt(sampleReceipt)).pdf));
  console.log(`  ratio: ${(bBase / bOurs).toFixed(1)}× (rendering, common to both, is ${bRender.toFixed(1)} ms of it)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
