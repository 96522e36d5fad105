/**
 * Seed-era Thái Bình (before 1 July 2025): three levels. UBND tỉnh (000.00.00.H54), 19 departments
 * (sở, ban, ngành) plus the provincial service centre, 8 district-level units each with its one-stop
 * desk and its phòng, and 260 communes. Identifiers below the province, and commune names not known
 * for certain, are sample data (identifierIsSample, "(dữ liệu mẫu)").
 */
import type { DepartmentKey, SeedAdministrativeUnit, SeedAgency, SeedProfile } from "./types";

const CENTRE_ADDRESS = "Trung tâm Phục vụ hành chính công tỉnh, 76 Lý Thường Kiệt, TP Thái Bình";

/** Department role → [key, name, abbreviation, identifier number, head title]. Sở Tư pháp keeps its demo keys. */
const DEPARTMENTS: Array<[DepartmentKey, string, string, string, string]> = [
  ["justice", "Sở Tư pháp tỉnh Thái Bình", "STP", "07", "Giám đốc"],
  ["transport", "Sở Giao thông vận tải tỉnh Thái Bình", "SGTVT", "01", "Giám đốc"],
  ["labour", "Sở Lao động - Thương binh và Xã hội tỉnh Thái Bình", "SLĐTBXH", "02", "Giám đốc"],
  ["culture", "Sở Văn hóa, Thể thao và Du lịch tỉnh Thái Bình", "SVHTTDL", "03", "Giám đốc"],
  ["health", "Sở Y tế tỉnh Thái Bình", "SYT", "04", "Giám đốc"],
  ["education", "Sở Giáo dục và Đào tạo tỉnh Thái Bình", "SGDĐT", "05", "Giám đốc"],
  ["planning", "Sở Kế hoạch và Đầu tư tỉnh Thái Bình", "SKHĐT", "06", "Giám đốc"],
  ["home", "Sở Nội vụ tỉnh Thái Bình", "SNV", "08", "Giám đốc"],
  ["industry", "Sở Công Thương tỉnh Thái Bình", "SCT", "09", "Giám đốc"],
  ["environment", "Sở Tài nguyên và Môi trường tỉnh Thái Bình", "STNMT", "10", "Giám đốc"],
  ["construction", "Sở Xây dựng tỉnh Thái Bình", "SXD", "19", "Giám đốc"],
  ["science", "Sở Khoa học và Công nghệ tỉnh Thái Bình", "SKHCN", "20", "Giám đốc"],
  ["ict", "Sở Thông tin và Truyền thông tỉnh Thái Bình", "STTTT", "21", "Giám đốc"],
  ["agriculture", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Bình", "SNNPTNT", "22", "Giám đốc"],
  ["finance", "Sở Tài chính tỉnh Thái Bình", "STC", "23", "Giám đốc"],
  ["ecozone", "Ban Quản lý khu kinh tế và các khu công nghiệp tỉnh Thái Bình", "BQLKKT", "24", "Trưởng ban"],
  ["police", "Công an tỉnh Thái Bình", "CAT", "25", "Giám đốc"],
  ["land", "Văn phòng Đăng ký đất đai Thái Bình", "VPĐKĐĐ", "26", "Giám đốc"],
  ["socialInsurance", "Bảo hiểm xã hội tỉnh Thái Bình", "BHXH", "27", "Giám đốc"],
];

type District = { key: string; name: string; city: boolean; number: string; gso: string; communes: Array<[kind: "xã" | "phường" | "thị trấn", name: string | null]>; count: number };

// Real names only where known for certain (the city's wards and communes, district seats, Đông La);
// the rest are numbered sample communes so that each district has its share of the 260.
const DISTRICTS: District[] = [
  {
    key: "tpThaiBinh", name: "Thái Bình", city: true, number: "11", gso: "336", count: 19,
    communes: [
      ...["Lê Hồng Phong", "Bồ Xuyên", "Đề Thám", "Kỳ Bá", "Quang Trung", "Phú Khánh", "Tiền Phong", "Trần Hưng Đạo", "Trần Lãm", "Hoàng Diệu"].map((n) => ["phường", n] as ["phường", string]),
      ...["Đông Hòa", "Đông Mỹ", "Đông Thọ", "Vũ Chính", "Vũ Đông", "Vũ Lạc", "Vũ Phúc", "Tân Bình", "Phú Xuân"].map((n) => ["xã", n] as ["xã", string]),
    ],
  },
  { key: "hungHa", name: "Hưng Hà", city: false, number: "12", gso: "339", count: 35, communes: [["thị trấn", "Hưng Hà"], ["thị trấn", "Hưng Nhân"]] },
  { key: "kienXuong", name: "Kiến Xương", city: false, number: "13", gso: "343", count: 33, communes: [] },
  { key: "quynhPhu", name: "Quỳnh Phụ", city: false, number: "14", gso: "338", count: 38, communes: [["thị trấn", "Quỳnh Côi"], ["thị trấn", "An Bài"]] },
  { key: "dongHung", name: "Đông Hưng", city: false, number: "15", gso: "340", count: 38, communes: [["xã", "Đông La"], ["thị trấn", "Đông Hưng"]] },
  { key: "thaiThuy", name: "Thái Thụy", city: false, number: "16", gso: "341", count: 36, communes: [["thị trấn", "Diêm Điền"]] },
  { key: "tienHai", name: "Tiền Hải", city: false, number: "17", gso: "342", count: 31, communes: [["thị trấn", "Tiền Hải"]] },
  { key: "vuThu", name: "Vũ Thư", city: false, number: "18", gso: "344", count: 30, communes: [["thị trấn", "Vũ Thư"]] },
];

const DISTRICT_UNITS = [
  "Phòng Tài chính - Kế hoạch",
  "Phòng Tư pháp",
  "Phòng Nội vụ",
  "Phòng Văn hóa và Thông tin",
  "Phòng Giáo dục và Đào tạo",
  "Phòng Tài nguyên và Môi trường",
  "Phòng Lao động - Thương binh và Xã hội",
  "Phòng Kinh tế và Hạ tầng",
  "Chi nhánh Văn phòng Đăng ký đất đai",
];

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function build(): { agencies: SeedAgency[]; units: SeedAdministrativeUnit[] } {
  const agencies: SeedAgency[] = [
    {
      key: "province", identifier: "000.00.00.H54", identifierIsSample: false, name: "UBND tỉnh Thái Bình", level: "province", kind: "government", parent: null,
      address: "76 Lý Thường Kiệt, TP Thái Bình", placeName: "Thái Bình", headTitle: "Chủ tịch", abbreviation: "UBND",
    },
    { key: "serviceCentre", identifier: null, identifierIsSample: false, name: "Trung tâm Phục vụ hành chính công tỉnh Thái Bình", level: "province", kind: "desk", parent: "province", address: "76 Lý Thường Kiệt, TP Thái Bình" },
  ];
  const units: SeedAdministrativeUnit[] = [{ code: "34", name: "Tỉnh Thái Bình", level: "province", parentCode: null, isSample: false }];

  for (const [role, name, abbreviation, number, headTitle] of DEPARTMENTS) {
    const key = role === "justice" ? "justiceDept" : `dept_${role}`;
    const shortName = name.replace(/ tỉnh Thái Bình$/, "").replace(/ Thái Bình$/, "");
    agencies.push(
      { key, identifier: `000.00.${number}.H54`, identifierIsSample: true, name, level: "province", kind: "department", parent: "province", address: CENTRE_ADDRESS, placeName: "Thái Bình", headTitle, abbreviation },
      { key: role === "justice" ? "justiceDesk" : `${key}_desk`, identifier: null, identifierIsSample: false, name: `Bộ phận Một cửa ${shortName} (tại Trung tâm Phục vụ hành chính công tỉnh)`, level: "province", kind: "desk", parent: key },
      { key: role === "justice" ? "justiceUnit" : `${key}_unit`, identifier: null, identifierIsSample: false, name: role === "justice" ? "Phòng Hành chính tư pháp" : `Phòng chuyên môn ${shortName} (dữ liệu mẫu)`, level: "province", kind: "unit", parent: key },
    );
  }

  for (const d of DISTRICTS) {
    const title = d.city ? `thành phố ${d.name}` : `huyện ${d.name}`;
    agencies.push(
      {
        key: d.key, identifier: `000.00.${d.number}.H54`, identifierIsSample: true, name: `UBND ${title}`, level: "district", kind: "government", parent: "province",
        address: d.key === "dongHung" ? "Thị trấn Đông Hưng, huyện Đông Hưng, tỉnh Thái Bình" : `Trụ sở UBND ${title}, tỉnh Thái Bình`,
        placeName: d.name, headTitle: "Chủ tịch", abbreviation: "UBND",
      },
      { key: `${d.key}Desk`, identifier: null, identifierIsSample: false, name: `Bộ phận Một cửa UBND ${title}`, level: "district", kind: "desk", parent: d.key },
    );
    DISTRICT_UNITS.forEach((unit, i) => {
      const unitName = d.city && unit === "Phòng Kinh tế và Hạ tầng" ? "Phòng Kinh tế" : unit;
      agencies.push({ key: i === 0 && d.key === "dongHung" ? "dongHungFinance" : `${d.key}_unit${i}`, identifier: null, identifierIsSample: false, name: `${unitName} ${title}`, level: "district", kind: "unit", parent: d.key });
    });
    units.push({ code: d.gso, name: cap(title), level: "district", parentCode: "34", isSample: false });

    for (let n = 1; n <= d.count; n++) {
      const real = d.communes[n - 1];
      const kind = real?.[0] ?? "xã";
      const plain = real?.[1] ?? `Mẫu ${pad(n, 2)}`;
      const sample = !real;
      const key = d.key === "dongHung" && plain === "Đông La" ? "dongLa" : `${d.key}_c${n}`;
      const label = `${kind} ${plain}${sample ? `, ${title} (dữ liệu mẫu)` : ""}`;
      agencies.push(
        {
          key, identifier: `${pad(n, 3)}.${d.number}.${d.number}.H54`, identifierIsSample: true, name: `UBND ${label}`, level: "commune", kind: "government", parent: d.key,
          address: `${cap(kind)} ${plain}, ${title}, tỉnh Thái Bình${sample ? " (dữ liệu mẫu)" : ""}`,
          // Communes without a records clerk: the system seals right after the chairwoman signs.
          sealAppliedBy: "system", placeName: plain, headTitle: "Chủ tịch", abbreviation: "UBND",
        },
        { key: key === "dongLa" ? "dongLaDesk" : `${key}_desk`, identifier: null, identifierIsSample: false, name: `Bộ phận Một cửa UBND ${label}`, level: "commune", kind: "desk", parent: key },
        { key: key === "dongLa" ? "dongLaJustice" : `${key}_justice`, identifier: null, identifierIsSample: false, name: `Công chức Tư pháp - Hộ tịch ${label}`, level: "commune", kind: "unit", parent: key },
      );
      units.push({ code: `${d.gso}.${pad(n, 2)}`, name: `${cap(kind)} ${plain}${sample ? " (dữ liệu mẫu)" : ""}`, level: "commune", parentCode: d.gso, isSample: true });
    }
  }
  return { agencies, units };
}

const { agencies, units } = build();

export const THAI_BINH: SeedProfile = {
  id: "thai-binh",
  provinceCode: "H54",
  agencies,
  units,
  departments: Object.fromEntries(DEPARTMENTS.map(([role]) => [role, role === "justice" ? "justiceDept" : `dept_${role}`])) as Record<DepartmentKey, string>,
  demoCommune: "dongLa",
  demoDistrict: "dongHung",
  accountAgencyAliases: {},
  era: "thaiBinh",
};
