/**
 * The national-portal sync (Cổng Dịch vụ công quốc gia, through the province's LGSP; DOMAIN §12).
 * Every dossier event is pushed as a processing step (CapNhatTienDoHoSoMC); an event that changes
 * the status, and the submission, also push the whole dossier (DongBoHoSoMC). Payloads are built in
 * the event's transaction, so each says what was true at that event, and they leave through the
 * outbox in event order per dossier: a later update never overtakes an earlier one.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { attachments, dossierEvents, outboxMessages, users } from "../../db/schema";
import { RESULT_DELIVERY } from "../../workflows/dossier-status";
import { ROLE_NAMES } from "../labels";
import { formatCompactLocal } from "../time";
import type { StoredDossierEvent } from "./dossier-events.server";
import type { EventDossier } from "./event-reactions.server";
import { timelineLabel } from "../labels";
import { outstandingFees } from "./fees.server";
import { enqueueOutboxMessage, type OutboxSender } from "./outbox.server";

/** The national portal's service names. */
export const NATIONAL_SERVICES = { dossier: "DongBoHoSoMC", progress: "CapNhatTienDoHoSoMC" } as const;

/** LoaiDoiTuong: 1 citizen, 2 business, 3 state body, 4 other. Organisation accounts come with the portal issue. */
const APPLICANT_TYPE_CITIZEN = 1;

const compact = (instant: Date | null | undefined) => (instant ? formatCompactLocal(instant) : "");

export type NationalDossierRecord = {
  service: typeof NATIONAL_SERVICES.dossier;
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  MaCoQuan: string;
  KenhThucHien: number;
  LoaiDoiTuong: number;
  MaDoiTuong: string;
  ChuHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  NgayTra: string;
  TrangThaiHoSo: number;
  HinhThuc: number;
  DanhSachGiayToNop: Array<{ TenGiayTo: string; TepDinhKem: string }>;
  DanhSachLePhi: Array<{ TenPhiLePhi: string; MucPhi: number; DaThanhToan: boolean }>;
  DanhSachBoSung: Array<{ NgayYeuCau: string; NoiDung: string; NgayBoSung: string; NgayHenTraCu: string; NgayHenTraMoi: string }>;
  DanhSachGiayToKetQua: Array<{ TenGiayTo: string; TepDinhKem: string }>;
};

export type NationalProgressRecord = {
  service: typeof NATIONAL_SERVICES.progress;
  MaHoSo: string;
  /** Our event's sequence number on the dossier: the receiver can check it has every step. */
  ThuTu: number;
  NguoiXuLy: string;
  ChucDanh: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  ThoiDiemXuLy: string;
  TrangThaiHoSo: number;
  NgayHetHanBuoc: string;
};

/** Queues the event's updates in its transaction (reactToDossierEvent calls it when the endpoint is configured). */
export async function enqueueNationalSync(tx: Database, event: StoredDossierEvent, row: EventDossier): Promise<void> {
  const statusChanged = event.fromStatus !== event.toStatus;
  if (statusChanged || event.action === "SUBMIT" || event.action === "SUPPLEMENT_PROVIDED") {
    const record = await dossierRecord(tx, row, event);
    await enqueueOutboxMessage(tx, {
      channel: "national",
      messageKey: `national:${event.id}:dossier`,
      dossierId: event.dossierId,
      eventId: event.id,
      payload: record,
      now: event.occurredAt,
    });
  }
  await enqueueOutboxMessage(tx, {
    channel: "national",
    messageKey: `national:${event.id}:progress`,
    dossierId: event.dossierId,
    eventId: event.id,
    payload: await progressRecord(tx, row, event),
    now: event.occurredAt,
  });
}

async function dossierRecord(tx: Database, { dossier, procedure, agency }: EventDossier, event: StoredDossierEvent): Promise<NationalDossierRecord> {
  const files = await tx
    .select({ kind: attachments.kind, documentName: attachments.documentName, fileName: attachments.fileName })
    .from(attachments)
    .where(and(eq(attachments.dossierId, dossier.id), inArray(attachments.kind, ["submission", "supplement", "result"])))
    .orderBy(asc(attachments.createdAt));
  const owed = await outstandingFees(tx, dossier.id);
  return {
    service: NATIONAL_SERVICES.dossier,
    MaHoSo: dossier.code,
    MaTTHC: procedure.code,
    TenTTHC: procedure.name,
    MaLinhVuc: procedure.field,
    MaCoQuan: agency.identifier ?? String(agency.id),
    KenhThucHien: dossier.channel,
    LoaiDoiTuong: APPLICANT_TYPE_CITIZEN,
    MaDoiTuong: dossier.applicantIdNumber,
    ChuHoSo: dossier.applicantName,
    NgayTiepNhan: compact(dossier.receivedAt),
    NgayHenTra: compact(dossier.dueAt),
    NgayTra: compact(dossier.returnedAt),
    TrangThaiHoSo: event.toStatus,
    // HinhThuc knows the desk (0) and the post (1); an online result is also collectable at the desk.
    HinhThuc: dossier.resultDelivery === RESULT_DELIVERY.post ? 1 : 0,
    DanhSachGiayToNop: files
      .filter((f) => f.kind !== "result")
      .map((f) => ({ TenGiayTo: f.documentName ?? f.fileName, TepDinhKem: f.fileName })),
    DanhSachLePhi:
      procedure.feeAmount > 0 ? [{ TenPhiLePhi: procedure.feeNote ?? "Lệ phí", MucPhi: procedure.feeAmount, DaThanhToan: owed === 0 }] : [],
    DanhSachBoSung: await supplementRounds(tx, dossier, event),
    DanhSachGiayToKetQua: files.filter((f) => f.kind === "result").map((f) => ({ TenGiayTo: procedure.resultName, TepDinhKem: f.fileName })),
  };
}

/**
 * Supplement rounds with the due date before and after each: the one pushed at the request (the clock
 * stops, the due date stays) and the one pushed when the supplement came (the clock restarts later).
 */
async function supplementRounds(tx: Database, dossier: EventDossier["dossier"], current: StoredDossierEvent) {
  const dossierId = dossier.id;
  const events = await tx
    .select({ id: dossierEvents.id, action: dossierEvents.action, note: dossierEvents.note, occurredAt: dossierEvents.occurredAt })
    .from(dossierEvents)
    .where(and(eq(dossierEvents.dossierId, dossierId), inArray(dossierEvents.action, ["REQUEST_SUPPLEMENT", "SUPPLEMENT_PROVIDED"])))
    .orderBy(asc(dossierEvents.seq));
  const pushed = await tx
    .select({ eventId: outboxMessages.eventId, payload: outboxMessages.payload })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.dossierId, dossierId), eq(outboxMessages.channel, "national")));
  const dueAt = new Map(pushed.filter((m) => m.payload.service === NATIONAL_SERVICES.dossier).map((m) => [m.eventId, String(m.payload.NgayHenTra ?? "")]));
  const rounds: NationalDossierRecord["DanhSachBoSung"] = [];
  for (const e of events) {
    if (e.action === "REQUEST_SUPPLEMENT") {
      rounds.push({ NgayYeuCau: compact(e.occurredAt), NoiDung: e.note ?? "", NgayBoSung: "", NgayHenTraCu: dueAt.get(e.id) ?? "", NgayHenTraMoi: "" });
    } else {
      const open = rounds.at(-1);
      if (!open || open.NgayBoSung) continue;
      open.NgayBoSung = compact(e.occurredAt);
      // The current event's due date is the dossier's as this event left it.
      open.NgayHenTraMoi = e.id === current.id ? compact(dossier.dueAt) : (dueAt.get(e.id) ?? "");
    }
  }
  return rounds;
}

async function progressRecord(tx: Database, { dossier, agency }: EventDossier, event: StoredDossierEvent): Promise<NationalProgressRecord> {
  const [officer] = event.actorUserId
    ? await tx.select({ fullName: users.fullName, title: users.title }).from(users).where(eq(users.id, event.actorUserId))
    : [];
  // An officer acts in her own name; a citizen's name is not needed for a step, the system has none.
  const isOfficer = officer && event.actorRole !== "citizen";
  return {
    service: NATIONAL_SERVICES.progress,
    MaHoSo: dossier.code,
    ThuTu: event.seq,
    NguoiXuLy: isOfficer ? officer.fullName : (ROLE_NAMES[event.actorRole as keyof typeof ROLE_NAMES] ?? event.actorRole),
    ChucDanh: isOfficer ? (officer.title ?? ROLE_NAMES[event.actorRole as keyof typeof ROLE_NAMES] ?? "") : "",
    PhongBanXuLy: agency.name,
    NoiDungXuLy: timelineLabel(event.action, event.actorRole),
    ThoiDiemXuLy: compact(event.occurredAt),
    TrangThaiHoSo: event.toStatus,
    NgayHetHanBuoc: compact(event.stepDueAt ?? dossier.dueAt),
  };
}

/** The request's timeout: a hung endpoint must not hold the group's lease for ever. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * POSTs one record to the national endpoint. `Idempotency-Key` is the message's stable id: a retry
 * after a lost answer is the same message, which the receiver takes once.
 */
export const sendNationalUpdate: OutboxSender = async (services, message) => {
  const endpoint = services.config.nationalSync;
  if (!endpoint) throw new Error("Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia (NATIONAL_SYNC_URL).");
  const service = String(message.payload.service);
  const response = await fetch(new URL(service, endpoint.url.endsWith("/") ? endpoint.url : `${endpoint.url}/`), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${endpoint.key}`, "idempotency-key": message.messageId },
    body: JSON.stringify(message.payload),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Cổng quốc gia trả lời ${response.status}`);
  const answer = safeJson(text);
  return { status: response.status, ...(answer && typeof answer === "object" ? { answer } : {}) };
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
