/**
 * How the portal reads what people type as an e-mail address, a phone number, a tax code or an ID
 * number: one normal form, so that "0912 345 678", "+84912345678" and "0912.345.678" are one phone.
 */

/** A Vietnamese mobile number in its national form (10 digits, 03/05/07/08/09), or null. */
export function normalizePhone(value: string): string | null {
  const compact = value.trim().replace(/[\s.()-]/g, "");
  const national = compact.replace(/^\+?84(?=\d{9}$)/, "0");
  return /^0[35789]\d{8}$/.test(national) ? national : null;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export function normalizeEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

/** E-mail or phone, whichever the text is. */
export function parseContact(value: string): { kind: "email"; value: string } | { kind: "phone"; value: string } | null {
  const email = normalizeEmail(value);
  if (email) return { kind: "email", value: email };
  const phone = normalizePhone(value);
  return phone ? { kind: "phone", value: phone } : null;
}

/** Mã số thuế: 10 digits, or 13 for a dependent unit (often written 0101234567-001). */
export function normalizeTaxCode(value: string): string | null {
  const digits = value.trim().replace(/[\s.-]/g, "");
  return /^\d{10}(\d{3})?$/.test(digits) ? digits : null;
}

/** Số định danh cá nhân (CCCD): 12 digits. */
export function normalizeIdNumber(value: string): string | null {
  const digits = value.trim().replace(/\s/g, "");
  return /^\d{12}$/.test(digits) ? digits : null;
}
