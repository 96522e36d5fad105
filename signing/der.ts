/**
 * A minimal DER reader that keeps byte offsets. Verification needs the exact bytes of the signed
 * attributes as they were signed; re-encoding a parsed structure could change them, so the CMS is
 * walked here and only certificates are handed to forge.
 */
export interface DerNode {
  /** First identifier byte (class, constructed bit and low tag number). */
  tag: number;
  /** Offset of the identifier byte in the buffer. */
  start: number;
  /** Offset of the contents. */
  contentStart: number;
  /** Offset just past the contents. */
  end: number;
}

export function readDer(buf: Uint8Array, offset = 0): DerNode {
  if (offset + 2 > buf.length) throw new Error('DER: truncated');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: high tag numbers are not used in CMS');
  let pos = offset + 1;
  let len = buf[pos++];
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('DER: indefinite or oversized length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos++];
  }
  const end = pos + len;
  if (end > buf.length) throw new Error('DER: length beyond the buffer');
  return { tag, start: offset, contentStart: pos, end };
}

export function derChildren(buf: Uint8Array, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let pos = node.contentStart; pos < node.end; ) {
    const child = readDer(buf, pos);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function derBytes(buf: Uint8Array, node: DerNode): Buffer {
  return Buffer.from(buf.subarray(node.start, node.end));
}

export function derContent(buf: Uint8Array, node: DerNode): Buffer {
  return Buffer.from(buf.subarray(node.contentStart, node.end));
}

export function decodeOid(content: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const b of content) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

// --- encoding: enough to build a CMS SignedData ---

function encodeLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  const bytes: number[] = [];
  for (let l = len; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function der(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const seq = (...c: Uint8Array[]) => der(0x30, ...c);
export const octets = (c: Uint8Array) => der(0x04, c);
export const NULL = Buffer.from([0x05, 0x00]);

/** DER SET OF: elements sorted by their encodings (X.690 11.6), which OpenSSL relies on. */
export function setOf(...elements: Buffer[]): Buffer {
  return der(0x31, ...[...elements].sort(Buffer.compare));
}

export function integer(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return der(0x02, Buffer.from(bytes));
}

export function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [a * 40 + b];
  for (const n of rest) {
    const chunk: number[] = [];
    let v = n;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}
