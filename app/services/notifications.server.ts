/** The Vietnamese texts of the mails the portal sends to applicants and officers. */
import { formatShortLocalDateTime } from "../time";
import type { dossiers } from "../../db/schema";
import type { ApplicantTemplate, OfficerReminder } from "./jobs.server";
import type { OutgoingMail } from "./mail.server";

const APPLICANT_TEXTS: Record<ApplicantTemplate, { subject: string; body: string }> = {
  submitted: { subject: "Hồ sơ đã được nộp trực tuyến", body: "Hồ sơ của Ông/Bà đã được gửi tới Bộ phận Một cửa và đang chờ tiếp nhận." },
  received: {
    subject: "Hồ sơ đã được tiếp nhận",
    body: "Hồ sơ của Ông/Bà đã được tiếp nhận và chuyển xử lý. Giấy tiếp nhận hồ sơ và hẹn trả kết quả có trên Cổng Dịch vụ công.",
  },
  refused: { subject: "Hồ sơ không được tiếp nhận", body: "Hồ sơ của Ông/Bà không được tiếp nhận. Phiếu từ chối tiếp nhận có trên Cổng Dịch vụ công." },
  supplementRequested: {
    subject: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    body: "Hồ sơ của Ông/Bà cần được bổ sung, hoàn thiện. Thời hạn giải quyết tạm dừng cho đến khi Ông/Bà bổ sung.",
  },
  feeRequested: { subject: "Đề nghị nộp phí, lệ phí", body: "Hồ sơ của Ông/Bà đang chờ nộp phí, lệ phí. Thời hạn giải quyết tạm dừng cho đến khi nộp xong." },
  apology: { subject: "Thư xin lỗi và hẹn lại ngày trả kết quả", body: "Cơ quan giải quyết xin lỗi Ông/Bà vì hồ sơ chưa thể trả kết quả đúng hẹn và hẹn lại ngày trả kết quả." },
  stopped: { subject: "Thông báo dừng giải quyết hồ sơ", body: "Cơ quan giải quyết thông báo dừng giải quyết hồ sơ của Ông/Bà." },
  withdrawn: { subject: "Đã rút hồ sơ", body: "Hồ sơ của Ông/Bà đã được rút theo yêu cầu." },
  resultReady: { subject: "Hồ sơ đã có kết quả", body: "Hồ sơ của Ông/Bà đã có kết quả giải quyết, đã được ký số." },
  returned: { subject: "Đã trả kết quả giải quyết hồ sơ", body: "Kết quả giải quyết hồ sơ đã được trả cho Ông/Bà." },
  paid: { subject: "Đã nộp phí, lệ phí", body: "Cơ quan giải quyết đã nhận khoản phí, lệ phí của Ông/Bà. Biên lai điện tử được gửi kèm." },
  postalPickupRegistered: { subject: "Đã đăng ký thu gom hồ sơ qua bưu chính", body: "Nhân viên bưu chính sẽ liên hệ và đến địa chỉ của Ông/Bà để nhận hồ sơ giấy." },
  postalPickupCollected: { subject: "Bưu chính đã nhận hồ sơ", body: "Nhân viên bưu chính đã nhận hồ sơ giấy của Ông/Bà và đang chuyển đến cơ quan giải quyết." },
  postalPickupHandedOver: { subject: "Hồ sơ đã được chuyển đến cơ quan", body: "Bưu chính đã bàn giao hồ sơ của Ông/Bà cho Bộ phận Một cửa." },
  postalPickupCancelled: { subject: "Đã huỷ thu gom hồ sơ", body: "Yêu cầu thu gom hồ sơ qua bưu chính đã bị huỷ." },
  postalDeliveryInTransit: { subject: "Kết quả đang được chuyển phát", body: "Kết quả giải quyết hồ sơ đang được bưu chính chuyển đến địa chỉ của Ông/Bà." },
  postalDelivered: { subject: "Đã phát kết quả qua bưu chính", body: "Bưu chính đã phát kết quả giải quyết hồ sơ đến Ông/Bà." },
  postalDeliveryFailed: { subject: "Chưa phát được kết quả", body: "Bưu chính chưa phát được kết quả đến Ông/Bà và sẽ liên hệ lại." },
  postalDeliveryReturned: { subject: "Kết quả được chuyển lại cơ quan", body: "Bưu chính không phát được kết quả và đã chuyển lại cho Bộ phận Một cửa; Ông/Bà có thể nhận tại quầy." },
};

const OFFICER_TEXTS: Record<OfficerReminder, { subject: string; body: string }> = {
  forwarded: { subject: "Hồ sơ liên thông được chuyển đến", body: "Một hồ sơ liên thông vừa được chuyển đến cơ quan của đồng chí để xử lý." },
  dueSoon: { subject: "Hồ sơ sắp đến hạn", body: "Hồ sơ sau sắp đến hạn giải quyết. Đề nghị đồng chí xử lý kịp thời hoặc lập Phiếu xin lỗi và hẹn lại ngày trả kết quả." },
  overdue: { subject: "Hồ sơ đã quá hạn", body: "Hồ sơ sau đã quá hạn giải quyết. Đề nghị đồng chí xử lý ngay và lập Phiếu xin lỗi và hẹn lại ngày trả kết quả gửi công dân." },
};

const linkTo = (baseUrl: string, code: string) => `${baseUrl.replace(/\/+$/, "")}/ho-so/${code}`;

export function applicantMail(baseUrl: string, dossier: typeof dossiers.$inferSelect, template: ApplicantTemplate, note: string | null): OutgoingMail {
  const text = APPLICANT_TEXTS[template];
  return {
    to: dossier.applicantEmail!,
    subject: `[Một Cửa Thái Bình] ${text.subject} — ${dossier.code}`,
    text: [
      `Kính gửi Ông/Bà ${dossier.applicantName},`,
      "",
      text.body,
      ...(note ? ["", `Nội dung: ${note}`] : []),
      "",
      `Mã hồ sơ: ${dossier.code}`,
      `Theo dõi hồ sơ: ${linkTo(baseUrl, dossier.code)}`,
      "",
      "Thư này được gửi tự động, vui lòng không trả lời.",
    ].join("\n"),
  };
}

export function officerMail(
  baseUrl: string,
  dossier: typeof dossiers.$inferSelect,
  reminder: OfficerReminder,
  officer: { fullName: string; email: string },
  procedureName: string,
): OutgoingMail {
  const text = OFFICER_TEXTS[reminder];
  const due = dossier.dueAt
    ? formatShortLocalDateTime(dossier.dueAt)
    : "—";
  return {
    to: officer.email,
    subject: `[Một Cửa Thái Bình] ${text.subject} — ${dossier.code}`,
    text: [
      `Kính gửi đồng chí ${officer.fullName},`,
      "",
      text.body,
      "",
      `Mã hồ sơ: ${dossier.code}`,
      `Thủ tục: ${procedureName}`,
      `Hạn giải quyết: ${due}`,
      `Xử lý hồ sơ: ${linkTo(baseUrl, dossier.code)}`,
    ].join("\n"),
  };
}
