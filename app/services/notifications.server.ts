import type { dossiers } from "../../db/schema";
import type { NotificationTemplate } from "../../workflows/dossier-machine";
import type { OutgoingMail } from "./mail.server";

const SUBJECTS: Record<NotificationTemplate | "submitted", string> = {
  submitted: "Hồ sơ đã được nộp trực tuyến",
  received: "Hồ sơ đã được tiếp nhận",
  refused: "Hồ sơ không được tiếp nhận",
  supplementRequested: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
  resultReady: "Hồ sơ đã có kết quả",
  returned: "Đã trả kết quả giải quyết hồ sơ",
};

const BODIES: Record<NotificationTemplate | "submitted", string> = {
  submitted: "Hồ sơ của Ông/Bà đã được gửi tới Bộ phận Một cửa và đang chờ tiếp nhận.",
  received: "Hồ sơ của Ông/Bà đã được tiếp nhận và chuyển xử lý. Giấy tiếp nhận hồ sơ và hẹn trả kết quả có trên Cổng Dịch vụ công.",
  refused: "Hồ sơ của Ông/Bà không được tiếp nhận.",
  supplementRequested: "Hồ sơ của Ông/Bà cần được bổ sung, hoàn thiện. Thời hạn giải quyết tạm dừng cho đến khi Ông/Bà bổ sung.",
  resultReady: "Hồ sơ của Ông/Bà đã có kết quả giải quyết, đã được ký số.",
  returned: "Kết quả giải quyết hồ sơ đã được trả cho Ông/Bà.",
};

export function notificationFor(
  baseUrl: string,
  dossier: typeof dossiers.$inferSelect,
  template: NotificationTemplate | "submitted",
  note: string | null,
): OutgoingMail {
  const link = `${baseUrl.replace(/\/+$/, "")}/ho-so/${dossier.code}`;
  return {
    to: dossier.applicantEmail!,
    subject: `[Một Cửa Thái Bình] ${SUBJECTS[template]} — ${dossier.code}`,
    text: [
      `Kính gửi Ông/Bà ${dossier.applicantName},`,
      "",
      BODIES[template],
      ...(note ? ["", `Nội dung: ${note}`] : []),
      "",
      `Mã hồ sơ: ${dossier.code}`,
      `Theo dõi hồ sơ: ${link}`,
      "",
      "Thư này được gửi tự động, vui lòng không trả lời.",
    ].join("\n"),
  };
}
