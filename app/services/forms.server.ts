/**
 * How every plain form (sign-in, sign-out, display controls, lookup, administration, signing
 * confirmation) is read: URL-encoded only, at most 64 KB, read with a count so a large body is never
 * held, and no control characters — PostgreSQL refuses NUL in text, and no field of ours needs any.
 * Anything else is a 4xx with a Vietnamese message, never a 500. Forms with files use parseForm.
 */
export const PLAIN_FORM_LIMIT_BYTES = 64 * 1024;

// C0 controls but TAB, LF and CR (a textarea sends them), and DEL.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const refuse = (status: 400 | 413 | 415, message: string) => new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function readForm(request: Request, limit = PLAIN_FORM_LIMIT_BYTES): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) throw refuse(415, "Biểu mẫu gửi lên không đúng định dạng. Vui lòng tải lại trang và thử lại.");
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > limit) throw refuse(413, "Dữ liệu gửi lên quá lớn.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      await reader!.cancel();
      throw refuse(413, "Dữ liệu gửi lên quá lớn.");
    }
    chunks.push(next.value);
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
  const form = new FormData();
  for (const [name, value] of new URLSearchParams(text)) {
    if (CONTROL_CHARACTERS.test(name) || CONTROL_CHARACTERS.test(value)) throw refuse(400, "Dữ liệu gửi lên chứa ký tự không hợp lệ.");
    form.append(name, value);
  }
  return form;
}

/** The same refusal for a value that arrived another way (a multipart field). */
export const hasControlCharacters = (value: string) => CONTROL_CHARACTERS.test(value);
