/**
 * The wire format of the national payment platform (Nền tảng thanh toán trên Cổng DVC quốc gia,
 * DOMAIN §12) as the portal speaks it, shared by the portal's adapter and the sandbox simulator
 * (app/simulators/payment-sim.ts), so that both sides compute one checksum. docs/decisions/0012
 * documents every message and the field order of each checksum.
 *
 * The checksum is the platform's: SHA-256 (hex, lower case) over the message's fields, in the fixed
 * order below, joined by `|`, with the shared secret as the last element. The secret goes last so
 * that the digest cannot be extended without it (SHA-256 length extension needs the secret first).
 * Values that contain `|` are refused, so that no two messages share a joined string.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { formatCompactLocal, localInstant } from "../../time";

/** The order of the fields each checksum covers: the one place it is defined. */
export const CHECKSUM_FIELDS = {
  /** Portal → gateway: start a payment. */
  initiation: ["maDoiTac", "maDonHang", "maCoQuan", "maThuTuc", "maHoSo", "soTien", "tenNguoiNop", "maSoNguoiNop", "danhSachPhi", "urlTraVe", "urlThongBao", "thoiGian"],
  /** Gateway → portal: the answer to an initiation, with the URL for the citizen. */
  initiationAnswer: ["maLoi", "maDonHang", "urlThanhToan"],
  /** Gateway → portal: the result, in the server-to-server callback and in a status query's answer. */
  result: ["maDoiTac", "maDonHang", "maHoSo", "soTien", "ketQua", "maThamChieu", "maGiaoDich", "thoiGianThanhToan"],
  /** Portal → gateway: the answer to a callback. */
  callbackAnswer: ["maLoi", "maDonHang"],
  /** Gateway → browser → portal: the query string of the return URL (never trusted to mark a payment). */
  returnParams: ["maDonHang", "ketQua"],
  /** Portal → gateway: ask for a payment's state when its callback never came. */
  statusQuery: ["maDoiTac", "maDonHang", "thoiGian"],
} as const;

export type ChecksumMessage = keyof typeof CHECKSUM_FIELDS;
type FieldsOf<M extends ChecksumMessage> = (typeof CHECKSUM_FIELDS)[M][number];
export type MessageFields<M extends ChecksumMessage> = { [K in FieldsOf<M>]: string | number };

/** ketQua: what became of a payment. "09" only appears in a status query's answer. */
export const RESULT_CODES = { paid: "00", cancelled: "01", failed: "02", pending: "09" } as const;
export type ResultCode = (typeof RESULT_CODES)[keyof typeof RESULT_CODES];

/** maLoi of answers: "00" accepted; the others name what was wrong. */
export const ANSWER_CODES = {
  ok: "00",
  badChecksum: "01",
  badRequest: "02",
  wrongAmount: "03",
  unknownOrder: "04",
  conflict: "05",
  unavailable: "99",
} as const;

export type FeeLineWire = { ten: string; soTien: number };

/** The fee lines as the checksum covers them: `ten:soTien` joined by `;`, in the order sent. */
export function feeLinesField(lines: FeeLineWire[]): string {
  return lines.map((l) => `${l.ten}:${l.soTien}`).join(";");
}

class ChecksumInputError extends Error {}

function joined<M extends ChecksumMessage>(message: M, fields: MessageFields<M>, secret: string): string {
  const values = CHECKSUM_FIELDS[message].map((name) => {
    const value = (fields as Record<string, string | number | undefined>)[name];
    if (value === undefined || value === null) throw new ChecksumInputError(`thiếu trường ${name}`);
    const text = String(value);
    if (text.includes("|")) throw new ChecksumInputError(`trường ${name} chứa ký tự "|"`);
    return text;
  });
  return [...values, secret].join("|");
}

export function checksumOf<M extends ChecksumMessage>(message: M, fields: MessageFields<M>, secret: string): string {
  return createHash("sha256").update(joined(message, fields, secret), "utf8").digest("hex");
}

/** Compares a received checksum with the expected one in constant time; a malformed message is simply not valid. */
export function checksumValid<M extends ChecksumMessage>(message: M, fields: Record<string, unknown>, received: unknown, secret: string): boolean {
  if (typeof received !== "string" || !/^[0-9a-fA-F]{64}$/.test(received)) return false;
  let expected: string;
  try {
    expected = checksumOf(message, fields as MessageFields<M>, secret);
  } catch (error) {
    if (error instanceof ChecksumInputError) return false;
    throw error;
  }
  return timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(received.toLowerCase(), "hex"));
}

/** Adds the checksum to a message. */
export function signed<M extends ChecksumMessage, T extends MessageFields<M>>(message: M, fields: T, secret: string): T & { checksum: string } {
  return { ...fields, checksum: checksumOf(message, fields, secret) };
}

/** `yyyyMMddHHmmss` in Vietnam's time, as the national platforms date their messages (app/time.ts owns it). */
export const wireTime = formatCompactLocal;

/** Reads `yyyyMMddHHmmss` (the portal's zone) back into an instant; null when malformed. */
export function parseWireTime(text: unknown): Date | null {
  if (typeof text !== "string") return null;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m || Number(m[6]) > 59) return null;
  const minute = localInstant(`${m[1]}-${m[2]}-${m[3]}`, `${m[4]}:${m[5]}`);
  return minute ? new Date(minute.getTime() + Number(m[6]) * 1000) : null;
}

/** The paths of the gateway's API (relative to PAYMENT_GATEWAY_URL). */
export const GATEWAY_PATHS = { initiate: "api/thanh-toan/khoi-tao", query: "api/thanh-toan/truy-van" } as const;
