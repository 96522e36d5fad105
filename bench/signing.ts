/**
 * Issuing a signed Mẫu 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả): our renderer and PAdES signer
 * against pdf-lib + @signpdf/signpdf + P12Signer + @signpdf/placeholder-pdf-lib, in one process,
 * on the same document.
 *
 *   npx tsx bench/signing.ts [N]        (default N = 200)
 *
 * Per document, each path:
 *   A. generate + sign (the requirement). Both render the same layout (forms/layout.ts fed the
 *      same sample) the way they would in production.
 *      Ours: `pdfWriterEngine` (shared Vietnamese font subsets, content and file written
 *      directly), then `signPdf` (incremental update, visible appearance, CMS with
 *      signing-certificate-v2, RSA in OpenSSL with the key parsed once).
 *      Baseline: `pdfLibEngine` with stock fontkit, as a pdf-lib application does it — embed
 *      the fonts as subsets, draw with `page.drawText`, add @signpdf's placeholder to the same
 *      PDFDocument and `save()` once — then `SignPdf.sign` with a new P12Signer (a P12Signer
 *      signs once, so one per document: it parses the PKCS#12 and signs with forge's JavaScript
 *      RSA). The baseline's signature is invisible, ours has an appearance.
 *      Also shown, for reference: the same baseline with the pdf-lib renderer tuned as far as
 *      pdf-lib allows (parsed fonts cached, no shaping, zlib), which is what `signing/` used
 *      before `pdfWriterEngine`.
 *   B. sign only: both start from the same rendered bytes. Baseline: load into pdf-lib, add the
 *      placeholder, save, sign.
 * Not timed: key generation, PKI files, warm-up runs (the first document of a process also
 * builds the font subsets; that one-time cost is printed separately).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { ensureDevPki } from '../signing/dev-ca.js';
import { renderReceipt } from '../signing/forms/index.js';
import { RENDER_ENGINE } from '../signing/forms/layout.js';
import { pdfLibEngine, type PdfLibEngineOptions } from '../signing/forms/pdf-lib-engine.js';
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

// Before anything else touches the fonts: what the first receipt of a fresh process costs.
const coldStart = process.hrtime.bigint();
await renderReceipt(sampleReceipt);
const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;

try {
  // The dev PKI is not used for timing (see asciiPki); creating it here only proves it still works.
  await ensureDevPki(dir, []);
  const pki = asciiPki();
  const p12 = pki.p12;
  const signer = loadP12Signer(p12, pki.password);
  const rendered = await renderReceipt(sampleReceipt);
  const area = rendered.signatureAreas.signer;

  const sign = (pdf: Uint8Array) =>
    signPdf(pdf, signer, { signingTime: new Date(), appearance: area, reason: 'Tiếp nhận hồ sơ', location: 'Thái Bình' });
  const ours = async () => sign((await renderReceipt(sampleReceipt)).pdf);

  const addPlaceholder = (pdfDoc: PDFDocument) =>
    pdflibAddPlaceholder({ pdfDoc, reason: 'Tiep nhan ho so', contactInfo: '', name: 'Nguyen Thi Huong', location: 'Thai Binh', signatureLength: 16384 });
  const p12Sign = (pdf: Uint8Array) => new SignPdf().sign(Buffer.from(pdf), new P12Signer(p12, { passphrase: pki.password }));
  const withPdfLib = (opts: Omit<PdfLibEngineOptions, 'beforeSave'>) => {
    const engine = pdfLibEngine({ ...opts, beforeSave: addPlaceholder });
    return async () => p12Sign((await renderReceipt({ ...sampleReceipt, [RENDER_ENGINE]: engine })).pdf);
  };
  const baseline = withPdfLib({ fonts: 'stock', nativeDeflate: false });
  const tunedBaseline = withPdfLib({ fonts: 'cached', nativeDeflate: true });
  const signOnlyBaseline = async (pdf: Uint8Array) => {
    const doc = await PDFDocument.load(pdf);
    addPlaceholder(doc);
    return p12Sign(await doc.save({ useObjectStreams: false }));
  };

  // Every output must be a real signature over a readable document before its speed means anything.
  const samples = { ours: await ours(), baseline: await baseline(), tuned: await tunedBaseline(), signOnly: await signOnlyBaseline(rendered.pdf) };
  for (const [name, pdf] of Object.entries(samples)) {
    const report = await verifyPdf(pdf, { trustRoots: [pki.rootCertPem] });
    if (!report.ok) throw new Error(`${name}: invalid signature`);
  }
  if (process.env.BENCH_OUT) {
    for (const [name, pdf] of Object.entries(samples)) writeFileSync(path.join(process.env.BENCH_OUT, `${name}.pdf`), pdf);
  }

  /**
   * Runs the paths in turns, one document each, so that they share the heap, the collector and
   * the machine's state instead of each getting a fresh or a tired process; warm-up runs first.
   */
  async function race(n: number, paths: Array<[string, () => Promise<unknown>]>): Promise<number[]> {
    for (let i = 0; i < Math.min(10, n); i++) for (const [, fn] of paths) await fn();
    const totals = paths.map(() => 0n);
    for (let i = 0; i < n; i++) {
      for (const [k, [, fn]] of paths.entries()) {
        const start = process.hrtime.bigint();
        await fn();
        totals[k] += process.hrtime.bigint() - start;
      }
    }
    return paths.map(([label], k) => {
      const ms = Number(totals[k]) / 1e6 / n;
      console.log(`  ${label.padEnd(52)} ${ms.toFixed(2).padStart(8)} ms/doc`);
      return ms;
    });
  }
  const kb = (b: Uint8Array) => `${(b.length / 1024).toFixed(1)} KB`;

  console.log(`N = ${N} documents per path (Node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(`A. generate + sign Mẫu 01`);
  const [aOurs, aBase, aTuned] = await race(N, [
    ['ours (pdfWriterEngine + signPdf)', ours],
    ['baseline (pdf-lib + @signpdf + P12Signer)', baseline],
    ['reference: tuned pdf-lib renderer + @signpdf', tunedBaseline],
  ]);
  console.log(`  ratio: ours is ${(aBase / aOurs).toFixed(1)}× faster than the baseline per document`);
  console.log(`         (${(aTuned / aOurs).toFixed(1)}× against the tuned pdf-lib renderer + @signpdf)`);
  console.log(`  signed sizes: ours ${kb(samples.ours)}, baseline ${kb(samples.baseline)}, tuned ${kb(samples.tuned)}`);
  console.log(`  first document of the process (builds the shared font subsets): ${coldMs.toFixed(0)} ms, once`);

  console.log(`B. sign only, the same rendered Mẫu 01 (${kb(rendered.pdf)})`);
  const [bOurs, bBase] = await race(N, [
    ['ours (signPdf, PAdES B-B, visible)', () => sign(rendered.pdf)],
    ['@signpdf + P12Signer + placeholder-pdf-lib', () => signOnlyBaseline(rendered.pdf)],
  ]);
  console.log(`  ratio: ours is ${(bBase / bOurs).toFixed(1)}× faster per document`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
