/**
 * Where `FormWriter` puts its marks. The layout engine (layout.ts) decides what goes where; a
 * drawing engine measures text, records text, lines and rectangles, and writes the file.
 *
 * `pdfWriterEngine` is the production engine. It writes the PDF itself — content streams as
 * text, objects and the cross-reference table as bytes — and embeds fonts as finished objects
 * from `documentSubset` (font-subset.ts): per style, a subset covering Vietnamese built once per
 * process and copied into every document (or, for a style a form uses for a line or two, a small
 * subset of those characters, also cached). A form is a few pages of text in up to four fonts, so
 * the general machinery of pdf-lib (an object graph, operator objects, font embedders that
 * re-subset and re-encode the font on every save) is work that produces nothing here: rendering
 * Mẫu 01 went from ~17 ms to ~1.4 ms (bench/signing.ts, ADR 0003).
 *
 * `pdfLibEngine` (pdf-lib-engine.ts) draws the same layout through pdf-lib's page API. It is the
 * reference: the bench measures the @signpdf baseline with it, and a test checks that both
 * engines produce the same text.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { RGB } from 'pdf-lib';
import { fontkitFont, type FontStyle } from '../fonts.js';
import { documentSubset, type SubsetFont } from '../font-subset.js';
import { vietnamTime } from './format.js';

/** Document information dictionary entries. */
export interface DocumentInfo {
  title: string;
  author: string;
  subject?: string;
  /** BCP 47 tag for the catalog's /Lang. */
  language: string;
  creator: string;
  producer: string;
  createdAt: Date;
}

/** x, y of the lower-left corner, width, height, in points. */
export type Box = [number, number, number, number];

export interface DrawingEngine {
  /** Advance width of `text` set at 1 pt, in points: the sum of the glyphs' advances, no kerning. */
  widthOf(text: string, style: FontStyle): number;
  /** Appends a page; drawing calls name pages by zero-based index. */
  addPage(width: number, height: number): void;
  /** Draws `text` with its baseline starting at (x, y), turned `angle` degrees anticlockwise about that point. */
  text(page: number, text: string, x: number, y: number, size: number, style: FontStyle, color: RGB, angle?: number): void;
  line(page: number, from: [number, number], to: [number, number], thickness: number, color: RGB): void;
  strokeRect(page: number, box: Box, thickness: number, color: RGB): void;
  /** Fills many rectangles as one path (the QR code's modules). */
  fillRects(page: number, boxes: Box[], color: RGB): void;
  /** Serialises the document. The engine is spent afterwards. */
  finish(info: DocumentInfo): Promise<Uint8Array>;
}

export type EngineFactory = () => Promise<DrawingEngine>;

/** Numbers in content streams and dictionaries: at most three decimals, never exponent form. */
function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

const color = (c: RGB) => `${num(c.red)} ${num(c.green)} ${num(c.blue)}`;

/** Per style, per process: advance width at 1 pt by code point, from the shared parsed font. */
const advances = new Map<FontStyle, Map<number, number>>();

function advanceOf(style: FontStyle, cp: number): number {
  let table = advances.get(style);
  if (!table) advances.set(style, (table = new Map()));
  let w = table.get(cp);
  if (w === undefined) {
    const font = fontkitFont(style);
    // Missing characters fall back to .notdef, as pdf-lib does; its width is what gets drawn.
    w = font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm;
    table.set(cp, w);
  }
  return w;
}

interface TextOp {
  text: string;
  x: number;
  y: number;
  size: number;
  style: FontStyle;
  color: RGB;
  angle: number;
}

interface PageRecord {
  width: number;
  height: number;
  /** Graphics as finished operators (each in its own q…Q), text as records encoded at the end. */
  ops: Array<string | TextOp>;
}

/** Resource names of the four styles in page /Font dictionaries. */
const FONT_NAMES: Record<FontStyle, string> = { regular: 'R', bold: 'B', italic: 'I', boldItalic: 'BI' };

/**
 * Text is recorded, not encoded, while the layout runs: glyph ids belong to the subset, and which
 * subset a style needs (the shared Vietnamese one, one with this document's other characters
 * added, or a small one) is only known once every string has been drawn.
 */
class PdfWriterEngine implements DrawingEngine {
  private readonly pages: PageRecord[] = [];
  /** Styles drawn, each with the code points drawn in it. */
  private readonly used = new Map<FontStyle, Set<number>>();

  widthOf(text: string, style: FontStyle): number {
    let w = 0;
    for (const ch of text) w += advanceOf(style, ch.codePointAt(0)!);
    return w;
  }

  addPage(width: number, height: number): void {
    this.pages.push({ width, height, ops: [] });
  }

  text(page: number, text: string, x: number, y: number, size: number, style: FontStyle, c: RGB, angle = 0): void {
    let used = this.used.get(style);
    if (!used) this.used.set(style, (used = new Set()));
    for (const ch of text) used.add(ch.codePointAt(0)!);
    this.pages[page].ops.push({ text, x, y, size, style, color: c, angle });
  }

  line(page: number, [x1, y1]: [number, number], [x2, y2]: [number, number], thickness: number, c: RGB): void {
    this.pages[page].ops.push(`q ${color(c)} RG ${num(thickness)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S Q`);
  }

  strokeRect(page: number, [x, y, w, h]: Box, thickness: number, c: RGB): void {
    this.pages[page].ops.push(`q ${color(c)} RG ${num(thickness)} w ${num(x)} ${num(y)} ${num(w)} ${num(h)} re S Q`);
  }

  fillRects(page: number, boxes: Box[], c: RGB): void {
    const path = boxes.map(([x, y, w, h]) => `${num(x)} ${num(y)} ${num(w)} ${num(h)} re`).join('\n');
    this.pages[page].ops.push(`q ${color(c)} rg\n${path}\nf Q`);
  }

  async finish(info: DocumentInfo): Promise<Uint8Array> {
    const styles = [...this.used.keys()];
    const subsets = new Map<FontStyle, SubsetFont>();
    await Promise.all(styles.map(async (s) => subsets.set(s, await documentSubset(s, this.used.get(s)!))));

    const out = new PdfFile();
    const catalog = out.allocate();
    const pagesRef = out.allocate();
    const infoRef = out.allocate();
    const resources = out.allocate();
    const fontRefs = styles.map((s) => [s, writeFont(out, subsets.get(s)!)] as const);

    const fontDict = fontRefs.map(([s, ref]) => `/${FONT_NAMES[s]} ${ref} 0 R`).join(' ');
    out.object(resources, `<< /Font << ${fontDict} >> >>`);
    const kids: number[] = [];
    for (const page of this.pages) {
      const contents = out.allocate();
      const ref = out.allocate();
      kids.push(ref);
      out.stream(contents, '', deflateSync(Buffer.from(contentStream(page, subsets), 'latin1')));
      out.object(
        ref,
        `<< /Type /Page /Parent ${pagesRef} 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] ` +
          `/Resources ${resources} 0 R /Contents ${contents} 0 R >>`,
      );
    }
    out.object(pagesRef, `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`);
    out.object(catalog, `<< /Type /Catalog /Pages ${pagesRef} 0 R /Lang ${textString(info.language)} >>`);
    const date = `(${pdfDate(info.createdAt)})`;
    out.object(
      infoRef,
      `<< /Title ${textString(info.title)} /Author ${textString(info.author)}` +
        (info.subject ? ` /Subject ${textString(info.subject)}` : '') +
        ` /Creator ${textString(info.creator)} /Producer ${textString(info.producer)}` +
        ` /CreationDate ${date} /ModDate ${date} >>`,
    );
    return out.finish(catalog, infoRef);
  }
}

/**
 * One page's content stream. Graphics operators carry their own state inside q…Q, so the only
 * state tracked here is the text's: font, size and fill colour, which persist across BT…ET.
 * Each word is placed with an absolute text matrix, as the layout computed it.
 */
function contentStream(page: PageRecord, subsets: Map<FontStyle, SubsetFont>): string {
  const parts: string[] = [];
  let inText = false;
  let font = '';
  let fill = '0 0 0';
  for (const op of page.ops) {
    if (typeof op === 'string') {
      if (inText) parts.push('ET');
      inText = false;
      parts.push(op);
      continue;
    }
    if (!inText) parts.push('BT');
    inText = true;
    const tf = `/${FONT_NAMES[op.style]} ${num(op.size)} Tf`;
    if (tf !== font) parts.push((font = tf));
    const rgb = color(op.color);
    if (rgb !== fill) parts.push(`${(fill = rgb)} rg`);
    const rad = (op.angle * Math.PI) / 180;
    const matrix = op.angle ? `${num(Math.cos(rad))} ${num(Math.sin(rad))} ${num(-Math.sin(rad))} ${num(Math.cos(rad))}` : '1 0 0 1';
    parts.push(`${matrix} ${num(op.x)} ${num(op.y)} Tm <${glyphHex(subsets.get(op.style)!, op.text)}> Tj`);
  }
  if (inText) parts.push('ET');
  return parts.join('\n');
}

/** Identity-H: two bytes per glyph, the subset's glyph id; characters not in the font draw .notdef. */
const hexCache = new WeakMap<SubsetFont, Map<number, string>>();
function glyphHex(font: SubsetFont, text: string): string {
  let hex = hexCache.get(font);
  if (!hex) {
    hex = new Map([...font.gid].map(([cp, id]) => [cp, id.toString(16).padStart(4, '0')]));
    hexCache.set(font, hex);
  }
  let s = '';
  for (const ch of text) s += hex.get(ch.codePointAt(0)!) ?? '0000';
  return s;
}

/** Type0 font over a CIDFontType2 (glyph id = CID), with descriptor, font file and ToUnicode. */
function writeFont(out: PdfFile, f: SubsetFont): number {
  const [type0, cid, descriptor, file, toUnicode] = [out.allocate(), out.allocate(), out.allocate(), out.allocate(), out.allocate()];
  out.object(
    type0,
    `<< /Type /Font /Subtype /Type0 /BaseFont /${f.baseFont} /Encoding /Identity-H ` +
      `/DescendantFonts [${cid} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
  out.object(
    cid,
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${f.baseFont} ` +
      `/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> ` +
      `/FontDescriptor ${descriptor} 0 R /W [0 [${f.widths.join(' ')}]] /CIDToGIDMap /Identity >>`,
  );
  out.object(
    descriptor,
    `<< /Type /FontDescriptor /FontName /${f.baseFont} /Flags ${f.flags} /FontBBox [${f.bbox.join(' ')}] ` +
      `/ItalicAngle ${num(f.italicAngle)} /Ascent ${f.ascent} /Descent ${f.descent} /CapHeight ${f.capHeight} ` +
      `/StemV 80 /FontFile2 ${file} 0 R >>`,
  );
  out.stream(file, ` /Length1 ${f.fontFileLength}`, f.fontFile);
  out.stream(toUnicode, '', f.toUnicode);
  return type0;
}

/** A PDF text string: literal for plain ASCII, UTF-16BE with a byte-order mark otherwise. */
function textString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[()\\]/g, '\\$&')})`;
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** D:YYYYMMDDHHmmSS+07'00' in Vietnam time, like the signature's /M. */
function pdfDate(date: Date): string {
  const t = vietnamTime(date);
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${t.year}${p(t.month)}${p(t.day)}${p(t.hour)}${p(t.minute)}${p(t.second)}+07'00'`;
}

/**
 * A PDF file written front to back: numbered objects, then a classic cross-reference table
 * (later incremental signature updates keep one too, see pades.ts) and the trailer.
 */
class PdfFile {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private readonly offsets: number[] = [];
  private next = 1;

  constructor() {
    // The comment of high bytes tells transfer tools the file is binary (PDF 32000 §7.5.2).
    this.push(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  }

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  allocate(): number {
    return this.next++;
  }

  object(n: number, body: string): void {
    this.offsets[n] = this.length;
    this.push(Buffer.from(`${n} 0 obj\n${body}\nendobj\n`, 'latin1'));
  }

  /** A stream object; `dict` holds entries besides /Length and /Filter (always FlateDecode). */
  stream(n: number, dict: string, deflated: Buffer): void {
    this.offsets[n] = this.length;
    this.push(Buffer.from(`${n} 0 obj\n<< /Length ${deflated.length} /Filter /FlateDecode${dict} >>\nstream\n`, 'latin1'));
    this.push(deflated);
    this.push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  }

  finish(root: number, info: number): Uint8Array {
    const size = this.next;
    let xref = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
    for (let n = 1; n < size; n++) {
      if (this.offsets[n] === undefined) throw new Error(`PDF object ${n} was allocated but never written`);
      xref += `${String(this.offsets[n]).padStart(10, '0')} 00000 n\r\n`;
    }
    // The file identifier only has to be unique to this content; the body's digest is.
    const id = createHash('md5');
    for (const c of this.chunks) id.update(c);
    const hex = id.digest('hex');
    const startxref = this.length;
    this.push(
      Buffer.from(`${xref}trailer\n<< /Size ${size} /Root ${root} 0 R /Info ${info} 0 R /ID [<${hex}> <${hex}>] >>\nstartxref\n${startxref}\n%%EOF\n`, 'latin1'),
    );
    const file = Buffer.concat(this.chunks, this.length);
    return new Uint8Array(file.buffer, file.byteOffset, file.length);
  }
}

export const pdfWriterEngine: EngineFactory = async () => new PdfWriterEngine();
