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
    if (postscriptName) return patchFont((fontkit as unknown as Fontkit).create(buffer, postscriptName));
    let font = parsed.get(buffer);
    if (!font) {
      font = patchFont((fontkit as unknown as Fontkit).create(buffer));
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
/**
 * The patches below change fontkit's shared prototypes, so they must happen once per process even
 * when this module is loaded twice (the server entry through tsx and the Remix server bundle each
 * carry a copy). A module-local WeakSet cannot see the other copy's work; a marker under a global
 * symbol on the prototype itself can. Patching twice breaks encoding: the second copy would take
 * the first copy's replay stream for fontkit's EncodeStream ("stream.writeString is not a function").
 */
const PATCHED_WITHOUT_TIMERS = Symbol.for('mot-cua.fontkit.encode-without-timers');
const PATCHED_PADDING = Symbol.for('mot-cua.fontkit.even-glyph-padding');
const isMarked = (proto: object, marker: symbol) => (proto as Record<symbol, unknown>)[marker] === true;
const mark = (proto: object, marker: symbol) => Object.defineProperty(proto, marker, { value: true });

/**
 * @pdf-lib/fontkit 1.1.1 copies glyph records unpadded and then picks the short `loca` format,
 * which stores offsets halved: after the first odd-length glyph every later glyph points one byte
 * early and renders as nothing. Noto Serif has odd-length glyphs, so a subset lost most letters
 * (seen in pdftoppm output). Padding each copied glyph to an even length keeps offsets exact.
 */
function patchFont(font: FontkitFont): FontkitFont {
  rememberCodePoints(font);
  mapWithoutShaping(font);
  encodeWithoutTimers(font);
  return padSubsetGlyphs(font);
}

interface SubsetEncoder {
  encode(stream: unknown): void;
  encodeStream(): unknown;
}
type Listener = (arg?: unknown) => void;

/**
 * fontkit's `encodeStream` defers the encoding through its bundled `process.nextTick` shim, which
 * is a setTimeout, and its browserified stream adds more timer hops before 'data' fires: about a
 * millisecond of idle time per font per document, a quarter of a form's rendering. The encoding
 * itself is synchronous, so it runs at once here and the chunks are replayed to the listeners
 * pdf-lib attaches (data, end, error) on the next microtask.
 */
function encodeWithoutTimers(font: FontkitFont): void {
  const proto = Object.getPrototypeOf(font.createSubset()) as SubsetEncoder;
  if (isMarked(proto, PATCHED_WITHOUT_TIMERS) || typeof proto.encodeStream !== 'function') return;
  // The stream class is only reachable through an instance; this one encodes an empty subset.
  const EncodeStream = (font.createSubset() as unknown as SubsetEncoder).encodeStream()!.constructor as new () => {
    push(chunk: Uint8Array | null): boolean;
    end(): void;
  };
  proto.encodeStream = function (this: SubsetEncoder) {
    const chunks: Uint8Array[] = [];
    let failure: unknown;
    const stream = new EncodeStream();
    stream.push = (chunk) => {
      if (chunk) chunks.push(Uint8Array.from(chunk));
      return true;
    };
    try {
      this.encode(stream);
      stream.end();
    } catch (e) {
      failure = e;
    }
    const listeners: Record<string, Listener[]> = { data: [], end: [], error: [] };
    let scheduled = false;
    const facade = {
      on(event: string, fn: Listener) {
        (listeners[event] ??= []).push(fn);
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(() => {
            if (failure) return listeners.error.forEach((f) => f(failure));
            for (const c of chunks) listeners.data.forEach((f) => f(c));
            listeners.end.forEach((f) => f());
          });
        }
        return facade;
      },
    };
    return facade;
  };
  mark(proto, PATCHED_WITHOUT_TIMERS);
}

/**
 * pdf-lib calls `layout` for every width it measures and every string it draws, and uses only
 * the glyph list: GPOS positions (kerning, mark placement) are dropped anyway. Full OpenType
 * shaping was two thirds of a form's rendering time. For NFC Vietnamese text Noto Serif has a
 * precomposed glyph per character, so a cmap lookup gives the same glyphs, minus the f-ligatures,
 * which official documents do not want (they also break copy-and-search of the text).
 * Callers that ask for explicit features still get fontkit's shaper.
 */
function mapWithoutShaping(font: FontkitFont): void {
  const shaped = font.layout.bind(font);
  const internals = font as unknown as { layout: (text: string, features?: unknown) => unknown };
  internals.layout = (text: string, features?: unknown) => {
    if (features !== undefined) return shaped(text, features as never);
    const glyphs = [];
    for (const ch of text) glyphs.push(font.glyphForCodePoint(ch.codePointAt(0)!));
    return { glyphs };
  };
}

/**
 * fontkit caches glyph objects with the code points they were first requested with. The subsetter
 * requests the components of accented letters (the O inside Ô, Ồ, Ó…) by id alone, so once one
 * document had been saved the shared font held an "O" with no code points, and every later
 * document got an empty ToUnicode entry for it: "HOÀN" extracted as "H ÀN". Filling in the code
 * points from the cmap whenever a caller gives none keeps a long-lived font safe to share.
 */
function rememberCodePoints(font: FontkitFont): void {
  const internals = font as unknown as {
    getGlyph(id: number, codePoints?: number[]): unknown;
    _cmapProcessor?: { codePointsForGlyph(id: number): number[] };
  };
  const getGlyph = internals.getGlyph.bind(font);
  internals.getGlyph = (id: number, codePoints?: number[]) =>
    getGlyph(id, codePoints?.length ? codePoints : (internals._cmapProcessor?.codePointsForGlyph(id) ?? []));
}

function padSubsetGlyphs(font: FontkitFont): FontkitFont {
  const proto = Object.getPrototypeOf(font.createSubset()) as TtfSubsetInternals;
  if (typeof proto._addGlyph !== 'function' || isMarked(proto, PATCHED_PADDING)) return font;
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
  mark(proto, PATCHED_PADDING);
  return font;
}

export function fontkitFont(style: FontStyle): FontkitFont {
  return cachingFontkit.create(fontBytes(style));
}
