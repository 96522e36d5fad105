/**
 * Reads a posted form as a stream (busboy), with the limits decided before a byte is buffered: which
 * field names the form has, how many parts and files, bytes per file and per request. A request that
 * breaks a hard limit is stopped at once with a 413; a single file that is too large is skipped
 * without being kept, so the rest of the form (what the user typed) still comes back to them.
 */
import busboy from "busboy";
import { hasControlCharacters } from "./forms.server";

export const MULTIPART_LIMITS = {
  maxFileBytes: 10 * 1024 * 1024,
  /** A text field; the longest real one (a note) is 2000 characters. */
  maxFieldBytes: 64 * 1024,
  maxFieldNameBytes: 100,
  /** Room for the text fields of a request, on top of its files. */
  fieldsBudgetBytes: 1024 * 1024,
};

export type FormSpec = {
  /** Text fields the form has; anything else is refused. */
  fields: (name: string) => boolean;
  /** File inputs the form has. */
  files?: (name: string) => boolean;
  /** How many files one request may carry. */
  maxFiles?: number;
  /** How many text fields (repeated names count each time). */
  maxFields?: number;
  maxFileBytes?: number;
};

/** A form that cannot be read as sent: answered with its status and a Vietnamese message, never a 500. */
export class FormRejected extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Headers for the answer to a rejected form: the connection ends with it, the unread body is not waited for. */
export const rejectionHeaders = { Connection: "close" } as const;

const OVERSIZE_MARKER = "\u0000oversize:";

const tooLarge = (limit: number) =>
  new FormRejected(413, `Dữ liệu gửi lên quá lớn (tối đa ${Math.floor(limit / 1024 / 1024)} MB mỗi lần gửi). Vui lòng chọn tệp nhỏ hơn.`);
const malformed = () => new FormRejected(400, "Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và thử lại.");
const controlCharacters = () => new FormRejected(400, "Dữ liệu gửi lên chứa ký tự không hợp lệ.");
const unexpected = () => new FormRejected(400, "Biểu mẫu gửi lên có trường không hợp lệ. Vui lòng tải lại trang và thử lại.");
const tooManyFiles = (max: number) => new FormRejected(413, `Mỗi lần gửi được đính kèm tối đa ${max} tệp.`);

/**
 * Parses the request body into FormData. An oversized file becomes a marker that `fileField` reports,
 * so the page can answer 413 with everything else the user sent. Call only after the session check:
 * the body is not read before.
 */
export async function parseForm(request: Request, spec: FormSpec): Promise<FormData> {
  const maxFiles = spec.files ? (spec.maxFiles ?? 1) : 0;
  const maxFileBytes = spec.maxFileBytes ?? MULTIPART_LIMITS.maxFileBytes;
  const maxFields = spec.maxFields ?? 50;
  const maxTotal = maxFiles * maxFileBytes + MULTIPART_LIMITS.fieldsBudgetBytes;

  const contentType = request.headers.get("Content-Type") ?? "";
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(contentType)) {
    throw new FormRejected(415, "Biểu mẫu phải được gửi dưới dạng multipart/form-data.");
  }
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > maxTotal) throw tooLarge(maxTotal);
  if (!request.body) return new FormData();

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Browsers send UTF-8 names; latin1 (the default) would garble Vietnamese file names.
      defParamCharset: "utf8",
      limits: {
        fieldNameSize: MULTIPART_LIMITS.maxFieldNameBytes,
        fieldSize: MULTIPART_LIMITS.maxFieldBytes,
        fields: maxFields,
        files: maxFiles,
        fileSize: maxFileBytes,
        parts: maxFields + maxFiles,
        headerPairs: 20,
      },
    });
  } catch {
    throw malformed(); // no boundary, or an unknown content type
  }

  const form = new FormData();
  // Set from busboy's callbacks; an object so the checks below are not narrowed away.
  const state: { failure: FormRejected | null } = { failure: null };
  const fail = (error: FormRejected) => {
    state.failure ??= error;
  };
  const pending: Promise<void>[] = [];

  parser.on("field", (name, value, info) => {
    if (!spec.fields(name) || info.nameTruncated) return fail(unexpected());
    if (info.valueTruncated) return fail(tooLarge(maxTotal));
    if (hasControlCharacters(value)) return fail(controlCharacters());
    form.append(name, value);
  });
  parser.on("file", (name, stream, info) => {
    // A parser destroyed mid-file errors its stream; that is already answered, not a crash.
    stream.on("error", () => fail(malformed()));
    if (!spec.files?.(name)) {
      stream.resume();
      return fail(unexpected());
    }
    pending.push(
      (async () => {
        const chunks: Buffer[] = [];
        let truncated = false;
        stream.on("limit", () => {
          truncated = true;
        });
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          // Past the limit busboy drops the bytes; before it, keep them.
          if (!truncated) chunks.push(chunk);
        }
        if (!info.filename) return; // an empty file input
        if (truncated || stream.truncated) {
          form.append(name, `${OVERSIZE_MARKER}${info.filename}`);
          return;
        }
        form.append(name, new File([Buffer.concat(chunks)], info.filename, { type: info.mimeType }));
      })().catch(() => fail(malformed())),
    );
  });
  parser.on("filesLimit", () => fail(tooManyFiles(maxFiles)));
  parser.on("fieldsLimit", () => fail(unexpected()));
  parser.on("partsLimit", () => fail(unexpected()));

  const finished = new Promise<void>((resolve) => {
    parser.on("close", () => resolve());
    parser.on("error", () => {
      fail(malformed());
      resolve();
    });
  });

  let total = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      if (state.failure) break;
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxTotal) {
        fail(tooLarge(maxTotal));
        break;
      }
      if (!parser.write(value)) await drained(parser);
    }
  } catch {
    fail(malformed()); // the client went away or the body stream broke
  }
  if (state.failure) {
    // Not reader.cancel(): on Node that destroys the socket before the answer is written. The
    // answer says "Connection: close" instead (rejectionHeaders), and Node drops the rest.
    reader.releaseLock();
    parser.destroy();
    throw state.failure;
  }
  parser.end();
  await finished;
  await Promise.all(pending);
  if (state.failure) throw state.failure;
  return form;
}

/** Resolves when the parser wants more, or will never want more (it failed or finished). */
function drained(parser: busboy.Busboy): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off("drain", done).off("error", done).off("close", done);
      resolve();
    };
    parser.on("drain", done).on("error", done).on("close", done);
  });
}

/** A file field's value: the file, an oversize marker's file name, or nothing chosen. */
export function fileField(value: FormDataEntryValue | null): { file: File } | { oversizeName: string } | null {
  if (value instanceof File) return value.size > 0 || value.name ? { file: value } : null;
  if (typeof value === "string" && value.startsWith(OVERSIZE_MARKER)) return { oversizeName: value.slice(OVERSIZE_MARKER.length) };
  return null;
}
