/**
 * The one e-form schema: each typed field valid and invalid, with the message the browser and the
 * server both show (the browser runs this very schema through conform).
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import type { FormField } from "../db/schema";
import { buildEFormSchema, buildWizardSchema, firstErrors, normaliseMoney, normalisePhone } from "./e-form-schema";

const field = (type: FormField["type"], required = true): FormField => ({ name: "x", label: "Trường", labelEn: "Field", type, required });
const check = (f: FormField, value: string, language: "vi" | "en" = "vi") => {
  const result = buildEFormSchema([f], language).safeParse({ f_x: value });
  return result.success ? { ok: true as const, value: (result.data as Record<string, string>).f_x } : { ok: false as const, message: firstErrors(result.error).f_x };
};

describe("typed e-form fields", () => {
  it("money: grouping with dots, commas or spaces, and a trailing đồng, are accepted as whole đồng", () => {
    for (const typed of ["1.000.000", "1,000,000", "1 000 000", "1000000", "1.000.000 đồng", "1.000.000đ"]) expect(check(field("money"), typed)).toEqual({ ok: true, value: "1000000" });
    expect(normaliseMoney("0")).toBe("0");
    for (const typed of ["1.5", "mười triệu", "-100", "1.00.000"]) expect(check(field("money"), typed)).toEqual({ ok: false, message: '"Trường" phải là số tiền bằng đồng, ví dụ 1.000.000.' });
  });

  it("date: a real day as the date input or dd/mm/yyyy writes it", () => {
    expect(check(field("date"), "1990-05-12")).toEqual({ ok: true, value: "1990-05-12" });
    expect(check(field("date"), "12/5/1990")).toEqual({ ok: true, value: "1990-05-12" });
    for (const typed of ["1990-02-30", "12-05-1990", "hôm qua"]) expect(check(field("date"), typed)).toMatchObject({ ok: false, message: '"Trường" không phải ngày hợp lệ (ngày/tháng/năm).' });
  });

  it("ID number: a 12-digit CCCD, spaces allowed", () => {
    expect(check(field("idNumber"), "034 090 001 234")).toEqual({ ok: true, value: "034090001234" });
    for (const typed of ["034090001", "03409000123A", "0340900012345"]) expect(check(field("idNumber"), typed)).toMatchObject({ ok: false, message: '"Trường" phải là số định danh cá nhân (CCCD) gồm 12 chữ số.' });
  });

  it("phone: Vietnamese mobile and landline numbers, from spaces, dots and +84", () => {
    expect(normalisePhone("+84 912.345.678")).toBe("0912345678");
    for (const typed of ["0912345678", "0912 345 678", "+84912345678", "84912345678", "0227 3831 234"]) expect(check(field("phone"), typed).ok).toBe(true);
    for (const typed of ["091234567", "0112345678", "12345", "+1 202 555 0100"]) expect(check(field("phone"), typed)).toMatchObject({ ok: false, message: '"Trường" không phải số điện thoại Việt Nam hợp lệ (ví dụ 0912 345 678).' });
  });

  it("required and optional fields; long text refused", () => {
    expect(check(field("text"), "  ")).toEqual({ ok: false, message: 'Vui lòng nhập "Trường".' });
    expect(check(field("phone", false), "")).toEqual({ ok: true, value: "" });
    expect(check(field("text"), "a".repeat(2001))).toEqual({ ok: false, message: '"Trường" quá dài.' });
  });

  it("an address has three parts, each with its own message", () => {
    const result = buildEFormSchema([{ ...field("address"), name: "home" }]).safeParse({ f_home__province: "", f_home__unit: "", f_home__street: "" });
    expect(result.success).toBe(false);
    expect(firstErrors(result.error!)).toEqual({
      f_home__province: 'Vui lòng chọn tỉnh/thành phố của "Trường".',
      f_home__unit: 'Vui lòng chọn huyện/xã của "Trường".',
      f_home__street: 'Vui lòng nhập số nhà, đường, thôn/xóm của "Trường".',
    });
  });

  it("speaks English when the page does", () => {
    expect(check(field("phone"), "123", "en")).toEqual({ ok: false, message: '"Field" must be a Vietnamese phone number, like 0912 345 678.' });
  });

  it("the wizard's schema checks the applicant with the same rules", () => {
    const result = buildWizardSchema([]).safeParse({ applicantName: "Nguyễn Văn An", applicantIdNumber: "12345", applicantPhone: "0912 345 678", applicantEmail: "x@", applicantAddress: "Thôn Lạc Thành" });
    expect(firstErrors(result.error!)).toEqual({
      applicantIdNumber: '"Số định danh cá nhân (CCCD)" phải là số định danh cá nhân (CCCD) gồm 12 chữ số.',
      applicantEmail: "Địa chỉ thư điện tử không hợp lệ.",
    });
  });

  it("the browser's conform parse of a form gives the server's messages, empty fields included", () => {
    const fields: FormField[] = [
      { name: "capital", label: "Vốn", type: "money", required: true },
      { name: "seat", label: "Trụ sở", type: "text", required: true },
    ];
    const form = new FormData();
    for (const [k, v] of Object.entries({ applicantName: "An", applicantIdNumber: "12345", applicantPhone: "0912345678", applicantEmail: "", applicantAddress: "Thôn A", f_capital: "1.5", f_seat: "" })) form.append(k, v);
    const browser = parseWithZod(form, { schema: buildWizardSchema(fields), disableAutoCoercion: true });
    const server = buildWizardSchema(fields).safeParse(Object.fromEntries(form.entries()));
    expect(browser.status).toBe("error");
    const browserErrors = Object.fromEntries(Object.entries(browser.reply().error ?? {}).map(([k, v]) => [k, v?.[0]]));
    expect(browserErrors).toEqual(firstErrors(server.error!));
    expect(browserErrors).toEqual({
      applicantIdNumber: '"Số định danh cá nhân (CCCD)" phải là số định danh cá nhân (CCCD) gồm 12 chữ số.',
      f_capital: '"Vốn" phải là số tiền bằng đồng, ví dụ 1.000.000.',
      f_seat: 'Vui lòng nhập "Trụ sở".',
    });
  });
});
