/**
 * TrueType subsets of Noto Serif, built with fontkit once and then reused as finished PDF font
 * objects (Type0 / CIDFontType2, Identity-H, with widths and a ToUnicode map).
 *
 * Two users:
 * - the signature appearance (`appearance.ts`) subsets exactly the characters it shows, per
 *   signer identity;
 * - the form renderer (`forms/engine.ts`) embeds one subset per style that covers everything a
 *   Vietnamese document is written with (`VIETNAMESE`), built once per process. Subsetting per
 *   document (pdf-lib's `embedFont(…, { subset: true })`) re-encodes the font on every save, which
 *   was most of a form's rendering time; a shared subset is only copied. The price is size: ~280
 *   glyphs instead of the ~100 a page uses, about 13 KB deflated per style where a per-document
 *   subset took 5–7 KB; Mẫu 01 grew from 47 KB to 53 KB.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { fontkitFont, type FontStyle } from './fonts.js';

export interface SubsetFont {
  baseFont: string;
  /** Unicode code point → glyph id in the subset (absent: not in the font, draws .notdef). */
  gid: Map<number, number>;
  /** Advance widths in 1/1000 em, by subset glyph id. */
  widths: number[];
  /** The TrueType subset, deflated. */
  fontFile: Buffer;
  fontFileLength: number;
  /** ToUnicode CMap, deflated. */
  toUnicode: Buffer;
  ascent: number;
  descent: number;
  capHeight: number;
  bbox: [number, number, number, number];
  italicAngle: number;
  /** FontDescriptor /Flags: serif, non-symbolic, italic when slanted. */
  flags: number;
}

/** Code points of the inclusive ranges. */
function ranges(...rs: Array<[number, number]>): number[] {
  const out: number[] = [];
  for (const [a, b] of rs) for (let c = a; c <= b; c++) out.push(c);
  return out;
}

/**
 * What official Vietnamese text is written with: ASCII; the Latin-1 letters (à á â ã è é ê ì í ò ó
 * ô õ ù ú ý and the letters of common foreign names); Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư; the Vietnamese
 * block of Latin Extended Additional (Ạ…ỹ); the symbols and punctuation documents use (no-break
 * space, § « » ° ± ² ³ · × ÷, dashes, curly quotes, bullet, ellipsis, ‰, ₫, €, №). Kept to this
 * because every glyph is embedded in every document: the rest of Latin-1's symbols and of Latin
 * Extended-A would add a third to the font files. Anything else a document uses is added to that
 * document's subset, built once per set of extra characters and cached (`documentSubset`).
 */
export const VIETNAMESE: ReadonlySet<number> = new Set([
  ...ranges([0x20, 0x7e], [0xc0, 0xff], [0x1ea0, 0x1ef9]),
  ...[0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1a0, 0x1a1, 0x1af, 0x1b0],
  ...[0xa0, 0xa7, 0xab, 0xb0, 0xb1, 0xb2, 0xb3, 0xb7, 0xbb],
  ...[0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026, 0x2030, 0x20ab, 0x20ac, 0x2116],
]);

function streamBytes(stream: NodeJS.EventEmitter): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    stream.on('data', (c: Uint8Array) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** A subset of `style` with the glyphs of `chars` (code points, ascending), ready to embed. */
export async function buildSubset(style: FontStyle, chars: number[]): Promise<SubsetFont> {
  const font = fontkitFont(style);
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
    // Several code points can share a glyph (space and no-break space); the first one wins.
    if (!unicodeOf.has(id)) unicodeOf.set(id, cp);
  }
  const raw = await streamBytes(subset.encodeStream() as unknown as NodeJS.EventEmitter);
  const scale = (v: number) => Math.round((v * 1000) / font.unitsPerEm);
  // A subset's font name carries a six-letter tag (PDF 32000 §9.6.4), here derived from its content.
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
    flags: 2 | 32 | (font.italicAngle !== 0 ? 64 : 0),
  };
}

/**
 * The ToUnicode CMap: glyph id → Unicode. Runs where both sides count up together (ASCII, most of
 * the Vietnamese block, since subsets number glyphs in code point order) are written as one
 * bfrange; a range may only vary in the last byte of its codes, on both sides.
 */
export function toUnicodeCMap(unicodeOf: Map<number, number>): Buffer {
  const hex4 = (n: number) => n.toString(16).padStart(4, '0');
  const utf16 = (cp: number) => Array.from(String.fromCodePoint(cp), (c) => hex4(c.charCodeAt(0))).join('');
  const entries = [...unicodeOf.entries()].sort((a, b) => a[0] - b[0]);
  const ranges: string[] = [];
  const chars: string[] = [];
  for (let i = 0; i < entries.length; ) {
    const [gid, cp] = entries[i];
    let n = 1;
    while (
      i + n < entries.length &&
      cp < 0xffff &&
      entries[i + n][0] === gid + n &&
      entries[i + n][1] === cp + n &&
      (gid + n) >> 8 === gid >> 8 &&
      (cp + n) >> 8 === cp >> 8
    )
      n++;
    if (n > 1) ranges.push(`<${hex4(gid)}> <${hex4(gid + n - 1)}> <${hex4(cp)}>`);
    else chars.push(`<${hex4(gid)}> <${utf16(cp)}>`);
    i += n;
  }
  // At most 100 entries per block (PostScript operand stack limit, PDF 32000 §9.10.3).
  const blocks = (list: string[], op: string) => {
    const out: string[] = [];
    for (let i = 0; i < list.length; i += 100) {
      const chunk = list.slice(i, i + 100);
      out.push(`${chunk.length} begin${op}\n${chunk.join('\n')}\nend${op}`);
    }
    return out;
  };
  return Buffer.from(
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
      '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
      '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
      [...blocks(ranges, 'bfrange'), ...blocks(chars, 'bfchar')].join('\n') +
      '\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n',
    'latin1',
  );
}

/**
 * A small cache of subsets by key, oldest dropped first. Entries are promises so concurrent
 * documents asking for the same subset share one build; a failed build is forgotten.
 */
export class SubsetCache {
  private readonly entries = new Map<string, Promise<SubsetFont>>();
  constructor(private readonly limit: number) {}

  get(key: string, build: () => Promise<SubsetFont>): Promise<SubsetFont> {
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
      entry = build();
      this.entries.set(key, entry);
      entry.catch(() => this.entries.delete(key));
    }
    return entry;
  }
}

const documentSubsets = new SubsetCache(128);

/** Always in a small subset, so that dates and numbers do not make a new subset every day. */
const DIGITS = ranges([0x30, 0x39]);

/**
 * Up to this many characters, a style gets a subset of just those characters instead of the
 * shared Vietnamese one. Forms set a few lines in italic or bold italic ("Nơi nhận:", "(Ký và
 * ghi rõ họ tên)", the place and date): a dozen glyphs, for which the shared subset would add
 * ~13 KB. Those lines repeat from document to document, so their subsets are cache hits.
 */
const SMALL_SUBSET = 48;

/**
 * The subset a form document embeds for `style`, given the code points it draws in that style:
 * - few characters: exactly those (plus digits), cached by that set;
 * - otherwise the shared Vietnamese subset, or, when the document also uses characters outside
 *   `VIETNAMESE` (that the font has), the Vietnamese set plus those, cached by the extra set, so
 *   even unusual names cost one build per process.
 */
export function documentSubset(style: FontStyle, used: Iterable<number>): Promise<SubsetFont> {
  const font = fontkitFont(style);
  // Characters the font lacks draw .notdef, which every subset has; they do not change the key.
  const chars = new Set([...used, ...DIGITS].filter((cp) => font.hasGlyphForCodePoint(cp)));
  if (chars.size <= SMALL_SUBSET) {
    const sorted = [...chars].sort((a, b) => a - b);
    return documentSubsets.get(`${style}=${String.fromCodePoint(...sorted)}`, () => buildSubset(style, sorted));
  }
  const more = [...chars].filter((cp) => !VIETNAMESE.has(cp)).sort((a, b) => a - b);
  return documentSubsets.get(`${style}+${String.fromCodePoint(...more)}`, () =>
    buildSubset(style, [...VIETNAMESE, ...more].sort((a, b) => a - b)),
  );
}
