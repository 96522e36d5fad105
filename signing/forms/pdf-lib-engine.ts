/**
 * The reference drawing engine: the same layout drawn through pdf-lib's page API, with fonts
 * embedded by pdf-lib as subsets (`embedFont(bytes, { subset: true })`) and the file written by
 * `PDFDocument.save()`. This is how a pdf-lib application typically produces such a document, and
 * how the forms were rendered before `pdfWriterEngine`.
 *
 * Not used in production. The bench measures the @signpdf baseline with it (generate + sign, as
 * that baseline would run in production), and forms.test.ts checks that the production engine's
 * text matches it.
 */
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import {
  degrees,
  fill,
  PDFArray,
  PDFContentStream,
  PDFDocument,
  PDFFont,
  PDFName,
  PDFOperator,
  PDFPage,
  PDFRawStream,
  PDFRef,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingColor,
  type RGB,
} from 'pdf-lib';
import type { Fontkit } from 'pdf-lib/cjs/types/fontkit.js';
import { cachingFontkit, fontBytes, fontkitFont, type FontStyle } from '../fonts.js';
import type { Box, DocumentInfo, DrawingEngine, EngineFactory } from './engine.js';

export interface PdfLibEngineOptions {
  /**
   * 'stock': @pdf-lib/fontkit registered as is, the way an application would: each embedding
   * parses the font again and lays text out with full OpenType shaping.
   * 'cached': the shared, parsed fonts of fonts.ts (cmap lookup instead of shaping).
   */
  fonts: 'stock' | 'cached';
  /** Deflate with node's zlib rather than pdf-lib's JavaScript pako. */
  nativeDeflate: boolean;
  /** Runs on the document just before `save()`, e.g. to add a signature placeholder. */
  beforeSave?: (doc: PDFDocument) => void;
}

class PdfLibEngine implements DrawingEngine {
  private readonly pages: PDFPage[] = [];

  private constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Record<FontStyle, PDFFont>,
    private readonly opts: PdfLibEngineOptions,
  ) {}

  /** All four styles are embedded up front, as a renderer with a fixed set of styles would. */
  static async create(opts: PdfLibEngineOptions): Promise<PdfLibEngine> {
    // fonts.ts fixes two faults of fontkit's shared subset class (odd-length glyphs lost with
    // the short loca format; timer hops while encoding). Creating one cached font installs the
    // fixes process-wide, so stock fonts get them too: without the first, text would be missing.
    fontkitFont('regular');
    const doc = await PDFDocument.create({ updateMetadata: false });
    if (opts.nativeDeflate) {
      const ctx = doc.context;
      ctx.flateStream = (contents, dict = {}) =>
        ctx.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
    }
    doc.registerFontkit(opts.fonts === 'cached' ? cachingFontkit : (fontkit as unknown as Fontkit));
    const styles: FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];
    const embedded = await Promise.all(styles.map((s) => doc.embedFont(fontBytes(s), { subset: true })));
    const fonts = Object.fromEntries(styles.map((s, i) => [s, embedded[i]])) as Record<FontStyle, PDFFont>;
    return new PdfLibEngine(doc, fonts, opts);
  }

  widthOf(text: string, style: FontStyle): number {
    return this.fonts[style].widthOfTextAtSize(text, 1);
  }

  addPage(width: number, height: number): void {
    this.pages.push(this.doc.addPage([width, height]));
  }

  text(page: number, text: string, x: number, y: number, size: number, style: FontStyle, color: RGB, angle = 0): void {
    this.pages[page].drawText(text, { x, y, size, font: this.fonts[style], color, rotate: degrees(angle) });
  }

  line(page: number, [x1, y1]: [number, number], [x2, y2]: [number, number], thickness: number, color: RGB): void {
    this.pages[page].drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness, color });
  }

  strokeRect(page: number, [x, y, width, height]: Box, borderWidth: number, borderColor: RGB): void {
    this.pages[page].drawRectangle({ x, y, width, height, borderColor, borderWidth });
  }

  fillRects(page: number, boxes: Box[], color: RGB): void {
    const ops: PDFOperator[] = [pushGraphicsState(), setFillingColor(color)];
    for (const [x, y, w, h] of boxes) ops.push(rectangle(x, y, w, h));
    ops.push(fill(), popGraphicsState());
    this.pages[page].pushOperators(...ops);
  }

  async finish(info: DocumentInfo): Promise<Uint8Array> {
    const doc = this.doc;
    doc.setTitle(info.title);
    doc.setAuthor(info.author);
    if (info.subject) doc.setSubject(info.subject);
    doc.setLanguage(info.language);
    doc.setCreator(info.creator);
    doc.setProducer(`${info.producer} (pdf-lib)`);
    doc.setCreationDate(info.createdAt);
    doc.setModificationDate(info.createdAt);
    if (this.opts.nativeDeflate) compressPageContents(doc);
    this.opts.beforeSave?.(doc);
    // Classic cross-reference tables, as @signpdf's placeholder requires.
    return doc.save({ useObjectStreams: false });
  }
}

/** Page contents are deflated by pdf-lib at save time with pako; this does it first with zlib. */
function compressPageContents(doc: PDFDocument): void {
  const ctx = doc.context;
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    for (const ref of refs) {
      if (!(ref instanceof PDFRef)) continue;
      const stream = ctx.lookup(ref);
      if (!(stream instanceof PDFContentStream)) continue;
      const raw = Buffer.from(stream.getUnencodedContents());
      ctx.assign(ref, PDFRawStream.of(ctx.obj({ Filter: 'FlateDecode' }) as typeof stream.dict, deflateSync(raw)));
    }
  }
}

export function pdfLibEngine(opts: PdfLibEngineOptions): EngineFactory {
  return () => PdfLibEngine.create(opts);
}
