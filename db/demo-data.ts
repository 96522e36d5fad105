/**
 * Demo data: Thái Bình's agency tree on three levels, three real procedures (one per level) and one
 * account per role. Facts come from ../shared/data/procedures-reference.md; identifiers below the
 * province that are not known for certain are flagged `identifierIsSample`.
 */
import type { Allowance } from "../workflows/calendar";
import type { WorkflowStep } from "../workflows/dossier-machine";
import type { Placement } from "./catalog-data";
import { THAI_BINH } from "./profiles/thai-binh";
import type { SeedAgency } from "./profiles/types";
import type { DoubtfulFact, FormField, ProcedureChannel, RequiredDocument, ResultTemplate, UserRole } from "./schema";

export const DEMO_PASSWORD = "MotCua@2026";

/**
 * The demo postal partner and its webhook signing secret, published like the demo password: the
 * postal simulator (`npm run postal-sim`) signs with it. Demo only; a real partner's secret is issued
 * on /quan-tri/doi-tac.
 */
export const DEMO_POSTAL_PARTNER = {
  code: "vnpost-thaibinh",
  name: "Bưu điện tỉnh Thái Bình (VNPost)",
  endpointUrl: "http://127.0.0.1:3901/orders",
  secret: "whsec_ZGVtby1wb3N0YWwtc2VjcmV0LWZvci1tb3QtY3VhLTIwMjY=",
} as const;

/**
 * The seed-era Thái Bình agencies (db/profiles/thai-binh.ts). The demo's keys stay: province,
 * justiceDept / justiceDesk / justiceUnit, dongHung / dongHungDesk / dongHungFinance, dongLa /
 * dongLaDesk / dongLaJustice.
 */
export const DEMO_AGENCIES: SeedAgency[] = THAI_BINH.agencies;

type DemoProcedure = {
  code: string;
  /** Where each profile places it (see db/catalog-data.ts); `agency` and `level` are the seed era's. */
  placement: { thaiBinh: Placement; hungYen: Placement };
  name: string;
  field: string;
  level: "province" | "district" | "commune";
  agency: string;
  serviceMode: "partial" | "full";
  allowance: Allowance;
  timeNote: string;
  feeAmount: number;
  feeNote: string;
  resultName: string;
  resultTemplate: ResultTemplate;
  /** Ký hiệu of the result in the agency's register, e.g. GCN-ĐKHKD; none: the book's default. */
  resultSymbol?: string;
  legalBasis: string;
  documents: RequiredDocument[];
  formFields: FormField[];
  steps: WorkflowStep[];
  conditions?: string;
  channels: ProcedureChannel[];
  popularity: number;
  doubtful?: DoubtfulFact[];
};

const hours = (amount: number): Allowance => ({ amount, unit: "workingHour" });
const days = (amount: number): Allowance => ({ amount, unit: "workingDay" });

export const DEMO_PROCEDURES: DemoProcedure[] = [
  {
    code: "1.001193",
    placement: { thaiBinh: "xa", hungYen: "xa" },
    channels: ["online", "desk", "post"],
    popularity: 100,
    conditions: "Trong 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng ký khai sinh cho con; quá hạn là đăng ký muộn.",
    name: "Thủ tục đăng ký khai sinh",
    field: "Hộ tịch",
    level: "commune",
    agency: "dongLa",
    serviceMode: "full",
    allowance: days(1),
    timeNote: "Ngay trong ngày tiếp nhận; hồ sơ nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
    feeAmount: 0,
    feeNote: "Miễn lệ phí khi đăng ký đúng hạn hoặc nộp trực tuyến; đăng ký quá hạn 4.000 đồng/trường hợp (Nghị quyết 08/2024/NQ-HĐND).",
    resultName: "Giấy khai sinh",
    resultTemplate: "birthCertificate",
    legalBasis: "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP; Nghị quyết 08/2024/NQ-HĐND tỉnh Thái Bình.",
    documents: [
      { name: "Tờ khai đăng ký khai sinh", originals: 1, copies: 0, required: true },
      { name: "Giấy chứng sinh (hoặc văn bản của người làm chứng / giấy cam đoan)", originals: 1, copies: 0, required: true },
      { name: "Văn bản ủy quyền (nếu nộp thay)", originals: 1, copies: 0, required: false },
    ],
    formFields: [
      { name: "childName", label: "Họ, chữ đệm và tên của trẻ", type: "text", required: true },
      { name: "childBirthDate", label: "Ngày, tháng, năm sinh", type: "date", required: true },
      { name: "childSex", label: "Giới tính", type: "text", required: true },
      { name: "childBirthPlace", label: "Nơi sinh", type: "text", required: true },
      { name: "childEthnicity", label: "Dân tộc", type: "text", required: true },
      { name: "childNationality", label: "Quốc tịch", type: "text", required: true },
      { name: "motherName", label: "Họ, chữ đệm và tên người mẹ", type: "text", required: true },
      { name: "fatherName", label: "Họ, chữ đệm và tên người cha", type: "text", required: false },
    ],
    steps: [
      { key: "examination", name: "Thụ lý, thẩm định hồ sơ", role: "specialist", allowance: hours(4) },
      { key: "approval", name: "Phê duyệt, ký kết quả", role: "leader", allowance: hours(3) },
    ],
  },
  {
    code: "1.001612",
    placement: { thaiBinh: "huyen", hungYen: "xa" },
    channels: ["online", "desk", "post"],
    popularity: 83,
    doubtful: ["fee"],
    conditions: "Cá nhân, thành viên hộ gia đình là công dân Việt Nam có năng lực hành vi dân sự đầy đủ; tên hộ kinh doanh không trùng trong phạm vi cấp đăng ký.",
    name: "Đăng ký thành lập hộ kinh doanh",
    field: "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
    level: "district",
    agency: "dongHung",
    serviceMode: "full",
    allowance: days(3),
    timeNote: "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    feeAmount: 50000,
    feeNote: "Lệ phí 50.000 đồng/lần (mức do HĐND tỉnh quy định; số liệu cần đối chiếu với Cổng DVC quốc gia).",
    resultName: "Giấy chứng nhận đăng ký hộ kinh doanh",
    resultTemplate: "householdBusiness",
    resultSymbol: "GCN-ĐKHKD",
    legalBasis: "Nghị định 01/2021/NĐ-CP (nay Nghị định 168/2025/NĐ-CP) về đăng ký doanh nghiệp.",
    documents: [
      { name: "Giấy đề nghị đăng ký hộ kinh doanh", originals: 1, copies: 0, required: true },
      { name: "Bản sao thẻ căn cước của chủ hộ kinh doanh", originals: 0, copies: 1, required: true },
      { name: "Văn bản ủy quyền của các thành viên hộ gia đình cho chủ hộ (nếu có)", originals: 1, copies: 0, required: false },
    ],
    formFields: [
      { name: "businessName", label: "Tên hộ kinh doanh", type: "text", required: true },
      { name: "businessAddress", label: "Địa chỉ trụ sở hộ kinh doanh", type: "text", required: true },
      { name: "businessLines", label: "Ngành, nghề kinh doanh", type: "textarea", required: true },
      { name: "capital", label: "Vốn kinh doanh (đồng)", type: "text", required: true },
    ],
    steps: [
      { key: "examination", name: "Thụ lý, thẩm định hồ sơ", role: "specialist", allowance: days(1.5) },
      { key: "review", name: "Lãnh đạo phòng xem xét", role: "unitHead", allowance: days(0.5) },
      { key: "approval", name: "Lãnh đạo UBND phê duyệt, ký số", role: "leader", allowance: days(0.5) },
    ],
  },
  {
    code: "3.000333",
    // Today the provincial police issue the judicial record (the national database, 2026).
    placement: { thaiBinh: "tinh:justice", hungYen: "tinh:police" },
    channels: ["online", "desk", "post"],
    popularity: 82,
    doubtful: ["fee"],
    name: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
    field: "Lý lịch tư pháp",
    level: "province",
    agency: "justiceDept",
    serviceMode: "full",
    allowance: days(10),
    timeNote: "Không quá 10 ngày; trường hợp đặc biệt không quá 15 ngày.",
    feeAmount: 200000,
    feeNote: "Phí theo Thông tư 244/2016/TT-BTC (số tiền 200.000 đồng là giả định, cần đối chiếu).",
    resultName: "Phiếu lý lịch tư pháp",
    resultTemplate: "judicialRecord",
    resultSymbol: "LLTP",
    legalBasis: "Luật Lý lịch tư pháp 2009; Thông tư 244/2016/TT-BTC.",
    documents: [
      { name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", originals: 1, copies: 0, required: true },
      { name: "Bản chụp thẻ căn cước / CCCD / hộ chiếu", originals: 0, copies: 1, required: true },
      { name: "Văn bản ủy quyền có công chứng (chỉ với Phiếu số 1, nếu nộp thay)", originals: 1, copies: 0, required: false },
    ],
    formFields: [
      { name: "recordType", label: "Loại phiếu yêu cầu (số 1 hoặc số 2)", type: "text", required: true },
      { name: "birthDate", label: "Ngày, tháng, năm sinh", type: "date", required: true },
      { name: "birthPlace", label: "Nơi sinh", type: "text", required: true },
      { name: "purpose", label: "Mục đích sử dụng phiếu", type: "textarea", required: true },
    ],
    steps: [
      // The fee is collected first (at the desk, or by the payment platform once it is connected);
      // while it is unpaid the dossier is in status 6 and its clock is stopped.
      { key: "fee", name: "Nộp phí cấp Phiếu lý lịch tư pháp", role: "desk", kind: "payment", allowance: hours(4) },
      { key: "examination", name: "Tra cứu, xác minh lý lịch", role: "specialist", allowance: days(8) },
      { key: "review", name: "Lãnh đạo phòng kiểm tra", role: "unitHead", allowance: days(0.5) },
      { key: "approval", name: "Lãnh đạo Sở ký phiếu", role: "leader", allowance: days(0.5) },
    ],
  },
];

export type DemoUser = {
  username: string;
  fullName: string;
  role: UserRole;
  /** The agency the role serves, by DEMO_AGENCIES key. */
  agency: string | null;
  /** Further roles the same person holds (kiêm nhiệm); the user chooses the active one. */
  alsoRoles?: Array<{ role: UserRole; agency: string }>;
  title?: string;
  /** The unit (phòng) the officer works in, by DEMO_AGENCIES key. */
  unit?: string;
  email: string;
  phone?: string;
  idNumber?: string;
  address?: string;
};

export const DEMO_USERS: DemoUser[] = [
  {
    username: "congdan",
    fullName: "Nguyễn Văn An",
    role: "citizen",
    agency: null,
    email: "congdan@example.vn",
    phone: "0912345678",
    idNumber: "034090001234",
    address: "Thôn Lạc Thành, xã Đông La, huyện Đông Hưng, tỉnh Thái Bình",
  },
  { username: "motcua.huyen", fullName: "Trần Thị Bình", role: "desk", agency: "dongHung", title: "Công chức Bộ phận Một cửa", email: "motcua.huyen@example.vn" },
  { username: "chuyenvien.huyen", fullName: "Lê Văn Cường", role: "specialist", agency: "dongHung", title: "Chuyên viên Phòng Tài chính - Kế hoạch", unit: "dongHungFinance", email: "chuyenvien.huyen@example.vn" },
  // A second specialist of the same unit, so that the unit head has someone to assign and reassign to.
  { username: "chuyenvien2.huyen", fullName: "Nguyễn Thị Yến", role: "specialist", agency: "dongHung", title: "Chuyên viên Phòng Tài chính - Kế hoạch", unit: "dongHungFinance", email: "chuyenvien2.huyen@example.vn" },
  { username: "truongphong.huyen", fullName: "Phạm Thị Dung", role: "unitHead", agency: "dongHung", title: "Trưởng phòng Tài chính - Kế hoạch", unit: "dongHungFinance", email: "truongphong.huyen@example.vn" },
  { username: "lanhdao.huyen", fullName: "Hoàng Văn Đức", role: "leader", agency: "dongHung", title: "Phó Chủ tịch UBND huyện", email: "lanhdao.huyen@example.vn" },
  { username: "vanthu.huyen", fullName: "Trịnh Thị Giang", role: "clerk", agency: "dongHung", title: "Văn thư Văn phòng HĐND và UBND huyện", email: "vanthu.huyen@example.vn" },
  { username: "motcua.xa", fullName: "Vũ Thị Hà", role: "desk", agency: "dongLa", title: "Công chức Bộ phận Một cửa", email: "motcua.xa@example.vn" },
  { username: "tuphap.xa", fullName: "Đỗ Văn Hùng", role: "specialist", agency: "dongLa", title: "Công chức Tư pháp - Hộ tịch", unit: "dongLaJustice", email: "tuphap.xa@example.vn" },
  { username: "lanhdao.xa", fullName: "Bùi Thị Lan", role: "leader", agency: "dongLa", title: "Chủ tịch UBND xã", email: "lanhdao.xa@example.vn" },
  { username: "motcua.so", fullName: "Đặng Văn Minh", role: "desk", agency: "justiceDept", title: "Công chức Bộ phận Một cửa", email: "motcua.so@example.vn" },
  { username: "chuyenvien.so", fullName: "Ngô Thị Ngọc", role: "specialist", agency: "justiceDept", title: "Chuyên viên Phòng Hành chính tư pháp", unit: "justiceUnit", email: "chuyenvien.so@example.vn" },
  { username: "truongphong.so", fullName: "Dương Văn Phúc", role: "unitHead", agency: "justiceDept", title: "Trưởng phòng Hành chính tư pháp", unit: "justiceUnit", email: "truongphong.so@example.vn" },
  { username: "lanhdao.so", fullName: "Lý Thị Quỳnh", role: "leader", agency: "justiceDept", title: "Phó Giám đốc Sở Tư pháp", email: "lanhdao.so@example.vn" },
  { username: "vanthu.so", fullName: "Mai Thị Oanh", role: "clerk", agency: "justiceDept", title: "Văn thư Sở Tư pháp", email: "vanthu.so@example.vn" },
  { username: "quantri", fullName: "Quản trị hệ thống", role: "admin", agency: "province", title: "Quản trị viên", email: "quantri@example.vn" },
  // Holds two roles (issue 8): chooses the active one in the header; desk comes first by default.
  {
    username: "kiemnhiem.huyen",
    fullName: "Mai Thị Thu",
    role: "desk",
    agency: "dongHung",
    alsoRoles: [{ role: "specialist", agency: "dongHung" }],
    title: "Công chức Một cửa kiêm chuyên viên Phòng Tài chính - Kế hoạch",
    unit: "dongHungFinance", email: "kiemnhiem.huyen@example.vn",
  },
  { username: "giamsat", fullName: "Văn phòng UBND tỉnh", role: "monitor", agency: "province", title: "Chuyên viên giám sát", email: "giamsat@example.vn" },
];
