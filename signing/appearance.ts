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

/** Four cubic Béziers approximating a circle (the usual 0.5523 control-point factor). */
function circlePath(cx: number, cy: number, r: number): string {
  const k = 0.5523 * r;
  const f = (n: number) => n.toFixed(2);
  return [
    `${f(cx + r)} ${f(cy)} m`,
    `${f(cx + r)} ${f(cy + k)} ${f(cx + k)} ${f(cy + r)} ${f(cx)} ${f(cy + r)} c`,
    `${f(cx - k)} ${f(cy + r)} ${f(cx - r)} ${f(cy + k)} ${f(cx - r)} ${f(cy)} c`,
    `${f(cx - r)} ${f(cy - k)} ${f(cx - k)} ${f(cy - r)} ${f(cx)} ${f(cy - r)} c`,
    `${f(cx + k)} ${f(cy - r)} ${f(cx + r)} ${f(cy - k)} ${f(cx + r)} ${f(cy)} c`,
  ].join(' ');
}

/**
 * The agency's seal mark (dấu của cơ quan) as Vietnamese offices stamp it beside the signature: a
 * red double ring, the agency's name set round it, a star in the middle. Drawn, not an image, so
 * that it scales and carries no raster of a real seal.
 */
function sealOperators(name: string, cx: number, cy: number, r: number, encode: (s: string) => string, advance: (s: string, size: number) => number): string[] {
  const ops = ['q', '0.8 0.1 0.1 RG 0.8 0.1 0.1 rg', `${(r * 0.05).toFixed(2)} w`, `${circlePath(cx, cy, r)} S`, `${(r * 0.025).toFixed(2)} w`, `${circlePath(cx, cy, r * 0.62)} S`];
  // The star: five outer and five inner points.
  const star: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r * 0.32 : r * 0.13;
    star.push(`${(cx + rr * Math.cos(a)).toFixed(2)} ${(cy + rr * Math.sin(a)).toFixed(2)} ${i === 0 ? 'm' : 'l'}`);
  }
  ops.push(`${star.join(' ')} h f`);
  // The name runs clockwise from the lower left round the top, each glyph upright to the ring.
  const text = name.toLocaleUpperCase('vi');
  const radius = r * 0.7;
  let size = r * 0.22;
  const span = (s: number) => advance(text, s) / radius;
  while (size > 2 && span(size) > Math.PI * 1.6) size -= 0.25;
  let angle = Math.PI / 2 + span(size) / 2;
  ops.push('BT', `/F1 ${size.toFixed(2)} Tf`);
  for (const ch of text) {
    const step = advance(ch, size) / radius;
    const mid = angle - step / 2;
    const rot = mid - Math.PI / 2;
    // Start the glyph half its width before the middle, along the tangent.
    const x = cx + radius * Math.cos(mid) - (Math.cos(rot) * advance(ch, size)) / 2;
    const y = cy + radius * Math.sin(mid) - (Math.sin(rot) * advance(ch, size)) / 2;
    ops.push(`${Math.cos(rot).toFixed(4)} ${Math.sin(rot).toFixed(4)} ${(-Math.sin(rot)).toFixed(4)} ${Math.cos(rot).toFixed(4)} ${x.toFixed(2)} ${y.toFixed(2)} Tm <${encode(ch)}> Tj`);
    angle -= step;
  }
  ops.push('ET', 'Q');
  return ops;
}

/**
 * Creates the appearance stream (/AP /N) for a widget of `w` × `h` points and returns its ref.
 * The text is shrunk, then wrapped, until it fits. With `seal`, the agency's seal mark takes the
 * left of the box and the text the rest.
 */
export async function buildAppearance(
  ctx: PDFContext,
  identity: SignerIdentity,
  signingTime: Date,
  w: number,
  h: number,
  seal?: { agency: string },
): Promise<PDFRef> {
  const lines = appearanceLines(identity, signingTime);
  const sealName = seal ? seal.agency.normalize('NFC') : '';
  const font = await subsetFor(lines.join('') + sealName.toLocaleUpperCase('vi'));
  const advance = (s: string, size: number) =>
    [...s].reduce((n, c) => n + (font.widths[font.gid.get(c.codePointAt(0)!) ?? 0] ?? 0), 0) * (size / 1000);
  const pad = 3;
  const sealDiameter = seal ? Math.min(h - 2, w * 0.4) : 0;
  const textLeft = seal ? sealDiameter + 2 * pad : pad;
  const textWidth = w - textLeft - pad;
  let size = 9;
  let laid: string[] = [];
  for (; size >= 4; size -= 0.5) {
    laid = lines.flatMap((l) => wrap(l, (s) => advance(s, size), textWidth));
    if (laid.length * size * 1.2 <= h - 2 * pad && laid.every((l) => advance(l, size) <= textWidth)) break;
  }
  const leading = size * 1.2;
  const encode = (s: string) =>
    [...s].map((c) => (font.gid.get(c.codePointAt(0)!) ?? 0).toString(16).padStart(4, '0')).join('');
  const ops = [
    ...(seal ? sealOperators(sealName, pad + sealDiameter / 2, h / 2, sealDiameter / 2 - 0.5, encode, advance) : []),
    'q',
    '0.1 0.2 0.6 RG 0.6 w',
    `0.3 0.3 ${(w - 0.6).toFixed(2)} ${(h - 0.6).toFixed(2)} re S`,
    'BT',
    '0.1 0.2 0.6 rg',
    `/F1 ${size} Tf`,
    `${leading.toFixed(2)} TL`,
    `${textLeft.toFixed(2)} ${(h - pad - size).toFixed(2)} Td`,
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
