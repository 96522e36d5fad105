/**
 * Just enough PDF syntax to read signature dictionaries and fields straight from the file bytes.
 * Verification reads the raw file rather than a pdf-lib model: it must see every revision, find
 * each /Contents at its exact offset, and keep working on files that were tampered with.
 */
export type PdfValue =
  | { type: 'dict'; entries: Map<string, PdfValue> }
  | { type: 'array'; items: PdfValue[] }
  | { type: 'name'; name: string }
  | { type: 'string'; bytes: Buffer; hex: boolean; start: number; end: number }
  | { type: 'number'; value: number }
  | { type: 'ref'; num: number; gen: number }
  | { type: 'bool'; value: boolean }
  | { type: 'null' };

const WS = /[\0\t\n\f\r ]/;
const DELIM = /[()<>[\]{}/%]/;

export class PdfReader {
  constructor(readonly text: string) {}

  private skip(pos: number): number {
    const t = this.text;
    while (pos < t.length) {
      if (WS.test(t[pos])) pos++;
      else if (t[pos] === '%') while (pos < t.length && t[pos] !== '\n' && t[pos] !== '\r') pos++;
      else break;
    }
    return pos;
  }

  private token(pos: number): [string, number] {
    let end = pos;
    while (end < this.text.length && !WS.test(this.text[end]) && !DELIM.test(this.text[end])) end++;
    return [this.text.slice(pos, end), end];
  }

  /** Parses one object starting at or after `pos`. */
  parse(pos: number): { value: PdfValue; end: number } {
    const t = this.text;
    pos = this.skip(pos);
    const c = t[pos];
    if (c === '<' && t[pos + 1] === '<') {
      const entries = new Map<string, PdfValue>();
      pos += 2;
      for (;;) {
        pos = this.skip(pos);
        if (t[pos] === '>' && t[pos + 1] === '>') return { value: { type: 'dict', entries }, end: pos + 2 };
        if (t[pos] !== '/') throw new Error(`PDF: name expected at ${pos}`);
        const [key, afterKey] = this.token(pos + 1);
        const { value, end } = this.parse(afterKey);
        entries.set(key, value);
        pos = end;
      }
    }
    if (c === '[') {
      const items: PdfValue[] = [];
      pos++;
      for (;;) {
        pos = this.skip(pos);
        if (t[pos] === ']') return { value: { type: 'array', items }, end: pos + 1 };
        const { value, end } = this.parse(pos);
        items.push(value);
        pos = end;
      }
    }
    if (c === '/') {
      const [name, end] = this.token(pos + 1);
      return { value: { type: 'name', name }, end };
    }
    if (c === '<') {
      const close = t.indexOf('>', pos);
      if (close < 0) throw new Error('PDF: unterminated hex string');
      const hex = t.slice(pos + 1, close).replace(/[^0-9a-fA-F]/g, '');
      return {
        value: { type: 'string', bytes: Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex'), hex: true, start: pos, end: close + 1 },
        end: close + 1,
      };
    }
    if (c === '(') return this.literal(pos);
    const [word, end] = this.token(pos);
    if (word === 'true' || word === 'false') return { value: { type: 'bool', value: word === 'true' }, end };
    if (word === 'null') return { value: { type: 'null' }, end };
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) throw new Error(`PDF: unexpected "${word.slice(0, 20)}" at ${pos}`);
    // "12 0 R" is a reference: look ahead for generation and R.
    const m = /^\s+(\d+)\s+R(?=[\s/<>[\]()]|$)/.exec(t.slice(end, end + 24));
    if (m && /^\d+$/.test(word)) return { value: { type: 'ref', num: Number(word), gen: Number(m[1]) }, end: end + m[0].length };
    return { value: { type: 'number', value: Number(word) }, end };
  }

  private literal(start: number): { value: PdfValue; end: number } {
    const t = this.text;
    const out: number[] = [];
    let depth = 1;
    let pos = start + 1;
    const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    while (pos < t.length && depth > 0) {
      const c = t[pos];
      if (c === '\\') {
        const n = t[pos + 1];
        if (n in escapes) {
          out.push(escapes[n]);
          pos += 2;
        } else if (/[0-7]/.test(n)) {
          const oct = /^[0-7]{1,3}/.exec(t.slice(pos + 1, pos + 4))![0];
          out.push(parseInt(oct, 8) & 0xff);
          pos += 1 + oct.length;
        } else if (n === '\r' || n === '\n') {
          pos += n === '\r' && t[pos + 2] === '\n' ? 3 : 2;
        } else pos++;
        continue;
      }
      if (c === '(') depth++;
      if (c === ')' && --depth === 0) break;
      out.push(c.charCodeAt(0));
      pos++;
    }
    return { value: { type: 'string', bytes: Buffer.from(out), hex: false, start, end: pos + 1 }, end: pos + 1 };
  }

  /** Offset of the "N G obj" header of the indirect object that contains `pos`. */
  objectStart(pos: number): { num: number; at: number } | undefined {
    const re = /(\d+)\s+(\d+)\s+obj\b/g;
    const window = this.text.slice(Math.max(0, pos - 65536), pos);
    let last: RegExpExecArray | null = null;
    for (let m = re.exec(window); m; m = re.exec(window)) last = m;
    if (!last) return undefined;
    const base = Math.max(0, pos - 65536);
    return { num: Number(last[1]), at: base + last.index + last[0].length };
  }
}

export function dictGet(d: PdfValue | undefined, key: string): PdfValue | undefined {
  return d?.type === 'dict' ? d.entries.get(key) : undefined;
}

/** A PDF text string: UTF-16BE with BOM, UTF-8 with BOM (PDF 2.0), else PDFDocEncoding ≈ Latin-1. */
export function decodeText(v: PdfValue | undefined): string | undefined {
  if (v?.type !== 'string') return undefined;
  const b = v.bytes;
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  return b.toString('latin1');
}

/** D:YYYYMMDDHHmmSSOHH'mm' → Date. */
export function parsePdfDate(s: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?/.exec(s ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  const offset = sign === '+' || sign === '-' ? (sign === '-' ? -1 : 1) * (+oh * 60 + +om) : 0;
  return new Date(utc - offset * 60_000);
}
