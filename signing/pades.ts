/**
 * PAdES baseline B-B signing (ETSI EN 319 142-1) by incremental update: the original bytes are
 * kept untouched and the signature field, its appearance and the signature dictionary are
 * appended with a new cross-reference section whose /Prev points at the previous one. Earlier
 * signatures therefore stay byte-identical and valid, which is what lets a unit head, a leader
 * and the agency seal sign the same result one after another.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { buildAppearance, pdfText } from './appearance.js';
import { buildCmsSignedData, estimateCmsSize } from './cms.js';
import type { Signer } from './keys.js';
import { vietnamTime } from './forms/format.js';

export interface SignOptions {
  reason?: string;
  location?: string;
  /** Claimed signing time, written to /M (B-B carries no signed signing-time attribute). */
  signingTime: Date;
  /**
   * Visible signature: page (zero-based, default the last) and rectangle [x, y, width, height]
   * in points (default: bottom right). `false` for an invisible signature.
   */
  appearance?: { page?: number; rect?: [number, number, number, number]; seal?: { agency: string } } | false;
  /** Field name (/T); default "Signature<n>". Must not exist yet. */
  fieldName?: string;
}

const enc = (s: string) => Buffer.from(s, 'latin1');

/** D:YYYYMMDDHHmmSS+07'00' in Vietnam time, the zone the document's other dates use. */
export function pdfDate(date: Date): string {
  const t = vietnamTime(date);
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${t.year}${p(t.month)}${p(t.day)}${p(t.hour)}${p(t.minute)}${p(t.second)}+07'00'`;
}

interface PreviousSection {
  startxref: number;
  isStream: boolean;
  size: number;
}

/** The last cross-reference section: where it is, its kind and its /Size. */
function previousSection(pdf: Buffer): PreviousSection {
  const tail = pdf.subarray(Math.max(0, pdf.length - 2048)).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw new Error('Not a PDF: no startxref at the end of the file');
  const startxref = Number(m[1]);
  const head = pdf.subarray(startxref, startxref + 32).toString('latin1');
  const isStream = !head.startsWith('xref');
  // The trailer (or xref stream dictionary) follows within a few kB unless the table is long.
  const section = pdf.subarray(startxref).toString('latin1');
  const dictStart = isStream ? 0 : section.indexOf('trailer');
  const size = /\/Size\s+(\d+)/.exec(section.slice(dictStart, dictStart + 4096));
  if (dictStart < 0 || !size) throw new Error('Cannot read the last trailer');
  return { startxref, isStream, size: Number(size[1]) };
}

function serialize(obj: PDFObject): Buffer {
  const buf = Buffer.alloc(obj.sizeInBytes());
  obj.copyBytesInto(buf, 0);
  return buf;
}

function collectFieldNames(doc: PDFDocument, fields: PDFArray | undefined, prefix = '', out = new Set<string>()): Set<string> {
  for (const item of fields?.asArray() ?? []) {
    const field = doc.context.lookup(item);
    if (!(field instanceof PDFDict)) continue;
    const t = field.lookup(PDFName.of('T'));
    const name = t instanceof PDFString || t instanceof PDFHexString ? t.decodeText() : '';
    const full = prefix && name ? `${prefix}.${name}` : prefix || name;
    if (name) out.add(full);
    const kids = field.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) collectFieldNames(doc, kids, full, out);
  }
  return out;
}

/** Adds one PAdES B-B signature to `pdf` and returns the new file (the old bytes are its prefix). */
export async function signPdf(pdf: Uint8Array, signer: Signer, opts: SignOptions): Promise<Uint8Array> {
  const original = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const prev = previousSection(original);
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  if (doc.isEncrypted) throw new Error('Encrypted PDFs cannot be signed here');
  const ctx = doc.context;
  // Numbers below the old /Size may be free entries; never reuse them.
  ctx.largestObjectNumber = Math.max(ctx.largestObjectNumber, prev.size - 1);
  const rewritten = new Set<PDFRef>();
  const catalogRef = ctx.trailerInfo.Root;
  if (!(catalogRef instanceof PDFRef)) throw new Error('The trailer has no indirect /Root');

  // AcroForm and the field list, created or extended in place.
  let acroForm: PDFDict;
  const acroEntry = doc.catalog.get(PDFName.of('AcroForm'));
  if (acroEntry instanceof PDFRef) {
    acroForm = ctx.lookup(acroEntry, PDFDict);
    rewritten.add(acroEntry);
  } else if (acroEntry instanceof PDFDict) {
    acroForm = acroEntry;
    rewritten.add(catalogRef);
  } else {
    acroForm = ctx.obj({ Fields: [] }) as PDFDict;
    doc.catalog.set(PDFName.of('AcroForm'), ctx.register(acroForm));
    rewritten.add(catalogRef);
  }
  let fields: PDFArray;
  const fieldsEntry = acroForm.get(PDFName.of('Fields'));
  if (fieldsEntry instanceof PDFRef) {
    fields = ctx.lookup(fieldsEntry, PDFArray);
    rewritten.add(fieldsEntry);
  } else if (fieldsEntry instanceof PDFArray) {
    fields = fieldsEntry;
  } else {
    fields = ctx.obj([]) as PDFArray;
    acroForm.set(PDFName.of('Fields'), fields);
  }
  // SignaturesExist | AppendOnly: tells editors to save incrementally from now on.
  acroForm.set(PDFName.of('SigFlags'), ctx.obj(3));

  const names = collectFieldNames(doc, fields);
  let fieldName = opts.fieldName;
  if (fieldName && names.has(fieldName)) throw new Error(`A field named "${fieldName}" already exists`);
  for (let n = 1; !fieldName; n++) if (!names.has(`Signature${n}`)) fieldName = `Signature${n}`;

  const pages = doc.getPages();
  const visible = opts.appearance !== false;
  const placement = opts.appearance || {};
  const pageIndex = placement.page ?? pages.length - 1;
  const page = pages[pageIndex];
  if (!page) throw new Error(`No page ${pageIndex}`);
  const { width: pw } = page.getSize();
  const rect = placement.rect ?? [pw - 36 - 200, 36, 200, 62];
  const [x, y, w, h] = visible ? rect : [0, 0, 0, 0];

  const sigRef = ctx.nextRef();
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: pdfText(fieldName),
    V: sigRef,
    F: 132, // Print | Locked
    P: page.ref,
    Rect: [x, y, x + w, y + h],
  }) as PDFDict;
  if (visible) {
    const ap = await buildAppearance(ctx, signer.identity, opts.signingTime, w, h, placement.seal);
    widget.set(PDFName.of('AP'), ctx.obj({ N: ap }));
  }
  const widgetRef = ctx.register(widget);
  fields.push(widgetRef);

  const annots = page.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    ctx.lookup(annots, PDFArray).push(widgetRef);
    rewritten.add(annots);
  } else if (annots instanceof PDFArray) {
    annots.push(widgetRef);
    rewritten.add(page.ref);
  } else {
    page.node.set(PDFName.of('Annots'), ctx.obj([widgetRef]));
    rewritten.add(page.ref);
  }

  // --- the signature dictionary, with fixed-width placeholders patched after layout ---
  const contentsBytes = estimateCmsSize(signer);
  const byteRangeWidth = 4 * 11 + 2;
  const sigParts = [
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached`,
    ` /M ${serialize(PDFString.of(pdfDate(opts.signingTime))).toString('latin1')}`,
    ` /Name ${serialize(pdfText(signer.identity.name)).toString('latin1')}`,
    opts.reason ? ` /Reason ${serialize(pdfText(opts.reason)).toString('latin1')}` : '',
    opts.location ? ` /Location ${serialize(pdfText(opts.location)).toString('latin1')}` : '',
    ` /ByteRange [`,
  ];
  const sigHead = sigParts.join('');
  const sigDict = `${sigHead}${' '.repeat(byteRangeWidth)}] /Contents <${'0'.repeat(contentsBytes * 2)}> >>`;

  // --- the incremental update ---
  const chunks: Buffer[] = [];
  let length = original.length;
  const push = (b: Buffer) => {
    chunks.push(b);
    length += b.length;
  };
  if (original[original.length - 1] !== 0x0a && original[original.length - 1] !== 0x0d) push(enc('\n'));
  const offsets = new Map<number, number>();
  const writeObject = (num: number, body: Buffer) => {
    offsets.set(num, length);
    push(enc(`${num} 0 obj\n`));
    push(body);
    push(enc('\nendobj\n'));
  };
  const newObjects = ctx
    .enumerateIndirectObjects()
    .filter(([ref]) => ref.objectNumber > prev.size - 1 || rewritten.has(ref));
  for (const [ref, obj] of newObjects) {
    if (ref === sigRef) continue;
    writeObject(ref.objectNumber, serialize(obj));
  }
  const sigOffset = length + enc(`${sigRef.objectNumber} 0 obj\n`).length;
  writeObject(sigRef.objectNumber, enc(sigDict));
  const byteRangeAt = sigOffset + sigHead.length;
  const contentsAt = byteRangeAt + byteRangeWidth + '] /Contents '.length;
  const contentsEnd = contentsAt + contentsBytes * 2 + 2;

  const trailerId = ctx.trailerInfo.ID;
  const firstId =
    trailerId instanceof PDFArray && trailerId.size() > 0
      ? serialize(trailerId.get(0)).toString('latin1')
      : `<${randomBytes(16).toString('hex')}>`;
  const secondId = `<${createHash('md5').update(original.subarray(0, 4096)).update(String(length)).update(randomBytes(8)).digest('hex')}>`;
  const info = ctx.trailerInfo.Info instanceof PDFRef ? ` /Info ${ctx.trailerInfo.Info.toString()}` : '';
  const trailerEntries = `/Root ${catalogRef.toString()}${info} /ID [${firstId} ${secondId}] /Prev ${prev.startxref}`;

  const xrefOffset = length;
  if (prev.isStream) {
    // A file whose last section is an xref stream gets another one: readers that do not mix
    // the two kinds exist.
    const streamNum = ctx.largestObjectNumber + 1;
    offsets.set(streamNum, xrefOffset);
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const rows = Buffer.alloc(nums.length * 7);
    nums.forEach((n, i) => {
      rows[i * 7] = 1;
      rows.writeUInt32BE(offsets.get(n)!, i * 7 + 1);
      rows.writeUInt16BE(0, i * 7 + 5);
    });
    const index = subsections(nums).map(([s, c]) => `${s} ${c}`).join(' ');
    push(
      enc(
        `${streamNum} 0 obj\n<< /Type /XRef /Size ${streamNum + 1} /W [1 4 2] /Index [${index}] ${trailerEntries} /Length ${rows.length} >>\nstream\n`,
      ),
    );
    push(rows);
    push(enc(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`));
  } else {
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    let xref = 'xref\n';
    for (const [start, count] of subsections(nums)) {
      xref += `${start} ${count}\n`;
      for (let n = start; n < start + count; n++) xref += `${String(offsets.get(n)).padStart(10, '0')} 00000 n\r\n`;
    }
    xref += `trailer\n<< /Size ${ctx.largestObjectNumber + 1} ${trailerEntries} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
    push(enc(xref));
  }

  const out = Buffer.concat([original, ...chunks], length);
  const byteRange = `0 ${contentsAt} ${contentsEnd} ${out.length - contentsEnd}`;
  out.write(byteRange.padEnd(byteRangeWidth, ' '), byteRangeAt, 'latin1');
  const digest = createHash('sha256')
    .update(out.subarray(0, contentsAt))
    .update(out.subarray(contentsEnd))
    .digest();
  const cms = await buildCmsSignedData(digest, signer);
  if (cms.length > contentsBytes) throw new Error(`CMS of ${cms.length} bytes exceeds the ${contentsBytes}-byte placeholder`);
  out.write(cms.toString('hex').toUpperCase(), contentsAt + 1, 'latin1');
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function subsections(sorted: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}
