/**
 * What the portal writes to a person about the account itself (verification, reset, a second
 * registration of the same address), in Vietnamese or English by the person's language. These are
 * sent at once, not through the dossier outbox: they carry a one-time secret, and the outbox would
 * have to store it in clear (ADR 0019).
 */
import type { MailLanguage } from "../notifications.server";

const SITE = { vi: "Cổng Dịch vụ công tỉnh Thái Bình", en: "Thai Binh Public Service Portal" } as const;

export type AccountMailKind = "verifyEmail" | "resetPassword" | "alreadyRegistered";

type MailText = { subject: string; text: string };

export function accountMail(
  kind: AccountMailKind,
  language: MailLanguage,
  values: { name: string; link: string; code?: string | null; minutes: number; baseUrl: string },
): MailText {
  const base = values.baseUrl.replace(/\/+$/, "");
  if (language === "en") {
    switch (kind) {
      case "verifyEmail":
        return {
          subject: `Confirm your e-mail address — ${SITE.en}`,
          text: [
            `Hello ${values.name},`,
            "",
            "To confirm this e-mail address for your account, open this link:",
            values.link,
            "",
            `Or type this code on the verification page: ${values.code}`,
            "",
            `The link and the code work once, for ${Math.round(values.minutes / 60)} hours.`,
            "If you did not ask for this, ignore this message.",
          ].join("\n"),
        };
      case "resetPassword":
        return {
          subject: `Reset your password — ${SITE.en}`,
          text: [
            `Hello ${values.name},`,
            "",
            "Someone (we hope you) asked to reset the password of your account. To choose a new password, open this link:",
            values.link,
            "",
            `The link works once, for ${values.minutes} minutes. Setting a new password signs the account out everywhere.`,
            "If you did not ask for this, ignore this message: your password stays as it is.",
          ].join("\n"),
        };
      case "alreadyRegistered":
        return {
          subject: `Someone tried to register with your address — ${SITE.en}`,
          text: [
            `Hello ${values.name},`,
            "",
            "Someone tried to create a new account with this e-mail address, which already has an account.",
            `If it was you, sign in at ${base}/dang-nhap or, if you forgot the password, reset it at ${base}/quen-mat-khau.`,
            "If it was not you, ignore this message: nothing has changed.",
          ].join("\n"),
        };
    }
  }
  switch (kind) {
    case "verifyEmail":
      return {
        subject: `Xác minh địa chỉ thư điện tử — ${SITE.vi}`,
        text: [
          `Kính gửi ${values.name},`,
          "",
          "Để xác minh địa chỉ thư điện tử này cho tài khoản của bạn, hãy mở liên kết:",
          values.link,
          "",
          `Hoặc nhập mã xác minh trên trang xác minh: ${values.code}`,
          "",
          `Liên kết và mã chỉ dùng được một lần, trong ${Math.round(values.minutes / 60)} giờ.`,
          "Nếu bạn không yêu cầu, hãy bỏ qua thư này.",
        ].join("\n"),
      };
    case "resetPassword":
      return {
        subject: `Đặt lại mật khẩu — ${SITE.vi}`,
        text: [
          `Kính gửi ${values.name},`,
          "",
          "Có yêu cầu đặt lại mật khẩu cho tài khoản của bạn. Để đặt mật khẩu mới, hãy mở liên kết:",
          values.link,
          "",
          `Liên kết chỉ dùng được một lần, trong ${values.minutes} phút. Khi đặt mật khẩu mới, tài khoản sẽ được đăng xuất ở mọi nơi.`,
          "Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn không thay đổi.",
        ].join("\n"),
      };
    case "alreadyRegistered":
      return {
        subject: `Có người đăng ký bằng địa chỉ của bạn — ${SITE.vi}`,
        text: [
          `Kính gửi ${values.name},`,
          "",
          "Có người vừa đăng ký tài khoản mới bằng địa chỉ thư điện tử này, trong khi địa chỉ đã có tài khoản.",
          `Nếu là bạn, hãy đăng nhập tại ${base}/dang-nhap hoặc, nếu quên mật khẩu, đặt lại tại ${base}/quen-mat-khau.`,
          "Nếu không phải bạn, hãy bỏ qua thư này: không có gì thay đổi.",
        ].join("\n"),
      };
  }
}

export function accountSms(kind: "verifyPhone" | "alreadyRegistered", language: MailLanguage, values: { code?: string | null; minutes: number }): string {
  if (kind === "alreadyRegistered") {
    return language === "en"
      ? "Thai Binh public services: someone tried to register with this phone number, which already has an account. If it was you, sign in or reset your password."
      : "DVC Thai Binh: co nguoi dang ky tai khoan moi bang so dien thoai nay, so da co tai khoan. Neu la ban, hay dang nhap hoac dat lai mat khau.";
  }
  return language === "en"
    ? `Thai Binh public services: your verification code is ${values.code}. It works once, for ${values.minutes} minutes. Do not share it.`
    : `DVC Thai Binh: ma xac minh cua ban la ${values.code}, dung mot lan trong ${values.minutes} phut. Khong cung cap ma cho ai.`;
}
