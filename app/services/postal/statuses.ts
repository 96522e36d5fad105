/** The statuses of postal orders, their allowed moves and their Vietnamese texts (no server code). */
import type { PostalOrderKind, PostalOrderStatus } from "../../../db/schema";

/** Statuses a partner may report, per kind; "created" is ours (not yet accepted by the partner). */
export const REPORTABLE: Record<PostalOrderKind, readonly PostalOrderStatus[]> = {
  pickup: ["registered", "collecting", "collected", "handedToAgency", "cancelled"],
  delivery: ["registered", "pickedUp", "inTransit", "delivered", "failed", "returnedToAgency"],
};

const MOVES: Record<PostalOrderKind, Partial<Record<PostalOrderStatus, readonly PostalOrderStatus[]>>> = {
  pickup: {
    created: ["registered", "cancelled"],
    registered: ["collecting", "cancelled"],
    collecting: ["collected", "cancelled"],
    collected: ["handedToAgency"],
  },
  delivery: {
    created: ["registered"],
    registered: ["pickedUp"],
    pickedUp: ["inTransit"],
    // A failed attempt is tried again or the parcel goes back to the agency.
    inTransit: ["delivered", "failed", "returnedToAgency"],
    failed: ["inTransit", "returnedToAgency"],
  },
};

export function canMove(kind: PostalOrderKind, from: PostalOrderStatus, to: PostalOrderStatus): boolean {
  return MOVES[kind][from]?.includes(to) ?? false;
}

/** Orders the partner still has work on. */
export const OPEN_STATUSES: readonly PostalOrderStatus[] = ["created", "registered", "collecting", "collected", "pickedUp", "inTransit", "failed"];

export const KIND_NAMES: Record<PostalOrderKind, string> = { pickup: "Thu gom hồ sơ", delivery: "Chuyển phát kết quả" };

export const STATUS_NAMES: Record<PostalOrderKind, Partial<Record<PostalOrderStatus, string>>> = {
  pickup: {
    created: "Đang gửi yêu cầu thu gom",
    registered: "Đã đăng ký thu gom",
    collecting: "Nhân viên bưu chính đang đến thu gom",
    collected: "Đã thu gom hồ sơ",
    handedToAgency: "Đã bàn giao hồ sơ cho Bộ phận Một cửa",
    cancelled: "Đã huỷ thu gom",
  },
  delivery: {
    created: "Đang gửi yêu cầu chuyển phát",
    registered: "Bưu chính đã nhận yêu cầu chuyển phát",
    pickedUp: "Bưu chính đã nhận kết quả tại cơ quan",
    inTransit: "Đang chuyển phát kết quả",
    delivered: "Đã phát kết quả thành công",
    failed: "Phát không thành công",
    returnedToAgency: "Đã chuyển hoàn kết quả về cơ quan",
  },
};

export function statusText(kind: PostalOrderKind, status: string): string {
  return STATUS_NAMES[kind][status as PostalOrderStatus] ?? status;
}
