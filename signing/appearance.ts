/**
 * The visible part of a signature: a small form XObject showing who signed, in what capacity and
 * when, set in Noto Serif. The font subset is built straight from the TrueType glyphs for exactly
 * the characters shown and cached per character set, so signing the hundredth document by the same
 * official costs no font work at all (pdf-lib's embedder would parse and subset on every call).
 */
import { PDFContext, PDFDict, PDFHexString, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import { buildSubset, SubsetCache, type SubsetFont } from './font-subset.js';
import { vietnamTime } from './forms/format.js';
import type { SignerIdentity } from './x509.js';

const subsetCache = new SubsetCache(256);

/** Digits and label characters always go in, so only the identity decides the cache key. */
const ALWAYS = '0123456789 :/()+-.,KýbởiChứcvụCơquanThờigiankGMT';

function subsetFor(text: string): Promise<SubsetFont> {
  const chars = [...new Set([...(ALWAYS + text)].map((c) => c.codePointAt(0)!))].sort((a, b) => a - b);
  return subsetCache.get(String.fromCodePoint(...chars), () => buildSubset('regular', chars));
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
      Flags: f.flags,
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
