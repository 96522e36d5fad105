/**
 * Administrative codes the postal partner routes by (mã tỉnh, mã huyện of the General Statistics
 * Office list, Decision 124/2004/QĐ-TTg as amended). The portal serves Thái Bình (34); its districts:
 */
export const PROVINCE_CODE = "34";
export const DISTRICTS: ReadonlyArray<{ code: string; name: string }> = [
  { code: "336", name: "Thành phố Thái Bình" },
  { code: "338", name: "Huyện Quỳnh Phụ" },
  { code: "339", name: "Huyện Hưng Hà" },
  { code: "340", name: "Huyện Đông Hưng" },
  { code: "341", name: "Huyện Thái Thụy" },
  { code: "342", name: "Huyện Tiền Hải" },
  { code: "343", name: "Huyện Kiến Xương" },
  { code: "344", name: "Huyện Vũ Thư" },
];

export const districtName = (code: string | null | undefined) => DISTRICTS.find((d) => d.code === code)?.name ?? null;

/**
 * The district an agency sits in, read from its name or address ("UBND huyện Đông Hưng", "xã Đông
 * La, huyện Đông Hưng"); provincial agencies and anything unrecognised sit in the provincial capital.
 */
export function agencyDistrictCode(agency: { name: string; address: string | null }): string {
  const text = `${agency.name} ${agency.address ?? ""}`.toLowerCase();
  const found = DISTRICTS.find((d) => text.includes(d.name.toLowerCase().replace(/^(huyện|thành phố) /, "")) && !d.name.startsWith("Thành phố"));
  return found?.code ?? "336";
}
