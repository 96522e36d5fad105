/**
 * Noto Serif (full Vietnamese coverage, a Times-like serif as Decree 30/2020 asks) loaded once per
 * process. Reading and parsing a 500 KB TrueType file costs far more than drawing a form, so the
 * bytes and the parsed fontkit fonts are cached and shared by every document this process renders.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { Fontkit, Font as FontkitFont } from 'pdf-lib/cjs/types/fontkit.js';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FILES: Record<FontStyle, string> = {
  regular: '400Regular/NotoSerif_400Regular.ttf',
  bold: '700Bold/NotoSerif_700Bold.ttf',
  italic: '400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
};

const packageDir = path.dirname(
  createRequire(import.meta.url).resolve('@expo-google-fonts/noto-serif/package.json'),
);

const bytesCache = new Map<FontStyle, Uint8Array>();
const parsed = new WeakMap<Uint8Array, FontkitFont>();

export function fontBytes(style: FontStyle): Uint8Array {
  let bytes = bytesCache.get(style);
  if (!bytes) {
    bytes = new Uint8Array(readFileSync(path.join(packageDir, FILES[style])));
    bytesCache.set(style, bytes);
  }
  return bytes;
}

/**
 * A fontkit facade for `PDFDocument.registerFontkit`: pdf-lib calls `create` for every embedding,
 * which would re-parse the font and throw away its glyph and layout caches each time.
 */
export const cachingFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont {
    if (postscriptName) return padSubsetGlyphs((fontkit as unknown as Fontkit).create(buffer, postscriptName));
    let font = parsed.get(buffer);
    if (!font) {
      font = padSubsetGlyphs((fontkit as unknown as Fontkit).create(buffer));
      parsed.set(buffer, font);
    }
    return font;
  },
};

interface TtfSubsetInternals {
  glyf: Uint8Array[];
  offset: number;
  _addGlyph(gid: number): number;
}
const patched = new WeakSet<object>();

/**
 * @pdf-lib/fontkit 1.1.1 copies glyph records unpadded and then picks the short `loca` format,
 * which stores offsets halved: after the first odd-length glyph every later glyph points one byte
 * early and renders as nothing. Noto Serif has odd-length glyphs, so a subset lost most letters
 * (seen in pdftoppm output). Padding each copied glyph to an even length keeps offsets exact.
 */
function padSubsetGlyphs(font: FontkitFont): FontkitFont {
  const proto = Object.getPrototypeOf(font.createSubset()) as TtfSubsetInternals;
  if (typeof proto._addGlyph !== 'function' || patched.has(proto)) return font;
  const addGlyph = proto._addGlyph;
  proto._addGlyph = function (this: TtfSubsetInternals, gid: number) {
    const id = addGlyph.call(this, gid);
    const last = this.glyf[this.glyf.length - 1];
    if (last.length % 2 === 1) {
      // fontkit's stream only accepts its own (browserified) Buffer class.
      const padded = (last.constructor as unknown as { alloc(size: number): Uint8Array }).alloc(last.length + 1);
      padded.set(last, 0);
      this.glyf[this.glyf.length - 1] = padded;
      this.offset += 1;
    }
    return id;
  };
  patched.add(proto);
  return font;
}

export function fontkitFont(style: FontStyle): FontkitFont {
  return cachingFontkit.create(fontBytes(style));
}
