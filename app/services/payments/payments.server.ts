/**
 * Online fee payment (thanh toán trực tuyến) through the national payment platform, issue 9 point 3
 * (docs/decisions/0012). A payment row is written per initiation; the platform's result (its
 * callback, or the answer to our status query) is verified — checksum, merchant, order, dossier,
 * amount — and a payment becomes `paid` only through that path, as the FEE_PAID event of the
 * payment platform's actor on the one dossier path, together with the electronic receipt and the
 * applicant's mail, in one transaction. The browser's return URL never marks anything paid.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, isNull, lte, ne, or } from "drizzle-orm";
import { pgErrorCode, PG_UNIQUE_VIOLATION } from "../../../db/client";
import { dossiers, payments, type PaymentFeeLine, type PaymentState } from "../../../db/schema";
import { renderFeeReceipt } from "../../../signing";
import { availableEvents, type WorkflowDefinition } from "../../../workflows/dossier-machine";
import type { SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import { DossierActionError, performDossierAction, SYSTEM_ACTOR } from "../dossier-actions.server";
import { loadDossierDetail, type DossierDetail } from "../dossier-queries.server";
import { formBase, loadDossierContext, sign, storeDocument } from "../documents/common.server";
import { log } from "../log.server";
import { enqueueApplicantMail } from "../mail-outbox.server";
import { requireDossierAccess } from "../permissions.server";
import { initiateGatewayPayment, GatewayError, queryGatewayPayment, type GatewayConfig } from "./gateway.server";
import { ANSWER_CODES, checksumValid, parseWireTime, RESULT_CODES, signed } from "./gateway-protocol.server";

export type PaymentRow = typeof payments.$inferSelect;

/** What the applicant can pay online now, if anything. */
export type PaymentDue = {
  /** `submission` or `step:<key>`: a dossier has at most one paid payment per purpose. */
  purpose: string;
  amount: number;
  feeLines: PaymentFeeLine[];
  /** Shown on the page: what the fee is for. */
  title: string;
};

type DueInput = Pick<DossierDetail, "dossier" | "procedure" | "definition">;

const hasPaymentStep = (definition: WorkflowDefinition) => definition.steps.some((s) => s.kind === "payment");

/**
 * The fee due now. In a payment step (status 6) the step's fee; for a fully online procedure
 * (toàn trình) whose step list has no payment step, the fee with the submission while the dossier
 * is submitted or received and the fee is not yet recorded. The amount is the procedure's fee.
 */
export function paymentDue({ dossier, procedure, definition }: DueInput): PaymentDue | null {
  const amount = procedure.feeAmount;
  if (amount <= 0) return null;
  const step = definition.steps.find((s) => s.key === dossier.stepKey);
  if (dossier.status === 6 && step?.kind === "payment") {
    return { purpose: `step:${step.key}`, amount, feeLines: [{ name: step.name, amount }], title: step.name };
  }
  const atReception = dossier.statePath === "submitted" || dossier.statePath === "received";
  if (atReception && procedure.serviceMode === "full" && !hasPaymentStep(definition) && !dossier.snapshot.context.feePaidAtSubmission) {
    const name = `Phí, lệ phí thủ tục ${procedure.name}`;
    return { purpose: "submission", amount, feeLines: [{ name, amount }], title: "Phí, lệ phí nộp cùng hồ sơ trực tuyến" };
  }
  return null;
}

export function gatewayOf(services: AppServices): GatewayConfig | null {
  return services.config.paymentGateway ?? null;
}

export const paymentPagePath = (code: string) => `/ho-so/${encodeURIComponent(code)}/thanh-toan`;
export const paymentReturnPath = (code: string) => `${paymentPagePath(code)}/ket-qua`;
/** The server-to-server callback (resource route app/routes/api.thanh-toan.thong-bao.tsx). */
export const PAYMENT_CALLBACK_PATH = "/api/thanh-toan/thong-bao";

/** The payments of a dossier, newest first. */
export async function paymentsOf(services: AppServices, dossierId: string): Promise<PaymentRow[]> {
  return services.database.db.select().from(payments).where(eq(payments.dossierId, dossierId)).orderBy(desc(payments.id));
}

/** Only the dossier's applicant, signed in as a citizen, may pay for it online. */
export function requireApplicant(user: SessionUser, dossier: DossierDetail["dossier"]): void {
  requireDossierAccess(user, dossier, "read");
  if (user.role !== "citizen" || dossier.applicantUserId !== user.id) {
    throw new DossierActionError(403, "Chỉ người nộp hồ sơ mới được thanh toán trực tuyến phí, lệ phí của hồ sơ này.");
  }
}

/** The platform cannot be reached now: a 503 with a Vietnamese message, the citizen may retry. */
export class PaymentUnavailable extends Error {
  readonly status = 503;
}

const UNAVAILABLE = "Chưa kết nối được cổng thanh toán trực tuyến. Vui lòng thử lại sau ít phút, hoặc nộp phí, lệ phí tại Bộ phận Một cửa.";

/**
 * Starts (or resumes) the online payment of what the dossier owes now; returns the gateway's page
 * for the citizen. A payment already started for the same purpose and amount is resumed rather than
 * duplicated, so that a citizen who comes back cannot pay twice.
 */
export async function startOnlinePayment(services: AppServices, user: SessionUser, code: string, now = new Date()): Promise<{ paymentUrl: string; orderId: string }> {
  const detail = await loadDossierDetail(services, code);
  if (!detail) throw new DossierActionError(404, "Không tìm thấy hồ sơ.");
  requireApplicant(user, detail.dossier);
  const gateway = gatewayOf(services);
  if (!gateway) throw new DossierActionError(409, "Cổng chưa kết nối nền tảng thanh toán trực tuyến. Vui lòng nộp phí, lệ phí tại Bộ phận Một cửa.");
  const due = paymentDue(detail);
  if (!due) throw new DossierActionError(409, "Hồ sơ không có khoản phí, lệ phí cần thanh toán lúc này.");
  const { db } = services.database;
  const [open] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.dossierId, detail.dossier.id), eq(payments.purpose, due.purpose), eq(payments.state, "initiated"), eq(payments.amount, due.amount)))
    .orderBy(desc(payments.id))
    .limit(1);
  if (open?.paymentUrl) return { paymentUrl: open.paymentUrl, orderId: open.orderId };

  const orderId = open?.orderId ?? randomUUID().replace(/-/g, "");
  if (!open) {
    await db.insert(payments).values({
      orderId,
      dossierId: detail.dossier.id,
      purpose: due.purpose,
      amount: due.amount,
      feeLines: due.feeLines,
      initiatedBy: user.id,
      createdAt: now,
    });
  }
  try {
    const { paymentUrl } = await initiateGatewayPayment(gateway, {
      orderId,
      agencyCode: detail.agency.identifier ?? "",
      procedureCode: detail.procedure.code,
      dossierCode: detail.dossier.code,
      amount: due.amount,
      payer: { name: detail.dossier.applicantName, idNumber: detail.dossier.applicantIdNumber },
      feeLines: due.feeLines,
      returnUrl: new URL(paymentReturnPath(detail.dossier.code), services.config.baseUrl).toString(),
      callbackUrl: new URL(PAYMENT_CALLBACK_PATH, services.config.baseUrl).toString(),
      now,
    });
    await db.update(payments).set({ paymentUrl }).where(eq(payments.orderId, orderId));
    return { paymentUrl, orderId };
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    log.warn({ orderId, reason: error.message }, "payment initiation failed");
    await db.update(payments).set({ state: "failed", settledAt: now }).where(and(eq(payments.orderId, orderId), eq(payments.state, "initiated")));
    throw new PaymentUnavailable(UNAVAILABLE);
  }
}

/** The answer the gateway gets, with the HTTP status. The same result always gets the same answer. */
export type GatewayAnswer = { status: number; body: { maLoi: string; moTa: string; maDonHang?: string; checksum?: string }; state?: PaymentState | "pending" };

function answer(gateway: GatewayConfig, status: number, maLoi: string, moTa: string, orderId?: string, state?: GatewayAnswer["state"]): GatewayAnswer {
  const body = orderId ? { ...signed("callbackAnswer", { maLoi, maDonHang: orderId }, gateway.key), moTa } : { maLoi, moTa };
  return { status, body, state };
}

/** A refused result, logged without personal data (the order id and what was wrong only). */
function refuse(gateway: GatewayConfig, source: ResultSource, status: number, maLoi: string, moTa: string, orderId?: string): GatewayAnswer {
  log.warn({ source, orderId: orderId ?? null, status, code: maLoi }, "payment result refused");
  return answer(gateway, status, maLoi, moTa, orderId);
}

export type ResultSource = "callback" | "query";

const str = (value: unknown) => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");

/**
 * The one verified path for a result of the platform, whether it came by callback or as the answer
 * to our status query. Checks the checksum, merchant, order, dossier and amount; applies a paid
 * result as the FEE_PAID event (with the receipt and the mail), a cancelled or failed one as the
 * payment's state. Idempotent: the same result again changes nothing and gets the same answer.
 */
export async function applyGatewayResult(services: AppServices, body: unknown, source: ResultSource, now = new Date()): Promise<GatewayAnswer> {
  const gateway = gatewayOf(services);
  if (!gateway) return { status: 503, body: { maLoi: ANSWER_CODES.unavailable, moTa: "Chưa cấu hình nền tảng thanh toán." } };
  if (typeof body !== "object" || body === null || Array.isArray(body)) return refuse(gateway, source, 400, ANSWER_CODES.badRequest, "Nội dung không hợp lệ.");
  const fields = body as Record<string, unknown>;
  const orderId = str(fields.maDonHang);
  if (!checksumValid("result", fields, fields.checksum, gateway.key)) return refuse(gateway, source, 401, ANSWER_CODES.badChecksum, "Sai mã kiểm tra (checksum).", orderId || undefined);
  if (str(fields.maDoiTac) !== gateway.merchantCode) return refuse(gateway, source, 400, ANSWER_CODES.badRequest, "Mã đối tác không đúng.", orderId);

  const { db } = services.database;
  const [row] = await db
    .select({ payment: payments, code: dossiers.code })
    .from(payments)
    .innerJoin(dossiers, eq(dossiers.id, payments.dossierId))
    .where(eq(payments.orderId, orderId));
  if (!row) return refuse(gateway, source, 404, ANSWER_CODES.unknownOrder, "Không tìm thấy đơn hàng.", orderId);
  const { payment } = row;
  if (str(fields.maHoSo) !== row.code) return refuse(gateway, source, 400, ANSWER_CODES.badRequest, "Mã hồ sơ không khớp đơn hàng.", orderId);
  if (str(fields.soTien) !== String(payment.amount)) return refuse(gateway, source, 400, ANSWER_CODES.wrongAmount, "Số tiền không khớp đơn hàng.", orderId);

  const result = str(fields.ketQua);
  const accepted = (state: GatewayAnswer["state"]) => answer(gateway, 200, ANSWER_CODES.ok, "Đã ghi nhận.", orderId, state);
  switch (result) {
    case RESULT_CODES.pending:
      if (source === "callback") return refuse(gateway, source, 400, ANSWER_CODES.badRequest, "Kết quả không hợp lệ.", orderId);
      return accepted("pending");
    case RESULT_CODES.cancelled:
    case RESULT_CODES.failed: {
      const state: PaymentState = result === RESULT_CODES.cancelled ? "cancelled" : "failed";
      if (payment.state === "paid") return refuse(gateway, source, 409, ANSWER_CODES.conflict, "Đơn hàng đã được thanh toán.", orderId);
      if (payment.state === "initiated") {
        await db.update(payments).set({ state, settledAt: now }).where(and(eq(payments.id, payment.id), eq(payments.state, "initiated")));
      }
      return accepted(state);
    }
    case RESULT_CODES.paid: {
      const transactionId = str(fields.maGiaoDich);
      const paidAt = parseWireTime(fields.thoiGianThanhToan);
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(transactionId) || !paidAt) return refuse(gateway, source, 400, ANSWER_CODES.badRequest, "Thiếu mã giao dịch hoặc thời gian thanh toán.", orderId);
      if (payment.state === "paid") {
        return payment.gatewayTransactionId === transactionId
          ? accepted("paid")
          : refuse(gateway, source, 409, ANSWER_CODES.conflict, "Đơn hàng đã được thanh toán với giao dịch khác.", orderId);
      }
      try {
        await settlePaid(services, payment, { transactionId, reference: str(fields.maThamChieu).slice(0, 100) || null, paidAt }, now);
      } catch (error) {
        if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) return refuse(gateway, source, 409, ANSWER_CODES.conflict, "Mã giao dịch đã được dùng, hoặc hồ sơ đã được thanh toán.", orderId);
        if (error instanceof DossierActionError && error.status === 409) {
          // The dossier changed under us (another officer's action): the platform or our next status query tries again.
          log.warn({ orderId, reason: "stale" }, "payment result deferred");
          return answer(gateway, 503, ANSWER_CODES.unavailable, "Vui lòng gửi lại sau.", orderId);
        }
        throw error;
      }
      return accepted("paid");
    }
    default:
      return refuse(gateway, source, 400, ANSWER_CODES.badRequest, "Kết quả không hợp lệ.", orderId);
  }
}

type Settlement = { transactionId: string; reference: string | null; paidAt: Date };

const formatAmount = (amount: number) => `${amount.toLocaleString("vi-VN")} đồng`;

/**
 * Marks the payment paid. When the dossier can take FEE_PAID now, this is the payment platform's
 * FEE_PAID event, and the receipt (keyed by the event) and the applicant's "paid" mail are written
 * in its transaction. When it cannot (withdrawn meanwhile, or the desk recorded cash first), the
 * money is still recorded as received, without an event, for the agency to reconcile.
 */
async function settlePaid(services: AppServices, payment: PaymentRow, settlement: Settlement, now: Date): Promise<void> {
  const { db } = services.database;
  const detail = await loadDossierDetail(services, { id: payment.dossierId });
  if (!detail) throw new Error(`payment ${payment.orderId} has no dossier`);
  const markPaid = { state: "paid" as const, gatewayTransactionId: settlement.transactionId, reference: settlement.reference, paidAt: settlement.paidAt, settledAt: now };

  const due = paymentDue(detail);
  const takesEvent = due?.purpose === payment.purpose && availableEvents(detail.definition, detail.dossier.snapshot, SYSTEM_ACTOR.role).includes("FEE_PAID");
  if (!takesEvent) {
    log.warn({ orderId: payment.orderId, status: detail.dossier.status }, "payment settled without a dossier event");
    await db.update(payments).set(markPaid).where(and(eq(payments.id, payment.id), ne(payments.state, "paid")));
    return;
  }

  // Rendered and signed before the transaction (no database handle inside it but the transaction's).
  const receipt = await feeReceiptPdf(services, payment, settlement, now);
  const note = `Thanh toán trực tuyến ${formatAmount(payment.amount)}, mã giao dịch ${settlement.transactionId}.`;
  await performDossierAction(services, {
    dossierId: payment.dossierId,
    actor: SYSTEM_ACTOR,
    event: { type: "FEE_PAID", reference: settlement.transactionId },
    note,
    // One payment is one event: a second delivery of the same result is a replay of it.
    transactionId: `payment-${payment.orderId}`,
    now,
    alsoInTransaction: async (tx, dossierId, event) => {
      const updated = await tx
        .update(payments)
        .set({ ...markPaid, eventId: event.id })
        .where(and(eq(payments.id, payment.id), ne(payments.state, "paid")))
        .returning({ id: payments.id });
      if (updated.length === 0) throw new DossierActionError(409, "Đơn hàng đã được thanh toán.");
      await storeDocument(
        services,
        dossierId,
        { kind: "feeReceipt", name: "Biên lai thu phí, lệ phí (biên lai điện tử)", fileName: `BienLai-${detail.dossier.code}-${payment.id}.pdf`, uploadedBy: null, eventId: event.id },
        receipt,
        tx,
      );
      await enqueueApplicantMail(tx, { dossierId, eventId: event.id, template: "paid", note, now });
    },
  });
}

const PAYMENT_METHOD = "Thanh toán trực tuyến qua Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia";

/** The electronic receipt (biên lai điện tử), signed with the collecting agency's seal. */
async function feeReceiptPdf(services: AppServices, payment: PaymentRow, settlement: Settlement, now: Date): Promise<Uint8Array> {
  const ctx = await loadDossierContext(services, payment.dossierId);
  const rendered = await renderFeeReceipt({
    ...formBase(services, ctx, now),
    receiptNumber: `${payment.id}/BLĐT`,
    collectingAgency: ctx.agency.name,
    lines: payment.feeLines,
    paidAt: settlement.paidAt,
    method: PAYMENT_METHOD,
    transactionId: settlement.transactionId,
    reference: settlement.reference ?? undefined,
    orderId: payment.orderId,
    signer: { name: ctx.agency.name },
  });
  return sign(rendered, await services.signers.forAgency(ctx.agency.id), "signer", "Biên lai thu phí, lệ phí", now);
}

/** A callback that never came: how long we wait before asking, how often, and for how long. */
export const STATUS_QUERY = { afterMs: 2 * 60_000, everyMs: 4 * 60_000, giveUpAfterMs: 3 * 24 * 3600_000, batch: 50 } as const;

/**
 * The scheduled status query: asks the platform about payments still open after a while, and
 * applies its answers through the same verified path as a callback.
 */
export async function queryOpenPayments(services: AppServices, now = new Date()): Promise<{ asked: number; settled: number; failed: number }> {
  const gateway = gatewayOf(services);
  if (!gateway) return { asked: 0, settled: 0, failed: 0 };
  const { db } = services.database;
  const open = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.state, "initiated"),
        lte(payments.createdAt, new Date(now.getTime() - STATUS_QUERY.afterMs)),
        gte(payments.createdAt, new Date(now.getTime() - STATUS_QUERY.giveUpAfterMs)),
        or(isNull(payments.queriedAt), lte(payments.queriedAt, new Date(now.getTime() - STATUS_QUERY.everyMs))),
      ),
    )
    .orderBy(asc(payments.id))
    .limit(STATUS_QUERY.batch);
  let settled = 0;
  let failed = 0;
  for (const payment of open) {
    await db.update(payments).set({ queriedAt: now }).where(eq(payments.id, payment.id));
    try {
      const answer = await applyGatewayResult(services, await queryGatewayPayment(gateway, payment.orderId, now), "query", now);
      if (answer.status === 200 && answer.state !== "pending") settled += 1;
      else if (answer.status !== 200) failed += 1;
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      failed += 1;
      log.warn({ orderId: payment.orderId, reason: error.message }, "payment status query failed");
    }
  }
  return { asked: open.length, settled, failed };
}

/** Settles one open payment by asking the platform (the return page does this when the checksum of its parameters is valid). */
export async function queryPayment(services: AppServices, payment: PaymentRow, now = new Date()): Promise<void> {
  const gateway = gatewayOf(services);
  if (!gateway || payment.state !== "initiated") return;
  try {
    await applyGatewayResult(services, await queryGatewayPayment(gateway, payment.orderId, now), "query", now);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    log.warn({ orderId: payment.orderId, reason: error.message }, "payment status query failed");
  }
}

export type PaymentOutcome = "paid" | "cancelled" | "failed" | "pending";

/**
 * The result page's state, read from the database. The return URL's parameters are only a hint:
 * with a valid checksum and the payment still open, the platform is asked (verified path).
 */
export async function paymentReturn(
  services: AppServices,
  user: SessionUser,
  code: string,
  params: URLSearchParams,
  now = new Date(),
): Promise<{ outcome: PaymentOutcome; payment: PaymentRow; dossierCode: string }> {
  const detail = await loadDossierDetail(services, code);
  if (!detail) throw new DossierActionError(404, "Không tìm thấy hồ sơ.");
  requireApplicant(user, detail.dossier);
  const orderId = params.get("maDonHang") ?? "";
  const { db } = services.database;
  const find = async () => (await db.select().from(payments).where(and(eq(payments.orderId, orderId), eq(payments.dossierId, detail.dossier.id))))[0];
  let payment = await find();
  if (!payment) throw new DossierActionError(404, "Không tìm thấy giao dịch thanh toán của hồ sơ này.");
  const gateway = gatewayOf(services);
  const hint = Object.fromEntries(params);
  if (payment.state === "initiated" && gateway && checksumValid("returnParams", hint, hint.checksum, gateway.key)) {
    await queryPayment(services, payment, now);
    payment = (await find())!;
  }
  const outcome: PaymentOutcome = payment.state === "initiated" ? "pending" : payment.state;
  return { outcome, payment, dossierCode: detail.dossier.code };
}

/** The callback endpoint's work, shared by the route and the tests' loopback server: a raw JSON body in, the status and JSON answer out. */
export async function paymentCallbackAnswer(services: AppServices, rawBody: string, now = new Date()): Promise<GatewayAnswer> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    log.warn({ source: "callback", status: 400 }, "payment result refused: not JSON");
    return { status: 400, body: { maLoi: ANSWER_CODES.badRequest, moTa: "Nội dung không phải JSON." } };
  }
  return applyGatewayResult(services, body, "callback", now);
}

export const PAYMENT_STATE_NAMES: Record<PaymentState, string> = {
  initiated: "Đang chờ thanh toán",
  paid: "Đã thanh toán",
  cancelled: "Đã hủy",
  failed: "Không thành công",
};

/** What the dossier page and the payment page show about fees, for one viewer. */
export async function paymentSummary(services: AppServices, user: SessionUser, detail: DossierDetail) {
  const due = paymentDue(detail);
  const rows = await paymentsOf(services, detail.dossier.id);
  return {
    due: due ? { title: due.title, amount: due.amount, feeLines: due.feeLines } : null,
    /** Online payment is offered only with the platform configured. */
    online: gatewayOf(services) !== null,
    /** Only the applicant may pay (server-side check again when she does). */
    mayPay: user.role === "citizen" && detail.dossier.applicantUserId === user.id,
    path: paymentPagePath(detail.dossier.code),
    payments: rows.map((p) => ({
      orderId: p.orderId,
      amount: p.amount,
      state: p.state,
      stateName: PAYMENT_STATE_NAMES[p.state],
      transactionId: p.gatewayTransactionId,
      createdAt: p.createdAt,
      paidAt: p.paidAt,
    })),
  };
}
