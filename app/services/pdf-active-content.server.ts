/**
 * Finds what makes a PDF act on its own when opened: JavaScript, automatic actions, launching
 * programs, embedded files. A byte scan, not a full parser, because the readers an attacker targets
 * are lenient and open files a strict parser (pdf-lib) rejects:
 * - every name outside stream data is read with its `#xx` escapes decoded (`/J#61vaScript`);
 * - Flate streams are inflated and read too when they hold objects (object streams, declared or
 *   not — an object stream starts with its "number offset" pairs; a page's content stream that
 *   starts with numbers is read too, harmlessly, as its names are resources like /F1), so nothing
 *   hides compressed;
 * - an object stream that cannot be decoded (an unknown filter, encryption) makes the file refused,
 *   since what it holds cannot be known.
 * Raw stream data (images, fonts) is not read as names: random bytes would match `/JS` by chance.
 */
import { constants, inflateSync } from "node:zlib";

/** Names whose presence is refused, as the reader sees them after decoding. */
const ACTIVE_NAMES = new Map<string, string>([
  ["JavaScript", "mã JavaScript"],
  ["JS", "mã JavaScript"],
  ["OpenAction", "hành động tự chạy khi mở tệp"],
  ["AA", "hành động tự chạy"],
  ["Launch", "lệnh mở chương trình khác"],
  ["EmbeddedFile", "tệp đính kèm ẩn bên trong"],
  ["EmbeddedFiles", "tệp đính kèm ẩn bên trong"],
  ["RichMedia", "nội dung đa phương tiện tự chạy"],
]);

export type PdfInspection = { safe: true } | { safe: false; found: string[] } | { safe: false; unreadable: true };

const MAX_INFLATED_STREAM = 32 * 1024 * 1024;
const MAX_INFLATED_TOTAL = 128 * 1024 * 1024;

// A PDF name: a solidus and the regular characters after it (ISO 32000-1, 7.3.5).
const NAME = /\/([^\x00\t\n\f\r /()<>[\]{}%]*)/g;

function decodeName(raw: string): string {
  return raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function namesIn(text: string, into: Set<string>) {
  for (const match of text.matchAll(NAME)) {
    const name = decodeName(match[1]);
    if (ACTIVE_NAMES.has(name)) into.add(name);
  }
}

type Stream = { dict: string; dataStart: number; dataEnd: number; resumeAt: number };

/** Stream bodies in file order: `stream` EOL … `endstream`, its dictionary taken from before it. */
function* streams(text: string): Generator<Stream> {
  const keyword = /stream(\r\n|\n|\r)/g;
  let from = 0;
  for (;;) {
    keyword.lastIndex = from;
    const match = keyword.exec(text);
    if (!match) return;
    const at = match.index;
    // "endstream" also contains "stream"; only a `stream` after a dictionary opens one.
    if (text.slice(Math.max(0, at - 3), at) === "end" || !/>>\s*$/.test(text.slice(Math.max(0, at - 64), at))) {
      from = at + 6;
      continue;
    }
    const dictStart = text.lastIndexOf("obj", at);
    const dict = text.slice(dictStart < 0 ? Math.max(0, at - 4096) : dictStart, at);
    const dataStart = at + match[0].length;
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    let dataEnd = -1;
    if (length) {
      const end = dataStart + Number(length[1]);
      if (/^\s*endstream/.test(text.slice(end, end + 20))) dataEnd = end;
    }
    if (dataEnd < 0) dataEnd = text.indexOf("endstream", dataStart);
    if (dataEnd < 0) dataEnd = text.length;
    yield { dict, dataStart, dataEnd, resumeAt: dataEnd };
    from = dataEnd;
  }
}

export function inspectPdf(bytes: Uint8Array): PdfInspection {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString("latin1");
  const found = new Set<string>();
  let outsideFrom = 0;
  let inflatedTotal = 0;
  for (const stream of streams(text)) {
    namesIn(text.slice(outsideFrom, stream.dataStart), found);
    outsideFrom = stream.resumeAt;
    const dictNames = decodeName(stream.dict.replace(/\s+/g, " "));
    const declaredObjectStream = /\/Type ?\/ObjStm\b/.test(dictNames);
    const filter = /\/Filter ?(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictNames)?.[1]?.replace(/[[\]\s]/g, "") ?? "";
    const data = buffer.subarray(stream.dataStart, stream.dataEnd);
    let body: Buffer | null = null;
    if (filter === "") body = data;
    else if (filter === "/FlateDecode" || filter === "/Fl") {
      try {
        body = inflateSync(data, { maxOutputLength: MAX_INFLATED_STREAM, finishFlush: constants.Z_SYNC_FLUSH });
      } catch {
        body = null;
      }
    }
    if (body === null) {
      if (declaredObjectStream) return { safe: false, unreadable: true };
      continue;
    }
    inflatedTotal += body.byteLength;
    if (inflatedTotal > MAX_INFLATED_TOTAL) return { safe: false, unreadable: true };
    const head = body.subarray(0, 64).toString("latin1");
    if (declaredObjectStream || /^\s*\d+\s+\d+\s/.test(head)) namesIn(body.toString("latin1"), found);
  }
  namesIn(text.slice(outsideFrom), found);
  return found.size === 0 ? { safe: true } : { safe: false, found: [...found] };
}

/** The refusal a citizen reads, naming what was found in plain words. */
export function describeActiveContent(inspection: Exclude<PdfInspection, { safe: true }>): string {
  if ("unreadable" in inspection) return "có phần nội dung bị mã hoá hoặc nén theo cách không kiểm tra được";
  const found = new Set(inspection.found);
  const what = new Set([...ACTIVE_NAMES].filter(([name]) => found.has(name)).map(([, words]) => words));
  return `chứa ${[...what].join(", ")}`;
}
