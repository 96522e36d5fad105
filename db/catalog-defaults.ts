/**
 * What the catalog says the same way for every procedure unless the source says more: the citizen's
 * steps (trình tự thực hiện) and the officers' default step list (workflow version 1), in the shape
 * of the demo procedures' lists.
 */
import type { Allowance } from "../workflows/calendar";
import type { WorkflowStep } from "../workflows/dossier-machine";
import type { ProcedureChannel } from "./schema";

type Level = "province" | "district" | "commune";

const DESK_OF: Record<Level, string> = {
  province: "Bộ phận Một cửa của cơ quan tại Trung tâm Phục vụ hành chính công tỉnh",
  district: "Bộ phận Một cửa UBND cấp huyện",
  commune: "Bộ phận Một cửa UBND cấp xã",
};

export function applicationSteps(level: Level, channels: ProcedureChannel[], feeAmount: number): string[] {
  const ways = [
    channels.includes("online") ? "trực tuyến trên Cổng dịch vụ công" : null,
    channels.includes("desk") ? `trực tiếp tại ${DESK_OF[level]}` : null,
    channels.includes("post") ? "qua dịch vụ bưu chính công ích" : null,
  ].filter(Boolean);
  return [
    "Bước 1: Chuẩn bị hồ sơ đầy đủ theo thành phần hồ sơ của thủ tục.",
    `Bước 2: Nộp hồ sơ ${ways.join(", ")}.`,
    "Bước 3: Cán bộ tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ thì tiếp nhận và cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01); chưa đầy đủ thì hướng dẫn bổ sung một lần (Mẫu 02); không thuộc thẩm quyền thì từ chối và nêu rõ lý do (Mẫu 03).",
    "Bước 4: Cơ quan có thẩm quyền thẩm định, giải quyết hồ sơ; nếu quá hạn phải có Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04).",
    feeAmount > 0
      ? "Bước 5: Nộp phí, lệ phí (trực tuyến hoặc tại Bộ phận Một cửa) và nhận kết quả tại Bộ phận Một cửa, qua bưu chính hoặc trực tuyến."
      : "Bước 5: Nhận kết quả tại Bộ phận Một cửa, qua bưu chính hoặc trực tuyến.",
  ];
}

const share = (a: Allowance, fraction: number): Allowance => {
  // Short allowances are split in working hours, so that no step gets a fraction of a day too small to read.
  if (a.unit === "workingDay" && a.amount <= 2) return { amount: Math.max(1, Math.round(a.amount * 8 * fraction)), unit: "workingHour" };
  return { amount: Math.max(0.5, Math.round(a.amount * fraction * 2) / 2), unit: a.unit };
};

/** Commune: examination, approval. District and province: examination, the unit head's review, approval. */
export function defaultSteps(level: Level, allowance: Allowance): WorkflowStep[] {
  if (level === "commune") {
    return [
      { key: "examination", name: "Thụ lý, thẩm định hồ sơ", role: "specialist", allowance: share(allowance, 0.6) },
      { key: "approval", name: "Phê duyệt, ký kết quả", role: "leader", allowance: share(allowance, 0.3) },
    ];
  }
  return [
    { key: "examination", name: "Thụ lý, thẩm định hồ sơ", role: "specialist", allowance: share(allowance, 0.6) },
    { key: "review", name: "Lãnh đạo phòng xem xét", role: "unitHead", allowance: share(allowance, 0.15) },
    { key: "approval", name: "Lãnh đạo cơ quan phê duyệt, ký số", role: "leader", allowance: share(allowance, 0.15) },
  ];
}
