/**
 * Page layout shared by every form: the Decree 30/2020/NĐ-CP pieces (issuing agency and national
 * title block, number and symbol, place and date, title, signature block, recipients), flowing
 * text with wrapping and justification, tables that repeat their header across pages, and the
 * verification QR code. Forms describe content; this module decides where it goes.
 */
import { rgb, type RGB } from 'pdf-lib';
import QRCode from 'qrcode';
import type { FontStyle } from '../fonts.js';
import { pdfWriterEngine, type Box, type DrawingEngine, type EngineFactory } from './engine.js';
import { placeAndDate } from './format.js';

const MM = 72 / 25.4;
const A4: [number, number] = [210 * MM, 297 * MM];
const BLACK = rgb(0, 0, 0);

/** PDF user-space rectangle: x, y of the lower-left corner, width, height. */
export type Rect = [number, number, number, number];

export interface SignatureArea {
  /** Zero-based page index. */
  page: number;
  rect: Rect;
}

export interface RenderedForm {
  pdf: Uint8Array;
  /**
   * Where visible signatures belong, by role ("signer", "organisation", "reviewer", …), to pass to
   * `signPdf(…, { appearance })`.
   */
  signatureAreas: Record<string, SignatureArea>;
}

/** Issuing agency and date, the left and right columns at the top of every document. */
export interface IssuerHeader {
  /** Cơ quan chủ quản, e.g. "UBND tỉnh Thái Bình". Printed upper case. */
  parentAgency?: string;
  /** Cơ quan ban hành, e.g. "Trung tâm Phục vụ hành chính công". Printed upper case, bold. */
  agency: string;
  /** Số, ký hiệu without "Số:", e.g. "125/GTN-TTPVHCC". Omitted when empty. */
  number?: string;
  /** Địa danh, e.g. "Thái Bình". */
  place: string;
  date: Date;
}

export interface Verification {
  /** What the QR code encodes: the public verification page for this document. */
  url: string;
  /** Printed beside the code, e.g. the dossier code. */
  caption?: string;
}

export interface TextRun {
  text: string;
  style?: FontStyle;
}

export interface TextOptions {
  size?: number;
  style?: FontStyle;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Left edge, relative to the left margin. */
  x?: number;
  width?: number;
  /** First-line indent. */
  indent?: number;
  /** Indent of the following lines (for "Label: value" fields and list items). */
  hanging?: number;
  lineHeight?: number;
  color?: RGB;
  /** Keep on the current page: the caller has already reserved the space. */
  noBreak?: boolean;
}

export interface Column {
  header: string;
  /** Relative width. */
  width: number;
  align?: 'left' | 'center' | 'right';
}

export interface SignatureBlock {
  /** Thẩm quyền ký lines above the title, e.g. ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]. */
  authority?: string[];
  /** Chức vụ, e.g. "PHÓ CHỦ TỊCH" or "NGƯỜI TIẾP NHẬN HỒ SƠ". */
  title: string;
  /** Italic line under the title, e.g. "(Ký, ghi rõ họ tên)". */
  note?: string;
  name?: string;
  /** Role under which the blank signing space is reported in `signatureAreas`. */
  area?: string;
}

interface Word {
  text: string;
  font: FontStyle;
  width: number;
  /** Width of the space that follows it (zero at a run boundary without space). */
  space: number;
}

export interface FormOptions {
  landscape?: boolean;
  /** Document title for the PDF metadata. */
  title: string;
  author: string;
  subject?: string;
  createdAt: Date;
  verification?: Verification;
  /** Drawing engine; `pdfWriterEngine` unless the bench or a test asks for another. */
  engine?: EngineFactory;
  /** Printed large and pale across every page, under the content, e.g. "DỰ THẢO" on an unsigned draft. */
  watermark?: string;
}

const BODY_SIZE = 13;

export class FormWriter {
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** Left, right, top, bottom: Decree 30 asks for 30–35 / 15–20 / 20–25 / 20–25 mm. */
  readonly margin = { left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 18 * MM };
  readonly contentWidth: number;
  y = 0;
  /** Zero-based index of the page being filled. */
  private current = -1;
  private pageCount = 0;
  private readonly widthCache = new Map<FontStyle, Map<string, number>>();
  private readonly areas: Record<string, SignatureArea> = {};
  private readonly qrReserve: number;

  private constructor(private readonly engine: DrawingEngine, private readonly opts: FormOptions) {
    [this.pageWidth, this.pageHeight] = opts.landscape ? [A4[1], A4[0]] : A4;
    this.contentWidth = this.pageWidth - this.margin.left - this.margin.right;
    this.qrReserve = opts.verification ? 24 * MM : 0;
    this.newPage();
  }

  static async create(opts: FormOptions): Promise<FormWriter> {
    return new FormWriter(await (opts.engine ?? pdfWriterEngine)(), opts);
  }

  private get bottomLimit(): number {
    return this.margin.bottom + (this.current === 0 ? this.qrReserve : 0);
  }

  /** Space left on the current page above the bottom margin. */
  get remaining(): number {
    return this.y - this.bottomLimit;
  }

  newPage(): void {
    this.engine.addPage(this.pageWidth, this.pageHeight);
    this.current = this.pageCount++;
    this.y = this.pageHeight - this.margin.top;
    if (this.opts.watermark) this.drawWatermark(this.opts.watermark);
  }

  /** Drawn first on its page, so that the content lies over it and stays legible. */
  private drawWatermark(text: string): void {
    const size = 96;
    const angle = 40;
    const width = this.width(text, 'bold', size);
    const rad = (angle * Math.PI) / 180;
    // Centre the run's middle on the page's centre, along the diagonal.
    const x = this.pageWidth / 2 - (Math.cos(rad) * width) / 2 + (Math.sin(rad) * size * 0.35);
    const y = this.pageHeight / 2 - (Math.sin(rad) * width) / 2 - (Math.cos(rad) * size * 0.35);
    this.engine.text(this.current, text, x, y, size, 'bold', rgb(0.97, 0.8, 0.8), angle);
  }

  /** Moves to a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (height > this.remaining) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  width(text: string, style: FontStyle, size: number): number {
    let cache = this.widthCache.get(style);
    if (!cache) this.widthCache.set(style, (cache = new Map()));
    let w = cache.get(text);
    if (w === undefined) {
      w = this.engine.widthOf(text, style);
      cache.set(text, w);
    }
    return w * size;
  }

  /** Splits runs into words, keeping which font each word is set in. */
  private words(runs: TextRun[], size: number): Word[][] {
    // Forms are filled from databases and browsers; decomposed diacritics would shape poorly.
    const paragraphs: Word[][] = [[]];
    for (const run of runs) {
      const font = run.style ?? 'regular';
      const pieces = run.text.normalize('NFC').split(/(\n| +)/);
      for (const piece of pieces) {
        if (piece === '') continue;
        const para = paragraphs[paragraphs.length - 1];
        if (piece === '\n') paragraphs.push([]);
        else if (piece.startsWith(' ')) {
          const last = para[para.length - 1];
          // Several spaces are kept as a wider gap (fieldRow separates its fields that way).
          if (last) last.space = this.width(piece, font, size);
        } else para.push({ text: piece, font, width: this.width(piece, font, size), space: 0 });
      }
    }
    return paragraphs;
  }

  /** Greedy line filling; a word wider than a line is cut into pieces that fit. */
  private lines(words: Word[], first: number, rest: number, size: number): Word[][] {
    const lines: Word[][] = [];
    let line: Word[] = [];
    let used = 0;
    const limit = () => (lines.length === 0 ? first : rest);
    const queue = [...words];
    while (queue.length) {
      const w = queue.shift()!;
      const prevSpace = line.length ? line[line.length - 1].space : 0;
      if (line.length && used + prevSpace + w.width > limit()) {
        lines.push(line);
        line = [];
        used = 0;
      }
      if (!line.length && w.width > limit()) {
        const [head, tail] = this.cut(w, limit(), size);
        line.push(head);
        lines.push(line);
        line = [];
        used = 0;
        if (tail) queue.unshift(tail);
        continue;
      }
      used += (line.length ? line[line.length - 1].space : 0) + w.width;
      line.push(w);
    }
    if (line.length) lines.push(line);
    return lines;
  }

  private cut(w: Word, limit: number, size: number): [Word, Word | undefined] {
    const chars = [...w.text];
    let n = chars.length - 1;
    while (n > 1 && this.width(chars.slice(0, n).join(''), w.font, size) > limit) n--;
    // Dossier codes and numbers read better broken after a hyphen or slash than mid-group.
    for (let i = n - 1; i >= 2; i--) {
      if (chars[i] === '-' || chars[i] === '/') {
        n = i + 1;
        break;
      }
    }
    const head = chars.slice(0, n).join('');
    const tail = chars.slice(n).join('');
    return [
      { ...w, text: head, width: this.width(head, w.font, size), space: 0 },
      tail ? { ...w, text: tail, width: this.width(tail, w.font, size) } : undefined,
    ];
  }

  /** Lays out rich text and draws it, breaking pages between lines. */
  richText(runs: TextRun[], o: TextOptions = {}): void {
    const size = o.size ?? BODY_SIZE;
    const lineHeight = o.lineHeight ?? size * 1.25;
    const x0 = this.margin.left + (o.x ?? 0);
    const width = o.width ?? this.contentWidth - (o.x ?? 0);
    const indent = o.indent ?? 0;
    const hanging = o.hanging ?? 0;
    for (const para of this.words(runs, size)) {
      const lines = para.length ? this.lines(para, width - indent, width - hanging, size) : [[]];
      lines.forEach((line, i) => {
        if (!o.noBreak && lineHeight > this.remaining) this.newPage();
        const lead = i === 0 ? indent : hanging;
        const avail = width - lead;
        const natural = line.reduce((n, w, k) => n + w.width + (k < line.length - 1 ? w.space : 0), 0);
        let x = x0 + lead;
        let stretch = 0;
        const align = o.align ?? 'left';
        if (align === 'center') x += (avail - natural) / 2;
        else if (align === 'right') x += avail - natural;
        else if (align === 'justify' && i < lines.length - 1 && line.length > 1) {
          const gaps = line.slice(0, -1).filter((w) => w.space > 0).length;
          if (gaps) stretch = (avail - natural) / gaps;
        }
        const baseline = this.y - size * 1.02;
        for (const w of line) {
          this.engine.text(this.current, w.text, x, baseline, size, w.font, o.color ?? BLACK);
          x += w.width + w.space + (w.space > 0 ? stretch : 0);
        }
        this.y -= lineHeight;
      });
    }
  }

  text(text: string, o: TextOptions = {}): void {
    this.richText([{ text, style: o.style }], o);
  }

  /** Height the text would take, without drawing it. */
  measure(runs: TextRun[], o: TextOptions = {}): number {
    const size = o.size ?? BODY_SIZE;
    const width = o.width ?? this.contentWidth - (o.x ?? 0);
    let n = 0;
    for (const para of this.words(runs, size)) {
      n += para.length ? this.lines(para, width - (o.indent ?? 0), width - (o.hanging ?? 0), size).length : 1;
    }
    return n * (o.lineHeight ?? size * 1.25);
  }

  /** A body paragraph: justified, first line indented by 1 cm as Decree 30 shows. */
  paragraph(text: string | TextRun[], o: TextOptions = {}): void {
    const runs = typeof text === 'string' ? [{ text }] : text;
    this.richText(runs, { align: 'justify', indent: 10 * MM, ...o });
    this.gap(3);
  }

  /** "Label: value" with the value in bold, wrapped under itself. */
  field(label: string, value: string | undefined, o: TextOptions = {}): void {
    this.richText(
      [
        { text: `${label}: `, style: 'regular' },
        { text: value && value.trim() ? value : '……………………', style: 'bold' },
      ],
      { hanging: 0, ...o },
    );
    this.gap(2);
  }

  /** Several short fields on one line, e.g. sex, ethnicity and nationality. */
  fieldRow(fields: Array<[string, string | undefined]>, o: TextOptions = {}): void {
    const runs: TextRun[] = [];
    fields.forEach(([label, value], i) => {
      runs.push({ text: `${i ? '    ' : ''}${label}: `, style: 'regular' });
      runs.push({ text: value && value.trim() ? value : '…………', style: 'bold' });
    });
    this.richText(runs, o);
    this.gap(2);
  }

  /** A bold section heading ("1. Thành phần hồ sơ nộp gồm:"). */
  heading(text: string, o: TextOptions = {}): void {
    this.ensure(60);
    this.gap(2);
    this.text(text, { style: 'bold', ...o });
    this.gap(2);
  }

  list(items: string[], o: TextOptions & { marker?: (i: number) => string } = {}): void {
    const marker = o.marker ?? (() => '- ');
    items.forEach((item, i) => {
      const m = marker(i);
      this.richText([{ text: m + item }], { align: 'justify', indent: 10 * MM, hanging: 10 * MM, ...o });
      this.gap(2);
    });
  }

  hline(x: number, y: number, width: number, thickness = 0.6): void {
    this.engine.line(this.current, [x, y], [x + width, y], thickness, BLACK);
  }

  /** Issuing agency (left) and national title block (right), then number and place/date. */
  header(h: IssuerHeader, o: { leftShare?: number; size?: number } = {}): void {
    const size = o.size ?? 12.5;
    const leftWidth = this.contentWidth * (o.leftShare ?? 0.42);
    const rightX = leftWidth + 4;
    const rightWidth = this.contentWidth - rightX;
    const top = this.y;

    if (h.parentAgency) this.text(h.parentAgency.toLocaleUpperCase('vi'), { size, align: 'center', width: leftWidth });
    const agency = h.agency.toLocaleUpperCase('vi');
    this.text(agency, { size, style: 'bold', align: 'center', width: leftWidth });
    // The rule under the agency is a third to a half of the name's length, centred.
    // A name given on two lines ("ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG HƯNG") is measured by its longer line.
    const agencyWidth = Math.min(Math.max(...agency.split('\n').map((line) => this.width(line, 'bold', size))), leftWidth);
    const rule = Math.max(agencyWidth * 0.4, 40);
    // Below the dots of ạ, ậ, ụ…: the line box ends 0.23 em under the baseline.
    this.hline(this.margin.left + (leftWidth - rule) / 2, this.y - 1, rule);
    const leftBottom = this.y;

    this.y = top;
    const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    const nationSize = Math.min(size, (rightWidth / this.width(nation, 'bold', 1)) * 0.98);
    this.text(nation, { size: nationSize, style: 'bold', align: 'center', x: rightX, width: rightWidth });
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    const mottoSize = size + 0.5;
    this.text(motto, { size: mottoSize, style: 'bold', align: 'center', x: rightX, width: rightWidth });
    const mottoWidth = this.width(motto, 'bold', mottoSize);
    this.hline(this.margin.left + rightX + (rightWidth - mottoWidth) / 2, this.y - 1, mottoWidth);

    this.y = Math.min(this.y, leftBottom) - 10;
    const row = this.y;
    if (h.number) this.text(`Số: ${h.number}`, { size: 13, align: 'center', width: leftWidth });
    const afterNumber = this.y;
    this.y = row;
    this.text(placeAndDate(h.place, h.date), { size: 13, style: 'italic', align: 'center', x: rightX, width: rightWidth });
    this.y = Math.min(this.y, afterNumber) - 14;
  }

  /**
   * Centred bold title (Tên loại văn bản), an optional summary line (trích yếu), and an optional code
   * line. `rule`: the short line Decree 30 draws under the summary of a decision.
   */
  title(title: string, subtitle?: string, code?: string, o: { rule?: boolean } = {}): void {
    this.text(title.toLocaleUpperCase('vi'), { size: 14, style: 'bold', align: 'center' });
    if (subtitle) this.text(subtitle, { size: 14, style: 'bold', align: 'center' });
    if (code) this.text(code, { size: 13, style: 'regular', align: 'center' });
    if (o.rule) {
      const rule = Math.min(this.contentWidth / 3, 150);
      this.hline(this.margin.left + (this.contentWidth - rule) / 2, this.y - 3, rule);
      this.gap(6);
    }
    this.gap(10);
  }

  table(columns: Column[], rows: string[][], o: { size?: number; headerSize?: number } = {}): void {
    const size = o.size ?? 11.5;
    const headerSize = o.headerSize ?? size;
    const pad = 3;
    const total = columns.reduce((n, c) => n + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.contentWidth);
    const xs = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
    const cellHeight = (texts: string[], style: FontStyle, sz: number) =>
      Math.max(
        ...texts.map((t, i) => this.measure([{ text: t, style }], { size: sz, width: widths[i] - 2 * pad, lineHeight: sz * 1.25 })),
      ) + 2 * pad;

    const drawRow = (texts: string[], style: FontStyle, sz: number, aligns: Array<Column['align']>) => {
      const h = cellHeight(texts, style, sz);
      const top = this.y;
      texts.forEach((t, i) => {
        this.y = top - pad;
        this.text(t, { size: sz, style, x: xs[i] + pad, width: widths[i] - 2 * pad, align: aligns[i] ?? 'left', lineHeight: sz * 1.25, noBreak: true });
      });
      const left = this.margin.left;
      this.engine.strokeRect(this.current, [left, top - h, this.contentWidth, h], 0.6, BLACK);
      for (const x of xs.slice(1)) this.engine.line(this.current, [left + x, top], [left + x, top - h], 0.6, BLACK);
      this.y = top - h;
    };

    const headers = columns.map((c) => c.header);
    const headerHeight = cellHeight(headers, 'bold', headerSize);
    const drawHeader = () => drawRow(headers, 'bold', headerSize, columns.map(() => 'center'));
    this.ensure(headerHeight + cellHeight(rows[0] ?? headers, 'regular', size));
    drawHeader();
    for (const row of rows) {
      const h = cellHeight(row, 'regular', size);
      if (h > this.remaining) {
        this.newPage();
        drawHeader();
      }
      drawRow(row, 'regular', size, columns.map((c) => c.align));
    }
    this.gap(8);
  }

  /**
   * Signature blocks side by side (one on the right, or two: left and right), with recipients
   * ("Nơi nhận") in the left column when given. Kept together on one page.
   */
  signatures(blocks: { left?: SignatureBlock; right: SignatureBlock; recipients?: string[] }): void {
    const colWidth = this.contentWidth * 0.5;
    const rightX = this.contentWidth - colWidth;
    const space = 22 * MM;
    const blockHeight = (b: SignatureBlock) =>
      (b.authority?.length ?? 0) * 17 + 17 + (b.note ? 15 : 0) + space + (b.name ? 17 : 0);
    const recipientsHeight = blocks.recipients ? this.measureRecipients(blocks.recipients, rightX - 8) : 0;
    const needed = Math.max(blockHeight(blocks.right), blocks.left ? blockHeight(blocks.left) : 0, recipientsHeight) + 8;
    this.gap(6);
    this.ensure(needed);
    const top = this.y;
    let bottom = top;
    const draw = (b: SignatureBlock, x: number) => {
      this.y = top;
      for (const line of b.authority ?? []) this.text(line, { size: 13, style: 'bold', align: 'center', x, width: colWidth, noBreak: true });
      this.text(b.title.toLocaleUpperCase('vi'), { size: 13, style: 'bold', align: 'center', x, width: colWidth, noBreak: true });
      if (b.note) this.text(b.note, { size: 12, style: 'italic', align: 'center', x, width: colWidth, noBreak: true });
      if (b.area) {
        this.areas[b.area] = {
          page: this.current,
          rect: [this.margin.left + x + 10, this.y - space + 4, colWidth - 20, space - 8],
        };
      }
      this.y -= space;
      if (b.name) this.text(b.name, { size: 13, style: 'bold', align: 'center', x, width: colWidth, noBreak: true });
      bottom = Math.min(bottom, this.y);
    };
    draw(blocks.right, rightX);
    if (blocks.left) draw(blocks.left, 0);
    else if (blocks.recipients) {
      this.y = top;
      this.recipients(blocks.recipients, rightX - 8);
      bottom = Math.min(bottom, this.y);
    }
    this.y = bottom - 6;
  }

  private measureRecipients(items: string[], width: number): number {
    return 16 + items.reduce((n, r) => n + this.measure([{ text: `- ${r}` }], { size: 11, width, hanging: 6 }), 0);
  }

  private recipients(items: string[], width: number): void {
    const top = this.y;
    this.text('Nơi nhận:', { size: 12, style: 'boldItalic', width, noBreak: true });
    items.forEach((r, i) => {
      const end = i === items.length - 1 ? '.' : ';';
      this.text(`- ${r.replace(/[.;]$/, '')}${end}`, { size: 11, width, hanging: 6, noBreak: true, lineHeight: 13 });
    });
    // A unit head's initials (ký nháy) go under the recipients, in the left column.
    this.areas.reviewer ??= {
      page: this.current,
      rect: [this.margin.left, Math.max(this.y - 46, this.bottomLimit), Math.min(width, 150), 40],
    };
    if (this.y > top) this.y = top;
  }

  private drawVerification(v: Verification): void {
    const qr = QRCode.create(v.url, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const side = 20 * MM;
    const cell = side / (n + 2);
    const x0 = this.margin.left;
    const y0 = this.margin.bottom - 4;
    // One rectangle per run of dark modules, filled as one path.
    const boxes: Box[] = [];
    const top = y0 + side;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; ) {
        if (!qr.modules.get(r, c)) {
          c++;
          continue;
        }
        let len = 1;
        while (c + len < n && qr.modules.get(r, c + len)) len++;
        boxes.push([x0 + (c + 1) * cell, top - (r + 2) * cell, len * cell, cell]);
        c += len;
      }
    }
    this.engine.fillRects(0, boxes, BLACK);
    const w = this.contentWidth - side - 6;
    this.current = 0;
    this.y = y0 + side - 2;
    if (v.caption) this.text(v.caption, { size: 9.5, style: 'bold', x: side + 6, width: w, noBreak: true, lineHeight: 12 });
    this.text('Quét mã QR hoặc truy cập địa chỉ dưới đây để tra cứu, xác thực văn bản:', { size: 9, style: 'italic', x: side + 6, width: w, noBreak: true, lineHeight: 11 });
    this.text(v.url, { size: 8.5, x: side + 6, width: w, noBreak: true, lineHeight: 10.5 });
  }

  /** Page numbers from page 2 on, centred in the top margin (Decree 30), then serialisation. */
  async finish(): Promise<RenderedForm> {
    for (let i = 1; i < this.pageCount; i++) {
      const label = String(i + 1);
      const w = this.width(label, 'regular', 12);
      this.engine.text(i, label, (this.pageWidth - w) / 2, this.pageHeight - 12 * MM, 12, 'regular', BLACK);
    }
    if (this.opts.verification) this.drawVerification(this.opts.verification);
    const pdf = await this.engine.finish({
      title: this.opts.title,
      author: this.opts.author,
      subject: this.opts.subject,
      language: 'vi-VN',
      creator: 'Một Cửa',
      producer: 'Một Cửa',
      createdAt: this.opts.createdAt,
    });
    return { pdf, signatureAreas: { ...this.areas } };
  }
}

/** Shared shape of every form input: who issues it, and where to verify it. */
export interface FormBase {
  header: IssuerHeader;
  /** Base URL of the public verification page; the QR code links there. */
  verificationUrl?: string;
  /** Across every page, under the content: "DỰ THẢO" on a draft no one has signed. */
  watermark?: string;
  /** Internal: the drawing engine (see engine.ts). Not exported from the package; the bench sets it. */
  [RENDER_ENGINE]?: EngineFactory;
}

/**
 * Key under which a form input may name its drawing engine. A symbol, so no JSON or form data can
 * set it; only code that imports it from this module (the bench, tests) can.
 */
export const RENDER_ENGINE = Symbol('mot-cua.renderEngine');

export function verificationFor(url: string | undefined, dossierCode: string): Verification | undefined {
  if (!url) return undefined;
  return { url, caption: `Mã hồ sơ: ${dossierCode}` };
}

/**
 * `${baseUrl}/tra-cuu/xac-thuc?t=<token>` — the portal's public verification page. The token is the
 * dossier's unguessable verification token, never its code: codes are sequential.
 */
export function verificationUrl(baseUrl: string, verificationToken: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/tra-cuu/xac-thuc?t=${encodeURIComponent(verificationToken)}`;
}
