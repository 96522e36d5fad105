/**
 * The adapter to the national payment platform (DOMAIN §12): starts a payment and asks for a
 * payment's state. Every answer's checksum is verified before anything in it is used.
 */
import type { AppConfig } from "../config.server";
import {
  ANSWER_CODES,
  checksumValid,
  feeLinesField,
  GATEWAY_PATHS,
  signed,
  wireTime,
  type FeeLineWire,
} from "./gateway-protocol.server";

export type GatewayConfig = NonNullable<AppConfig["paymentGateway"]>;

/** The gateway could not be used (unreachable, refused, or its answer did not verify). No personal data in the message. */
export class GatewayError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = "GatewayError";
  }
}

export type InitiationRequest = {
  orderId: string;
  /** QCVN 102 identifier of the collecting agency. */
  agencyCode: string;
  procedureCode: string;
  dossierCode: string;
  amount: number;
  payer: { name: string; idNumber: string };
  feeLines: Array<{ name: string; amount: number }>;
  returnUrl: string;
  callbackUrl: string;
  now: Date;
};

/** The initiation's wire body (exported for the tests that check its fields and checksum). */
export function initiationBody(config: GatewayConfig, request: InitiationRequest) {
  const lines: FeeLineWire[] = request.feeLines.map((l) => ({ ten: l.name, soTien: l.amount }));
  const fields = {
    maDoiTac: config.merchantCode,
    maDonHang: request.orderId,
    maCoQuan: request.agencyCode,
    maThuTuc: request.procedureCode,
    maHoSo: request.dossierCode,
    soTien: request.amount,
    tenNguoiNop: request.payer.name,
    maSoNguoiNop: request.payer.idNumber,
    danhSachPhi: feeLinesField(lines),
    urlTraVe: request.returnUrl,
    urlThongBao: request.callbackUrl,
    thoiGian: wireTime(request.now),
  };
  const { checksum } = signed("initiation", fields, config.key);
  return { ...fields, danhSachPhi: lines, checksum };
}

async function post(config: GatewayConfig, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(new URL(path, config.url), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new GatewayError(`cổng thanh toán không trả lời (${(error as Error).name})`);
  }
  let json: Record<string, unknown>;
  try {
    json = (await response.json()) as Record<string, unknown>;
  } catch {
    throw new GatewayError(`cổng thanh toán trả lời không phải JSON (HTTP ${response.status})`, response.status);
  }
  if (typeof json !== "object" || json === null) throw new GatewayError(`cổng thanh toán trả lời không hợp lệ (HTTP ${response.status})`, response.status);
  return { status: response.status, json };
}

/** Starts a payment; returns the URL the citizen is sent to. */
export async function initiateGatewayPayment(config: GatewayConfig, request: InitiationRequest): Promise<{ paymentUrl: string }> {
  const { status, json } = await post(config, GATEWAY_PATHS.initiate, initiationBody(config, request));
  if (status !== 200 || json.maLoi !== ANSWER_CODES.ok) throw new GatewayError(`cổng thanh toán từ chối khởi tạo (HTTP ${status}, mã ${String(json.maLoi)})`, status);
  if (!checksumValid("initiationAnswer", json, json.checksum, config.key)) throw new GatewayError("sai mã kiểm tra trong trả lời khởi tạo");
  if (json.maDonHang !== request.orderId) throw new GatewayError("trả lời khởi tạo của một đơn hàng khác");
  const url = String(json.urlThanhToan);
  if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw new GatewayError("địa chỉ thanh toán không hợp lệ");
  return { paymentUrl: url };
}

/**
 * Asks for a payment's state. The answer carries the result fields with their checksum, which
 * the caller verifies through the same path as a callback (payments.server.ts).
 */
export async function queryGatewayPayment(config: GatewayConfig, orderId: string, now: Date): Promise<Record<string, unknown>> {
  const body = signed("statusQuery", { maDoiTac: config.merchantCode, maDonHang: orderId, thoiGian: wireTime(now) }, config.key);
  const { status, json } = await post(config, GATEWAY_PATHS.query, body);
  if (status !== 200 || json.maLoi !== ANSWER_CODES.ok) throw new GatewayError(`cổng thanh toán không trả lời được trạng thái (HTTP ${status}, mã ${String(json.maLoi)})`, status);
  return json;
}
