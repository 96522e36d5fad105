/**
 * The visible part of a signature: a small form XObject showing who signed, in what capacity and
 * when, set in Noto Serif. The font subset is built straight from the TrueType glyphs for exactly
 * the characters shown and cached per character set, so signing the hundredth document by the same
 * official costs no font work at all (pdf-lib's embedder would parse and subset on every call).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFContext, PDFDict, PDFHexString, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import { fontkitFont } from './fonts.js';
import { vietnamTime } from './forms/format.js';
import type { SignerIdentity } from './x509.js';

interface SubsetFont {
  baseFont: string;
  /** Unicode code point → glyph id in the subset. */
  gid: Map<number, number>;
  /** Advance widths in 1/1000 em, by subset glyph id. */
  widths: number[];
  fontFile: Buffer;
  fontFileLength: number;
  toUnicode: Buffer;
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: [number, number, number, number];
  italicAngle: number;
}

const subsetCache = new Map<string, Promise<SubsetFont>>();
const SUBSET_CACHE_LIMIT = 256;

/** Digits and label characters always go in, so only the identity decides the cache key. */
const ALWAYS = '0123456789 :/()+-.,KýbởiChứcvụCơquanThờigiankGMT';

function streamBytes(stream: NodeJS.EventEmitter): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    stream.on('data', (c: Uint8Array) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

async function buildSubset(chars: number[]): Promise<SubsetFont> {
  const font = fontkitFont('regular');
  const subset = font.createSubset();
  const gid = new Map<number, number>();
  const widths: number[] = [Math.round((font.getGlyph(0).advanceWidth * 1000) / font.unitsPerEm)];
  const unicodeOf = new Map<number, number>();
  for (const cp of chars) {
    if (!font.hasGlyphForCodePoint(cp)) continue;
    const glyph = font.glyphForCodePoint(cp);
    const id = subset.includeGlyph(glyph);
    gid.set(cp, id);
    widths[id] = Math.round((glyph.advanceWidth * 1000) / font.unitsPerEm);
    if (!unicodeOf.has(id)) unicodeOf.set(id, cp);
  }
  const raw = await streamBytes(subset.encodeStream() as unknown as NodeJS.EventEmitter);
  const scale = (v: number) => Math.round((v * 1000) / font.unitsPerEm);
  const tag = createHash('sha256')
    .update(String.fromCodePoint(...chars))
    .digest()
    .subarray(0, 6)
    .reduce((s, b) => s + String.fromCharCode(65 + (b % 26)), '');
  return {
    baseFont: `${tag}+${font.postscriptName}`,
    gid,
    widths: Array.from(widths, (w) => w ?? 0),
    fontFile: deflateSync(raw),
    fontFileLength: raw.length,
    toUnicode: deflateSync(toUnicodeCMap(unicodeOf)),
    ascent: scale(font.ascent),
    descent: scale(font.descent),
    capHeight: scale(font.capHeight),
    bbox: [scale(font.bbox.minX), scale(font.bbox.minY), scale(font.bbox.maxX), scale(font.bbox.maxY)],
    italicAngle: font.italicAngle,
  };
}

function toUnicodeCMap(unicodeOf: Map<number, number>): Buffer {
  const hex4 = (n: number) => n.toString(16).padStart(4, '0');
  const utf16 = (cp: number) =>
    Array.from(String.fromCodePoint(cp), (c) => hex4(c.charCodeAt(0))).join('');
  const entries = [...unicodeOf.entries()].sort((a, b) => a[0] - b[0]);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.map(([g, cp]) => `<${hex4(g)}> <${utf16(cp)}>`).join('\n')}\nendbfchar`);
  }
  return Buffer.from(
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
      '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
      '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
      blocks.join('\n') +
      '\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n',
    'latin1',
  );
}

function subsetFor(text: string): Promise<SubsetFont> {
  const chars = [...new Set([...(ALWAYS + text)].map((c) => c.codePointAt(0)!))].sort((a, b) => a - b);
  const key = String.fromCodePoint(...chars);
  let entry = subsetCache.get(key);
  if (!entry) {
    if (subsetCache.size >= SUBSET_CACHE_LIMIT) subsetCache.delete(subsetCache.keys().next().value!);
    entry = buildSubset(chars);
    subsetCache.set(key, entry);
    entry.catch(() => subsetCache.delete(key));
  }
  return entry;
}

function registerFont(ctx: PDFContext, f: SubsetFont): PDFRef {
  const fontFile = ctx.register(
    PDFRawStream.of(ctx.obj({ Filter: 'FlateDecode', Length1: f.fontFileLength }) as PDFDict, f.fontFile),
  );
  const toUnicode = ctx.register(PDFRawStream.of(ctx.obj({ Filter: 'FlateDecode' }) as PDFDict, f.toUnicode));
  const descriptor = ctx.register(
    ctx.obj({
      Type: 'FontDescriptor',
      FontName: f.baseFont,
      Flags: 34, // serif, non-symbolic
      FontBBox: f.bbox,
      ItalicAngle: f.italicAngle,
      Ascent: f.ascent,
      Descent: f.descent,
      CapHeight: f.capHeight,
      StemV: 80,
      FontFile2: fontFile,
    }),
  );
  const cidFont = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: f.baseFont,
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      W: [0, f.widths],
      CIDToGIDMap: 'Identity',
    }),
  );
  return ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: f.baseFont,
      Encoding: 'Identity-H',
      DescendantFonts: [cidFont],
      ToUnicode: toUnicode,
    }),
  );
}

export function appearanceLines(identity: SignerIdentity, signingTime: Date): string[] {
  const t = vietnamTime(signingTime);
  const p = (n: number) => String(n).padStart(2, '0');
  const when = `${p(t.day)}/${p(t.month)}/${t.year} ${p(t.hour)}:${p(t.minute)}:${p(t.second)} (GMT+7)`;
  const lines = [`Ký bởi: ${identity.name}`];
  if (identity.title) lines.push(`Chức vụ: ${identity.title}`);
  if (identity.agency && identity.agency !== identity.name) lines.push(`Cơ quan: ${identity.agency}`);
  lines.push(`Thời gian ký: ${when}`);
  return lines.map((l) => l.normalize('NFC'));
}

function wrap(line: string, width: (s: string) => number, max: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && width(candidate) > max) {
      out.push(current);
      current = word;
    } else current = candidate;
  }
  if (current) out.push(current);
  return out;
}

/**
 * Creates the appearance stream (/AP /N) for a widget of `w` × `h` points and returns its ref.
 * The text is shrunk, then wrapped, until it fits.
 */
export async function buildAppearance(
  ctx: PDFContext,
  identity: SignerIdentity,
  signingTime: Date,
  w: number,
  h: number,
): Promise<PDFRef> {
  const lines = appearanceLines(identity, signingTime);
  const font = await subsetFor(lines.join(''));
  const advance = (s: string, size: number) =>
    [...s].reduce((n, c) => n + (font.widths[font.gid.get(c.codePointAt(0)!) ?? 0] ?? 0), 0) * (size / 1000);
  const pad = 3;
  let size = 9;
  let laid: string[] = [];
  for (; size >= 4; size -= 0.5) {
    laid = lines.flatMap((l) => wrap(l, (s) => advance(s, size), w - 2 * pad));
    if (laid.length * size * 1.2 <= h - 2 * pad && laid.every((l) => advance(l, size) <= w - 2 * pad)) break;
  }
  const leading = size * 1.2;
  const encode = (s: string) =>
    [...s].map((c) => (font.gid.get(c.codePointAt(0)!) ?? 0).toString(16).padStart(4, '0')).join('');
  const ops = [
    'q',
    '0.1 0.2 0.6 RG 0.6 w',
    `0.3 0.3 ${(w - 0.6).toFixed(2)} ${(h - 0.6).toFixed(2)} re S`,
    'BT',
    '0.1 0.2 0.6 rg',
    `/F1 ${size} Tf`,
    `${leading.toFixed(2)} TL`,
    `${pad} ${(h - pad - size).toFixed(2)} Td`,
    ...laid.map((l, i) => `${i ? 'T* ' : ''}<${encode(l)}> Tj`),
    'ET',
    'Q',
  ];
  const fontRef = registerFont(ctx, font);
  const stream = PDFRawStream.of(
    ctx.obj({
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, w, h],
      Resources: { Font: { F1: fontRef } },
    }) as PDFDict,
    Buffer.from(ops.join('\n'), 'latin1'),
  );
  return ctx.register(stream);
}

/** A PDF text string: literal when plain ASCII, UTF-16BE otherwise (names, reasons). */
export function pdfText(text: string): PDFString | PDFHexString {
  return /^[\x20-\x7e]*$/.test(text) && !/[()\\]/.test(text) ? PDFString.of(text) : PDFHexString.fromText(text);
}
