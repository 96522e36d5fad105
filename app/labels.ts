/** Vietnamese labels shared by pages (no server code: safe in the browser bundle). */
import { EVENT_LABELS, type DossierEventType } from "../workflows/dossier-machine";
import { formatLocalDateTime } from "./time";
import type { Allowance } from "../workflows/calendar";

export const LEVEL_NAMES = { province: "Cấp tỉnh", district: "Cấp huyện", commune: "Cấp xã" } as const;

/** Both vocabularies stay visible: the 2022 terms and the older "mức độ" that the seeds use. */
export const SERVICE_MODE_NAMES = {
  info: "Cung cấp thông tin (mức độ 1–2)",
  partial: "Dịch vụ công trực tuyến một phần (mức độ 3)",
  full: "Dịch vụ công trực tuyến toàn trình (mức độ 4)",
} as const;

export const ROLE_NAMES = {
  citizen: "Công dân, tổ chức",
  desk: "Cán bộ Bộ phận Một cửa",
  specialist: "Chuyên viên thụ lý",
  unitHead: "Lãnh đạo phòng",
  leader: "Lãnh đạo cơ quan",
  clerk: "Văn thư",
  admin: "Quản trị hệ thống",
  monitor: "Giám sát, theo dõi",
  system: "Hệ thống",
  postal: "Bưu chính công ích",
} as const;

export const RESULT_DELIVERY_NAMES = { 0: "Nhận tại Bộ phận Một cửa", 1: "Qua dịch vụ bưu chính công ích", 2: "Nhận trực tuyến (bản điện tử)" } as const;

export function formatAllowance(a: Allowance): string {
  const unit = { workingDay: "ngày làm việc", workingHour: "giờ làm việc", calendarDay: "ngày" }[a.unit];
  return `${a.amount.toLocaleString("vi-VN")} ${unit}`;
}

export function formatMoney(amount: number): string {
  return amount === 0 ? "Miễn phí" : `${amount.toLocaleString("vi-VN")} đồng`;
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return formatLocalDateTime(new Date(value));
}

/** A 'YYYY-MM-DD' date as Vietnamese write it (dd/mm/yyyy); anything else is shown as typed. */
export function formatDate(value: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (value ?? "");
}

/** How an event row reads in a timeline; submission and the deadline scan are not machine events. */
const APP_EVENT_LABELS: Record<string, string> = {
  SUBMIT: "Nộp hồ sơ trực tuyến",
  DUE_SOON: "Sắp đến hạn giải quyết",
  OVERDUE: "Quá hạn giải quyết",
  // Written by the signing job before issue #8 made each signature its signer's own event.
  RESULT_SIGNED: "Kết quả đã được ký số",
};

export function timelineLabel(action: string, actorRole?: string): string {
  // A walk-in dossier's creation is the desk's act: the paper dossier handed in at the counter.
  if (action === "SUBMIT" && actorRole === "desk") return "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa";
  return APP_EVENT_LABELS[action] ?? EVENT_LABELS[action as DossierEventType] ?? action;
}


/** The receivers of the partner outbox, as the administrator's sync page names them. */
export const OUTBOX_CHANNEL_NAMES = {
  national: "Cổng Dịch vụ công quốc gia",
  mail: "Thư điện tử",
  postal: "Bưu chính công ích",
} as const;

export type SyncStateFilter = "all" | "pending" | "failed" | "sent";
export const SYNC_STATE_FILTERS: readonly SyncStateFilter[] = ["all", "failed", "pending", "sent"];
