/**
 * Postal orders (đơn bưu chính): a pickup of the paper dossier (thu gom, channel 3) made at
 * submission, a delivery of the result (chuyển phát, result delivery 1) made when the result is
 * ready. Each order is written in the transaction of the event that caused it, with its outbox
 * message; every status the partner reports goes through performDossierAction, so that it is on
 * the dossier's timeline with the partner as actor (docs/decisions/0011).
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { dossiers, postalOrders, postalPartners, postalTrackingEvents, type PostalOrderKind, type PostalOrderStatus } from "../../../db/schema";
import { DOSSIER_CHANNEL, DOSSIER_STATUS, RESULT_DELIVERY } from "../../../workflows/dossier-status";
import type { AppServices } from "../context.server";
import { DossierActionError, performDossierAction, type DossierActor } from "../dossier-actions.server";
import type { StoredDossierEvent } from "../dossier-events.server";
import type { EventDossier } from "../event-reactions.server";
import { outstandingFees } from "../fees.server";
import type { ApplicantTemplate } from "../jobs.server";
import { log } from "../log.server";
import { enqueueApplicantMail } from "../mail-outbox.server";
import { enqueueOutboxMessage } from "../outbox.server";
import { agencyDistrictCode, PROVINCE_CODE } from "./areas";
import { orderPartner, type PostalPartner } from "./partners.server";
import { canMove, KIND_NAMES, OPEN_STATUSES, REPORTABLE, statusText } from "./statuses";

export type PostalOrder = typeof postalOrders.$inferSelect;

type Party = { name: string; address: string; phone: string | null; email: string | null; provinceCode: string; districtCode: string };

/** The order as it is sent to the partner (DOMAIN §12) and answered by the API. */
export type OrderDocument = {
  orderNumber: string;
  kind: PostalOrderKind;
  sender: Party;
  receiver: Party;
  codAmount: number;
  currency: "VND";
  description: string;
  parts: Array<{ name: string; originals: number; copies: number }>;
  procedure: { code: string; name: string };
  createdAt: string;
};

/**
 * The mail each status sends the applicant. "delivered" sends none of its own: it is the dossier's
 * return (RETURN_RESULT), whose "returned" mail carries the delivery's note — one event, one mail.
 */
const MAIL_OF: Record<PostalOrderKind, Partial<Record<PostalOrderStatus, ApplicantTemplate>>> = {
  pickup: { registered: "postalPickupRegistered", collected: "postalPickupCollected", handedToAgency: "postalPickupHandedOver", cancelled: "postalPickupCancelled" },
  delivery: { inTransit: "postalDeliveryInTransit", failed: "postalDeliveryFailed", returnedToAgency: "postalDeliveryReturned" },
};

/** The order an event asks for: a submission (pickup, if by post), reaching "result ready" (delivery, if by post). */
export function postalOrderKindFor(event: StoredDossierEvent): PostalOrderKind | null {
  if (event.action === "SUBMIT") return "pickup";
  if (event.toStatus === DOSSIER_STATUS.resultReady && event.fromStatus !== DOSSIER_STATUS.resultReady) return "delivery";
  return null;
}

/**
 * Called by reactToDossierEvent for an event that may ask for an order: a channel-3 submission asks
 * for a pickup, a post-delivery dossier reaching "result ready" asks for a delivery.
 */
export async function createPostalOrder(tx: Database, event: StoredDossierEvent, row: EventDossier, kind: PostalOrderKind): Promise<void> {
  const pickup = kind === "pickup";
  if (pickup && row.dossier.channel !== DOSSIER_CHANNEL.post) return;
  if (!pickup && row.dossier.resultDelivery !== RESULT_DELIVERY.post) return;
  const partner = row.dossier.postalPartnerId ? ((await partnerById(tx, row.dossier.postalPartnerId)) ?? (await orderPartner(tx))) : await orderPartner(tx);
  if (!partner) {
    // Without a partner account the desk hands the dossier over in person; nothing is lost.
    log.warn({ event: "postal-no-partner", dossierId: event.dossierId, kind });
    return;
  }
  const document = await orderDocument(tx, row, kind, event.occurredAt);
  const [order] = await tx
    .insert(postalOrders)
    .values({
      partnerId: partner.id,
      dossierId: row.dossier.id,
      kind,
      orderNumber: row.dossier.code,
      codAmount: document.codAmount,
      createdAt: event.occurredAt,
      updatedAt: event.occurredAt,
    })
    .onConflictDoNothing({ target: [postalOrders.dossierId, postalOrders.kind] })
    .returning();
  if (!order) return;
  await tx.update(dossiers).set({ postalPartnerId: partner.id }).where(eq(dossiers.id, row.dossier.id));
  await enqueueOutboxMessage(tx, {
    channel: "postal",
    messageKey: `postal:${order.id}:create`,
    dossierId: row.dossier.id,
    eventId: event.id,
    payload: { type: "order.created", orderId: order.id, order: document },
    now: event.occurredAt,
  });
}

async function partnerById(tx: Database, id: number): Promise<PostalPartner | null> {
  const [row] = await tx.select().from(postalPartners).where(and(eq(postalPartners.id, id), eq(postalPartners.active, true)));
  return row ?? null;
}

async function orderDocument(
  tx: Database,
  row: EventDossier,
  kind: PostalOrderKind,
  now: Date,
): Promise<OrderDocument> {
  const { dossier, procedure, agency } = row;
  const citizen: Party = {
    name: dossier.applicantName,
    address: (kind === "pickup" ? dossier.pickupAddress : dossier.deliveryAddress) ?? dossier.applicantAddress,
    phone: dossier.applicantPhone,
    email: dossier.applicantEmail,
    provinceCode: PROVINCE_CODE,
    districtCode: (kind === "pickup" ? dossier.pickupDistrictCode : dossier.deliveryDistrictCode) ?? agencyDistrictCode(agency),
  };
  const desk: Party = {
    name: `Bộ phận Một cửa — ${agency.name}`,
    address: agency.address ?? agency.name,
    phone: null,
    email: null,
    provinceCode: PROVINCE_CODE,
    districtCode: agencyDistrictCode(agency),
  };
  const parts =
    kind === "pickup"
      ? procedure.documents.map((d) => ({ name: d.name, originals: d.originals, copies: d.copies }))
      : [{ name: procedure.resultName, originals: 1, copies: 0 }];
  return {
    orderNumber: dossier.code,
    kind,
    sender: kind === "pickup" ? citizen : desk,
    receiver: kind === "pickup" ? desk : citizen,
    // Thu hộ: only a delivery collects money, and only what is still owed.
    codAmount: kind === "delivery" ? await outstandingFees(tx, dossier.id) : 0,
    currency: "VND",
    description: `${KIND_NAMES[kind]} — hồ sơ ${dossier.code}, thủ tục ${procedure.name}: ${parts.map((p) => p.name).join("; ")}`,
    parts,
    procedure: { code: procedure.code, name: procedure.name },
    createdAt: now.toISOString(),
  };
}

/** A status the partner reports, by webhook or through the API. */
export type StatusReport = {
  orderNumber: string;
  kind: PostalOrderKind;
  status: PostalOrderStatus;
  occurredAt: Date;
  waybill?: string | null;
  statusCode?: string | null;
  message?: string | null;
  recipientName?: string | null;
};

export type ReportOutcome = { order: PostalOrder; changed: boolean; dossierEventId: number | null };

/** The partner as the actor of its reports (ARCHITECTURE: partners act as their own actor). */
export function partnerActor(partner: Pick<PostalPartner, "id">, agencyId: number): DossierActor {
  return { userId: null, role: "postal", agencyId, partnerId: partner.id };
}

const fmt = (d: Date) =>
  new Intl.DateTimeFormat("vi-VN", { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Ho_Chi_Minh" }).format(d);

/**
 * Applies one reported status: checks the move, then one performDossierAction (POSTAL_STATUS, or
 * RETURN_RESULT for a delivered result) whose transaction also moves the order, records the
 * tracking event, queues the applicant's mail and, when given, marks the webhook id as taken.
 * Throws DossierActionError: 404 for another partner's or an unknown order, 409 for a move the
 * order (or the dossier) cannot make.
 */
export async function applyStatusReport(
  services: AppServices,
  partner: PostalPartner,
  report: StatusReport,
  options: { source: "webhook" | "api"; now: Date; inTransaction?: (tx: Database) => Promise<void> },
): Promise<ReportOutcome> {
  const { db } = services.database;
  const [found] = await db
    .select({ order: postalOrders, dossier: dossiers })
    .from(postalOrders)
    .innerJoin(dossiers, eq(dossiers.id, postalOrders.dossierId))
    .where(and(eq(postalOrders.partnerId, partner.id), eq(postalOrders.orderNumber, report.orderNumber), eq(postalOrders.kind, report.kind)));
  if (!found) throw new DossierActionError(404, `Không tìm thấy đơn ${KIND_NAMES[report.kind].toLowerCase()} số ${report.orderNumber}.`);
  const { order, dossier } = found;
  if (!REPORTABLE[order.kind].includes(report.status)) {
    throw new DossierActionError(400, `Trạng thái "${report.status}" không dùng cho đơn ${KIND_NAMES[order.kind].toLowerCase()}.`);
  }
  if (order.status === report.status) {
    // The same status again (a retry through the API): nothing to change.
    if (options.inTransaction) await options.inTransaction(db);
    return { order, changed: false, dossierEventId: null };
  }
  if (!canMove(order.kind, order.status, report.status)) {
    throw new DossierActionError(
      409,
      `Không thể chuyển đơn ${order.orderNumber} từ trạng thái "${statusText(order.kind, order.status)}" sang "${statusText(order.kind, report.status)}".`,
    );
  }
  const waybill = report.waybill ?? order.waybill;
  const text = statusText(order.kind, report.status);
  const details = [
    report.recipientName ? `người nhận: ${report.recipientName}` : null,
    `lúc ${fmt(report.occurredAt)}`,
    report.message ? `ghi chú: ${report.message}` : null,
    waybill ? `vận đơn ${waybill}` : null,
  ].filter(Boolean);
  const note = `${KIND_NAMES[order.kind]}: ${text} (${details.join(", ")})`;
  const returns = order.kind === "delivery" && report.status === "delivered";
  let updatedOrder: PostalOrder = order;
  const result = await performDossierAction(services, {
    dossierId: dossier.id,
    actor: partnerActor(partner, dossier.receivingAgencyId),
    event: returns ? { type: "RETURN_RESULT" } : { type: "POSTAL_STATUS", kind: order.kind, status: report.status },
    note,
    now: options.now,
    alsoInTransaction: async (tx, dossierId, event) => {
      // The move is checked again under the transaction: two reports racing cannot both apply.
      const [moved] = await tx
        .update(postalOrders)
        .set({
          status: report.status,
          waybill,
          updatedAt: options.now,
          ...(returns ? { recipientName: report.recipientName ?? null, deliveredAt: report.occurredAt } : {}),
        })
        .where(and(eq(postalOrders.id, order.id), eq(postalOrders.status, order.status)))
        .returning();
      if (!moved) throw new DossierActionError(409, "Đơn bưu chính vừa được cập nhật bởi một báo cáo khác; vui lòng gửi lại.");
      updatedOrder = moved;
      await tx.insert(postalTrackingEvents).values({
        orderId: order.id,
        status: report.status,
        statusCode: report.statusCode ?? null,
        message: report.message ?? null,
        waybill,
        occurredAt: report.occurredAt,
        receivedAt: options.now,
        source: options.source,
        dossierEventId: event.id,
      });
      const template = MAIL_OF[order.kind][report.status];
      if (template) await enqueueApplicantMail(tx, { dossierId, eventId: event.id, template, note, now: options.now });
      await options.inTransaction?.(tx);
    },
  });
  return { order: updatedOrder, changed: true, dossierEventId: result.eventId };
}

/** Records the partner's acceptance of an order (its waybill): the "registered" status, once. */
export async function recordAcceptance(services: AppServices, orderId: number, waybill: string | null, now: Date): Promise<void> {
  const { db } = services.database;
  const [row] = await db.select({ order: postalOrders }).from(postalOrders).where(eq(postalOrders.id, orderId));
  if (!row) return;
  if (row.order.status !== "created") {
    if (waybill && !row.order.waybill) await db.update(postalOrders).set({ waybill }).where(eq(postalOrders.id, orderId));
    return;
  }
  const [partner] = await db.select().from(postalPartners).where(eq(postalPartners.id, row.order.partnerId));
  try {
    await applyStatusReport(
      services,
      partner,
      { orderNumber: row.order.orderNumber, kind: row.order.kind, status: "registered", occurredAt: now, waybill, message: null },
      { source: "api", now },
    );
  } catch (error) {
    // The dossier may have ended meanwhile (withdrawn): the order still records the waybill.
    if (!(error instanceof DossierActionError)) throw error;
    await db.update(postalOrders).set({ status: "registered", waybill, updatedAt: now }).where(and(eq(postalOrders.id, orderId), eq(postalOrders.status, "created")));
    log.warn({ event: "postal-acceptance-not-on-timeline", orderId, status: error.status });
  }
}

/** An order as the API answers it. */
export async function orderView(db: Database, order: PostalOrder) {
  const [message] = await db.execute<{ payload: { order: OrderDocument } }>(
    sql`select payload from outbox_messages where message_key = ${`postal:${order.id}:create`}`,
  ).then((r) => r.rows);
  const tracking = await db.select().from(postalTrackingEvents).where(eq(postalTrackingEvents.orderId, order.id)).orderBy(asc(postalTrackingEvents.id));
  return {
    ...(message?.payload.order ?? { orderNumber: order.orderNumber, kind: order.kind }),
    status: order.status,
    waybill: order.waybill,
    codAmount: order.codAmount,
    updatedAt: order.updatedAt.toISOString(),
    tracking: tracking.map((t) => ({
      status: t.status,
      statusCode: t.statusCode,
      message: t.message,
      waybill: t.waybill,
      occurredAt: t.occurredAt.toISOString(),
    })),
  };
}

export async function openOrders(db: Database, partnerId: number) {
  return db
    .select()
    .from(postalOrders)
    .where(and(eq(postalOrders.partnerId, partnerId), inArray(postalOrders.status, [...OPEN_STATUSES])))
    .orderBy(asc(postalOrders.id))
    .limit(500);
}

export async function ordersByNumber(db: Database, partnerId: number, orderNumber: string) {
  return db
    .select()
    .from(postalOrders)
    .where(and(eq(postalOrders.partnerId, partnerId), eq(postalOrders.orderNumber, orderNumber)))
    .orderBy(asc(postalOrders.id));
}
