import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n";
import { languageCookie, readLanguage, translatorFor } from "./language.server";
import { provinceNameOf } from "./portal-identity.server";

const withCookie = (value: string) => new Request("http://localhost/", { headers: { Cookie: value } });

describe("page language", () => {
  it("is Vietnamese unless English was chosen, and a bad cookie never fails", () => {
    expect(readLanguage(new Request("http://localhost/"))).toBe("vi");
    expect(readLanguage(withCookie("motcua_lang=en"))).toBe("en");
    expect(readLanguage(withCookie("motcua_lang=fr"))).toBe("vi");
    expect(readLanguage(withCookie("motcua_lang=%E0%A4%A"))).toBe("vi");
    expect(languageCookie("en")).toMatch(/^motcua_lang=en; Max-Age=31536000; Path=\/; SameSite=Lax$/);
  });

  it("translates the frame in both languages, with the province from data", () => {
    expect(translatorFor(withCookie("motcua_lang=en")).t("site.title", { province: "Hưng Yên" })).toBe("Hưng Yên Province Public Service Portal");
    expect(createI18n("vi").t("site.title", { province: "Thái Bình" })).toBe("Cổng Dịch vụ công tỉnh Thái Bình");
    expect(createI18n("en").t("status.5")).toBe("Supplement requested");
  });

  it("reads the province's name off its people's committee", () => {
    expect(provinceNameOf("UBND tỉnh Thái Bình")).toBe("Thái Bình");
    expect(provinceNameOf("Ủy ban nhân dân tỉnh Hưng Yên")).toBe("Hưng Yên");
  });
});
