/**
 * Names and limits the administration pages show, shared by their services and their components
 * (a `.server` module is empty in the browser, so what a component renders cannot live there).
 */
import type { FormFieldType } from "../db/schema";
import type { Role } from "../workflows/dossier-machine";

export const MIN_PASSWORD_LENGTH = 12;

export const AUDIT_ENTITIES = ["agency", "user", "procedure", "workflow", "calendar", "officeHours", "mailTemplate", "partner", "job", "sync", "reportRecipient", "periodicReport"] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
export const AUDIT_ENTITY_NAMES: Record<AuditEntity, string> = {
  agency: "Cơ quan, đơn vị",
  user: "Người dùng",
  procedure: "Thủ tục hành chính",
  workflow: "Quy trình xử lý",
  calendar: "Ngày nghỉ, ngày làm bù",
  officeHours: "Giờ làm việc",
  mailTemplate: "Mẫu thư điện tử",
  partner: "Đối tác bưu chính",
  job: "Tác vụ lỗi",
  sync: "Đồng bộ đối tác",
  reportRecipient: "Người nhận báo cáo định kỳ",
  periodicReport: "Báo cáo định kỳ",
};

export const LEVELS = ["province", "district", "commune"] as const;
export const KINDS = ["government", "department", "desk", "unit"] as const;
export const LEVEL_NAMES: Record<(typeof LEVELS)[number], string> = { province: "Cấp tỉnh", district: "Cấp huyện", commune: "Cấp xã" };
export const KIND_NAMES: Record<(typeof KINDS)[number], string> = {
  government: "UBND (cơ quan hành chính)",
  department: "Sở, ban, ngành",
  desk: "Bộ phận Một cửa",
  unit: "Phòng, đơn vị chuyên môn",
};
export const WEEKDAY_NAMES: Record<number, string> = { 1: "Thứ Hai", 2: "Thứ Ba", 3: "Thứ Tư", 4: "Thứ Năm", 5: "Thứ Sáu", 6: "Thứ Bảy", 7: "Chủ nhật" };

export const ALLOWANCE_UNITS = ["workingDay", "workingHour", "calendarDay"] as const;
export const ALLOWANCE_UNIT_NAMES: Record<(typeof ALLOWANCE_UNITS)[number], string> = {
  workingDay: "ngày làm việc",
  workingHour: "giờ làm việc",
  calendarDay: "ngày (theo lịch)",
};
export const STEP_ROLES: Role[] = ["specialist", "unitHead", "leader", "desk", "clerk", "citizen"];
export const STEP_KINDS = ["process", "payment", "forward"] as const;
export const STEP_KIND_NAMES: Record<(typeof STEP_KINDS)[number], string> = { process: "Xử lý", payment: "Nộp phí, lệ phí", forward: "Liên thông" };
export const SERVICE_MODE_NAMES = { info: "Cung cấp thông tin (mức độ 1–2)", partial: "Một phần (mức độ 3)", full: "Toàn trình (mức độ 4)" } as const;
export const RESULT_TEMPLATE_NAMES = {
  generic: "Quyết định, văn bản chung",
  birthCertificate: "Giấy khai sinh",
  judicialRecord: "Phiếu lý lịch tư pháp",
  householdBusiness: "Giấy chứng nhận đăng ký hộ kinh doanh",
} as const;
export const FIELD_TYPE_NAMES: Record<FormFieldType, string> = {
  text: "Một dòng",
  textarea: "Nhiều dòng",
  date: "Ngày",
  money: "Số tiền (đồng)",
  idNumber: "Số định danh cá nhân (CCCD)",
  phone: "Số điện thoại",
  address: "Địa chỉ (chọn đơn vị hành chính)",
};
