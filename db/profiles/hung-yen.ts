/**
 * Today's Hưng Yên (from 1 July 2025, Thái Bình merged in): two levels. UBND tỉnh (000.00.00.H31),
 * its departments after the 2025 restructuring, the service centre, and 104 communes and wards
 * directly under the province. Commune names and every identifier below the province are not known
 * for certain here: they are labelled "(dữ liệu mẫu)" and flagged as sample data.
 */
import type { DepartmentKey, SeedAdministrativeUnit, SeedAgency, SeedProfile } from "./types";

const CENTRE_ADDRESS = "Trung tâm Phục vụ hành chính công tỉnh Hưng Yên (địa chỉ mẫu)";

/** Departments after the 2025 mergers: [key, name, abbreviation, identifier number, head title]. */
const DEPARTMENTS: Array<[string, string, string, string, string]> = [
  ["justiceDept", "Sở Tư pháp tỉnh Hưng Yên", "STP", "07", "Giám đốc"],
  ["dept_finance", "Sở Tài chính tỉnh Hưng Yên", "STC", "01", "Giám đốc"],
  ["dept_construction", "Sở Xây dựng tỉnh Hưng Yên", "SXD", "02", "Giám đốc"],
  ["dept_agriEnv", "Sở Nông nghiệp và Môi trường tỉnh Hưng Yên", "SNNMT", "03", "Giám đốc"],
  ["dept_home", "Sở Nội vụ tỉnh Hưng Yên", "SNV", "04", "Giám đốc"],
  ["dept_science", "Sở Khoa học và Công nghệ tỉnh Hưng Yên", "SKHCN", "05", "Giám đốc"],
  ["dept_industry", "Sở Công Thương tỉnh Hưng Yên", "SCT", "06", "Giám đốc"],
  ["dept_culture", "Sở Văn hóa, Thể thao và Du lịch tỉnh Hưng Yên", "SVHTTDL", "08", "Giám đốc"],
  ["dept_health", "Sở Y tế tỉnh Hưng Yên", "SYT", "09", "Giám đốc"],
  ["dept_education", "Sở Giáo dục và Đào tạo tỉnh Hưng Yên", "SGDĐT", "10", "Giám đốc"],
  ["dept_inspectorate", "Thanh tra tỉnh Hưng Yên", "TTr", "11", "Chánh Thanh tra"],
  ["dept_police", "Công an tỉnh Hưng Yên", "CAT", "12", "Giám đốc"],
  ["dept_land", "Văn phòng Đăng ký đất đai tỉnh Hưng Yên (dữ liệu mẫu)", "VPĐKĐĐ", "13", "Giám đốc"],
  ["dept_ecozone", "Ban Quản lý các khu công nghiệp tỉnh Hưng Yên (dữ liệu mẫu)", "BQLKCN", "14", "Trưởng ban"],
  ["dept_socialInsurance", "Bảo hiểm xã hội tỉnh Hưng Yên (dữ liệu mẫu)", "BHXH", "15", "Giám đốc"],
];

/** Department roles of the catalog → today's agencies (merged departments share one). */
const ROLE_TO_AGENCY: Record<DepartmentKey, string> = {
  justice: "justiceDept",
  planning: "dept_finance",
  finance: "dept_finance",
  transport: "dept_construction",
  construction: "dept_construction",
  environment: "dept_agriEnv",
  agriculture: "dept_agriEnv",
  labour: "dept_home",
  home: "dept_home",
  ict: "dept_science",
  science: "dept_science",
  industry: "dept_industry",
  culture: "dept_culture",
  health: "dept_health",
  education: "dept_education",
  police: "dept_police",
  land: "dept_land",
  ecozone: "dept_ecozone",
  socialInsurance: "dept_socialInsurance",
};

// Wards (phường) whose names we believe but cannot confirm here; the rest are numbered communes.
const WARDS = ["Phố Hiến", "Sơn Nam", "Hồng Châu", "Mỹ Hào", "Đường Hào", "Thượng Hồng", "Thái Bình", "Trần Lãm", "Trần Hưng Đạo", "Trà Lý", "Vũ Phúc"];
const COMMUNE_COUNT = 104;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function build(): { agencies: SeedAgency[]; units: SeedAdministrativeUnit[] } {
  const agencies: SeedAgency[] = [
    {
      key: "province", identifier: "000.00.00.H31", identifierIsSample: false, name: "UBND tỉnh Hưng Yên", level: "province", kind: "government", parent: null,
      address: "Trụ sở UBND tỉnh Hưng Yên (địa chỉ mẫu)", placeName: "Hưng Yên", headTitle: "Chủ tịch", abbreviation: "UBND",
    },
    { key: "serviceCentre", identifier: null, identifierIsSample: false, name: "Trung tâm Phục vụ hành chính công tỉnh Hưng Yên", level: "province", kind: "desk", parent: "province", address: CENTRE_ADDRESS },
  ];
  const units: SeedAdministrativeUnit[] = [{ code: "33", name: "Tỉnh Hưng Yên", level: "province", parentCode: null, isSample: false }];

  for (const [key, name, abbreviation, number, headTitle] of DEPARTMENTS) {
    const shortName = name.replace(/ tỉnh Hưng Yên/, "");
    agencies.push(
      { key, identifier: `000.00.${number}.H31`, identifierIsSample: true, name, level: "province", kind: "department", parent: "province", address: CENTRE_ADDRESS, placeName: "Hưng Yên", headTitle, abbreviation },
      { key: key === "justiceDept" ? "justiceDesk" : `${key}_desk`, identifier: null, identifierIsSample: false, name: `Bộ phận Một cửa ${shortName} (tại Trung tâm Phục vụ hành chính công tỉnh)`, level: "province", kind: "desk", parent: key },
      { key: key === "justiceDept" ? "justiceUnit" : `${key}_unit`, identifier: null, identifierIsSample: false, name: key === "justiceDept" ? "Phòng Hành chính tư pháp" : `Phòng chuyên môn ${shortName} (dữ liệu mẫu)`, level: "province", kind: "unit", parent: key },
    );
  }

  for (let n = 1; n <= COMMUNE_COUNT; n++) {
    // The first commune carries the demo: the former district's accounts now work there (the
    // household-business registration moved to the commune on 1 July 2025).
    const demo = n === 1;
    const ward = !demo && n - 1 <= WARDS.length ? WARDS[n - 2] : null;
    const kind = ward ? "phường" : "xã";
    const plain = demo ? "Đông Hưng" : (ward ?? `Mẫu ${pad(n, 3)}`);
    const label = `${kind} ${plain} (dữ liệu mẫu)`;
    const key = demo ? "dongHung" : `c${n}`;
    agencies.push(
      {
        key, identifier: `${pad(n, 3)}.00.00.H31`, identifierIsSample: true, name: `UBND ${label}`, level: "commune", kind: "government", parent: "province",
        address: `${kind === "xã" ? "Xã" : "Phường"} ${plain}, tỉnh Hưng Yên (dữ liệu mẫu)`,
        // The demo commune has a records clerk (vanthu.huyen); the others seal automatically.
        sealAppliedBy: demo ? "clerk" : "system", placeName: plain, headTitle: "Chủ tịch", abbreviation: "UBND",
      },
      { key: `${key}Desk`, identifier: null, identifierIsSample: false, name: `Bộ phận Một cửa UBND ${label}`, level: "commune", kind: "desk", parent: key },
      { key: demo ? "dongHungFinance" : `${key}_economy`, identifier: null, identifierIsSample: false, name: `Phòng Kinh tế ${label}`, level: "commune", kind: "unit", parent: key },
      { key: demo ? "dongHungJustice" : `${key}_justice`, identifier: null, identifierIsSample: false, name: `Công chức Tư pháp - Hộ tịch ${label}`, level: "commune", kind: "unit", parent: key },
    );
    units.push({ code: `33.${pad(n, 3)}`, name: `${kind === "xã" ? "Xã" : "Phường"} ${plain} (dữ liệu mẫu)`, level: "commune", parentCode: "33", isSample: true });
  }
  return { agencies, units };
}

const { agencies, units } = build();

export const HUNG_YEN: SeedProfile = {
  id: "hung-yen",
  provinceCode: "H31",
  agencies,
  units,
  departments: ROLE_TO_AGENCY,
  demoCommune: "dongHung",
  accountAgencyAliases: { dongLa: "dongHung", dongLaJustice: "dongHungJustice" },
  era: "hungYen",
};
