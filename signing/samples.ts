/**
 * Demo inputs for every form (fictional people; the agency identifiers below H54 are sample data).
 * Used by the tests, the benchmark and anyone who wants to look at the forms.
 */
import { verificationUrl } from './forms/layout.js';
import type {
  ApologyInput,
  BirthCertificateInput,
  ControlSheetInput,
  HouseholdBusinessInput,
  DecisionInput,
  JudicialRecordInput,
  ReceiptInput,
  RefusalInput,
  RegisterInput,
  ResultCertificateInput,
  StopNoticeInput,
  SupplementRequestInput,
} from './forms/index.js';

const BASE_URL = 'https://dichvucong.thaibinh.gov.vn';
export const SAMPLE_CODE = '000.00.00.H54-261123-0007';
const at = (iso: string) => new Date(iso);
const verify = verificationUrl(BASE_URL, SAMPLE_CODE);

const provincialCentre = {
  parentAgency: 'UBND tỉnh Thái Bình',
  agency: 'Trung tâm Phục vụ hành chính công',
  place: 'Thái Bình',
  date: at('2026-11-23T03:15:00Z'),
};

const applicant = {
  name: 'Nguyễn Thị Thu Hằng',
  idNumber: '034190012345',
  address: 'Số 12, đường Lý Bôn, phường Đề Thám, thành phố Thái Bình, tỉnh Thái Bình',
  phone: '0912 345 678',
  email: 'hang.nguyen@example.vn',
};

const dossier = {
  verificationUrl: verify,
  dossierCode: SAMPLE_CODE,
  applicant,
  procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
};

export const sampleReceipt: ReceiptInput = {
  ...dossier,
  header: { ...provincialCentre, number: '125/GTN-TTPVHCC' },
  receivingUnit: 'Trung tâm Phục vụ hành chính công tỉnh Thái Bình',
  documents: [
    { name: 'Tờ khai đăng ký khai sinh theo mẫu', originals: 1, copies: 0 },
    { name: 'Giấy chứng sinh do cơ sở y tế nơi trẻ em sinh ra cấp', originals: 1, copies: 0 },
    { name: 'Giấy chứng nhận kết hôn của cha, mẹ trẻ em (trường hợp cha, mẹ đã đăng ký kết hôn tại cơ quan có thẩm quyền nước ngoài)', originals: 0, copies: 1 },
  ],
  processingTime: '01 ngày làm việc',
  receivedAt: at('2026-11-23T03:15:00Z'),
  appointmentAt: at('2026-11-24T09:00:00Z'),
  returnChannel: 'post',
  returnAddress: 'Số 12, đường Lý Bôn, phường Đề Thám, thành phố Thái Bình',
  officer: { name: 'Nguyễn Thị Hương' },
  register: { book: '03/2026', entry: '1254' },
};

export const sampleSupplementRequest: SupplementRequestInput = {
  ...dossier,
  header: { ...provincialCentre, number: '37/PYCBS-TTPVHCC' },
  receivingUnit: sampleReceipt.receivingUnit,
  receivedAt: sampleReceipt.receivedAt,
  items: [
    { document: 'Giấy chứng sinh', reason: 'bản nộp là bản chụp không rõ nét, đề nghị nộp bản chính.' },
    { document: 'Tờ khai đăng ký khai sinh', reason: 'thiếu chữ ký của người đi khai sinh và thông tin về quê quán của trẻ em.' },
  ],
  deadline: at('2026-11-30T10:00:00Z'),
  contact: { name: 'bà Nguyễn Thị Hương, Bộ phận Một cửa', phone: '0227 3 123 456' },
  officer: { name: 'Nguyễn Thị Hương' },
};

export const sampleRefusal: RefusalInput = {
  ...dossier,
  header: { ...provincialCentre, number: '12/PTC-TTPVHCC' },
  receivingUnit: sampleReceipt.receivingUnit,
  receivedAt: sampleReceipt.receivedAt,
  reasons: [
    'Việc đăng ký khai sinh cho trẻ em thuộc thẩm quyền của Ủy ban nhân dân cấp xã nơi cư trú của người cha hoặc người mẹ.',
    'Hồ sơ không được bổ sung trong thời hạn đã hẹn theo Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ số 37/PYCBS-TTPVHCC.',
  ],
  officer: { name: 'Nguyễn Thị Hương' },
};

export const sampleApology: ApologyInput = {
  ...dossier,
  header: { parentAgency: 'UBND tỉnh Thái Bình', agency: 'Sở Tư pháp', number: '215/PXL-STP', place: 'Thái Bình', date: at('2026-11-24T02:00:00Z') },
  processingAgency: 'Sở Tư pháp tỉnh Thái Bình',
  receivedAt: sampleReceipt.receivedAt,
  originalAppointmentAt: sampleReceipt.appointmentAt,
  newAppointmentAt: at('2026-11-26T09:00:00Z'),
  reason: 'cơ sở dữ liệu hộ tịch điện tử gián đoạn do nâng cấp hệ thống, chưa thể cấp số định danh cá nhân cho trẻ em.',
  signer: { authority: ['KT. GIÁM ĐỐC'], title: 'Phó Giám đốc', name: 'Lê Thị Ngọc Ánh' },
};

export const sampleStopNotice: StopNoticeInput = {
  ...dossier,
  header: { parentAgency: 'UBND tỉnh Thái Bình', agency: 'Sở Tư pháp', number: '09/TB-STP', place: 'Thái Bình', date: at('2026-11-25T02:00:00Z') },
  processingAgency: 'Sở Tư pháp tỉnh Thái Bình',
  receivedAt: sampleReceipt.receivedAt,
  reason: 'người yêu cầu đã có đơn đề nghị rút hồ sơ ngày 24/11/2026.',
  legalBasis: 'Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông',
  signer: { authority: ['KT. GIÁM ĐỐC'], title: 'Phó Giám đốc', name: 'Lê Thị Ngọc Ánh' },
};

export const sampleControlSheet: ControlSheetInput = {
  ...dossier,
  header: { ...provincialCentre, number: '125/PKS-TTPVHCC' },
  receivedAt: sampleReceipt.receivedAt,
  appointmentAt: sampleReceipt.appointmentAt,
  processingAgency: 'Phòng Hộ tịch, Sở Tư pháp tỉnh Thái Bình',
  coordinatingAgencies: ['Công an tỉnh Thái Bình (cấp số định danh cá nhân)'],
  handOvers: [
    { from: 'Bộ phận Một cửa — Nguyễn Thị Hương', to: 'Phòng Hộ tịch — Trần Văn Đức', at: at('2026-11-23T04:00:00Z'), dueAt: at('2026-11-23T08:00:00Z'), outcome: 'early' },
    { from: 'Phòng Hộ tịch — Trần Văn Đức', to: 'Lãnh đạo Sở — Lê Thị Ngọc Ánh', at: at('2026-11-24T01:30:00Z'), dueAt: at('2026-11-24T02:00:00Z'), outcome: 'on_time' },
    { from: 'Lãnh đạo Sở — Lê Thị Ngọc Ánh', to: 'Bộ phận Một cửa — Nguyễn Thị Hương', at: at('2026-11-24T09:30:00Z'), dueAt: at('2026-11-24T08:00:00Z'), outcome: 'late', note: 'Chờ cấp số định danh' },
  ],
  officer: { name: 'Nguyễn Thị Hương' },
};

export const sampleRegister: RegisterInput = {
  header: { ...provincialCentre, date: at('2026-11-30T10:00:00Z') },
  verificationUrl: undefined,
  period: 'Tháng 11 năm 2026',
  entries: Array.from({ length: 24 }, (_, i) => ({
    dossierCode: `000.00.00.H54-2611${String(10 + (i % 18)).padStart(2, '0')}-${String(i + 1).padStart(4, '0')}`,
    procedure: i % 3 === 0 ? 'Đăng ký khai sinh' : i % 3 === 1 ? 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam' : 'Đăng ký thành lập hộ kinh doanh',
    applicant: ['Nguyễn Thị Thu Hằng', 'Trần Quốc Việt', 'Phạm Ngọc Ánh', 'Đỗ Văn Hùng'][i % 4],
    contact: 'phường Đề Thám, TP Thái Bình; 0912 345 678',
    processingAgency: i % 3 === 1 ? 'Sở Tư pháp' : 'UBND TP Thái Bình',
    receivedAt: at(`2026-11-${String(10 + (i % 18)).padStart(2, '0')}T02:00:00Z`),
    appointmentAt: at(`2026-11-${String(12 + (i % 18)).padStart(2, '0')}T09:00:00Z`),
    transferredAt: at(`2026-11-${String(10 + (i % 18)).padStart(2, '0')}T04:00:00Z`),
    resolvedAt: i % 5 ? at(`2026-11-${String(11 + (i % 18)).padStart(2, '0')}T08:00:00Z`) : undefined,
    returnedAt: i % 5 ? at(`2026-11-${String(12 + (i % 18)).padStart(2, '0')}T03:00:00Z`) : undefined,
    note: i % 5 ? '' : 'Đang giải quyết',
  })),
};

export const sampleResultCertificate: ResultCertificateInput = {
  verificationUrl: verify,
  dossierCode: SAMPLE_CODE,
  header: { parentAgency: 'UBND tỉnh Thái Bình', agency: 'Sở Xây dựng', number: '1024/GP-SXD', place: 'Thái Bình', date: at('2026-11-24T02:00:00Z') },
  title: 'Giấy phép xây dựng',
  subtitle: '(Sử dụng cho nhà ở riêng lẻ)',
  legalBasis: ['Luật Xây dựng ngày 18 tháng 6 năm 2014 và Luật sửa đổi, bổ sung một số điều của Luật Xây dựng ngày 17 tháng 6 năm 2020', 'Hồ sơ đề nghị cấp giấy phép xây dựng của bà Nguyễn Thị Thu Hằng'],
  lines: [
    { paragraph: 'Cấp cho: bà Nguyễn Thị Thu Hằng. Địa chỉ: Số 12, đường Lý Bôn, phường Đề Thám, thành phố Thái Bình, tỉnh Thái Bình.' },
    { label: 'Được phép xây dựng công trình', value: 'Nhà ở riêng lẻ 03 tầng' },
    { label: 'Theo thiết kế', value: 'Hồ sơ thiết kế do Công ty TNHH Tư vấn Xây dựng Thái Bình lập' },
    { row: [['Diện tích xây dựng', '96 m²'], ['Tổng diện tích sàn', '288 m²']] },
    { row: [['Chiều cao công trình', '11,7 m'], ['Số tầng', '03']] },
  ],
  closing: ['Giấy phép này có hiệu lực khởi công xây dựng trong thời hạn 12 tháng kể từ ngày cấp; quá thời hạn trên thì phải đề nghị gia hạn giấy phép xây dựng.'],
  signer: { authority: ['KT. GIÁM ĐỐC'], title: 'Phó Giám đốc', name: 'Trần Văn Đức' },
  recipients: ['Bà Nguyễn Thị Thu Hằng', 'UBND phường Đề Thám', 'Lưu: VT, QLXD'],
};

export const sampleBirthCertificate: BirthCertificateInput = {
  verificationUrl: verify,
  dossierCode: SAMPLE_CODE,
  header: { parentAgency: 'UBND thành phố Thái Bình', agency: 'UBND phường Đề Thám', place: 'Thái Bình', date: at('2026-11-24T02:00:00Z') },
  registerNumber: '215',
  registerBook: '01/2026',
  child: {
    name: 'Trần Nguyễn Minh Khuê',
    birthDate: at('2026-11-05T01:20:00Z'),
    sex: 'Nữ',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    birthPlace: 'Bệnh viện Đa khoa tỉnh Thái Bình, phường Trần Lãm, thành phố Thái Bình, tỉnh Thái Bình',
    hometown: 'xã Vũ Chính, thành phố Thái Bình, tỉnh Thái Bình',
    personalId: '034326001122',
  },
  mother: { name: 'Nguyễn Thị Thu Hằng', birthYear: 1990, ethnicity: 'Kinh', nationality: 'Việt Nam', residence: applicant.address },
  father: { name: 'Trần Quốc Việt', birthYear: 1988, ethnicity: 'Kinh', nationality: 'Việt Nam', residence: applicant.address },
  declarant: { name: 'Nguyễn Thị Thu Hằng', relationship: 'mẹ', idDocument: 'CCCD số 034190012345' },
  registrationPlace: 'Ủy ban nhân dân phường Đề Thám, thành phố Thái Bình, tỉnh Thái Bình',
  registeredAt: at('2026-11-24T02:00:00Z'),
  signer: { authority: ['TM. ỦY BAN NHÂN DÂN'], title: 'Phó Chủ tịch', name: 'Phạm Quang Vĩnh' },
};

export const sampleJudicialRecord: JudicialRecordInput = {
  verificationUrl: verify,
  dossierCode: SAMPLE_CODE,
  header: { parentAgency: 'UBND tỉnh Thái Bình', agency: 'Sở Tư pháp', number: '4521/STP-LLTP', place: 'Thái Bình', date: at('2026-11-27T02:00:00Z') },
  kind: 1,
  person: {
    name: 'Trần Quốc Việt',
    sex: 'Nam',
    birthDate: at('1988-02-14T00:00:00Z'),
    birthPlace: 'Xã Vũ Chính, thành phố Thái Bình, tỉnh Thái Bình',
    nationality: 'Việt Nam',
    ethnicity: 'Kinh',
    residence: applicant.address,
    idNumber: '034088009876',
  },
  convictions: [],
  managementBan: { requested: true },
  preparedBy: { name: 'Đỗ Thị Lan' },
  signer: { authority: ['KT. GIÁM ĐỐC'], title: 'Phó Giám đốc', name: 'Lê Thị Ngọc Ánh' },
};

export const sampleHouseholdBusiness: HouseholdBusinessInput = {
  verificationUrl: verify,
  dossierCode: SAMPLE_CODE,
  header: { parentAgency: 'UBND thành phố Thái Bình', agency: 'Phòng Tài chính - Kế hoạch', place: 'Thái Bình', date: at('2026-11-26T02:00:00Z') },
  registrationNumber: '34A8012345',
  firstRegisteredAt: at('2026-11-26T02:00:00Z'),
  businessName: 'Hộ kinh doanh Bánh cáy Hằng Việt',
  address: 'Số 12, đường Lý Bôn, phường Đề Thám, thành phố Thái Bình, tỉnh Thái Bình',
  phone: '0912 345 678',
  email: 'banhcay.hangviet@example.vn',
  activities: ['Sản xuất bánh cáy, bánh kẹo truyền thống (mã ngành 1071)', 'Bán lẻ lương thực, thực phẩm trong các cửa hàng chuyên doanh (mã ngành 4722)'],
  capital: 150_000_000,
  owner: {
    name: 'Nguyễn Thị Thu Hằng',
    sex: 'Nữ',
    birthDate: at('1990-07-02T00:00:00Z'),
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    idNumber: '034190012345',
    idIssuedAt: at('2021-04-10T00:00:00Z'),
    idIssuedBy: 'Cục Cảnh sát quản lý hành chính về trật tự xã hội',
    permanentAddress: applicant.address,
  },
  signer: { title: 'Trưởng phòng', name: 'Vũ Minh Tuấn' },
};

export const sampleDecision: DecisionInput = {
  verificationUrl: verify,
  dossierCode: SAMPLE_CODE,
  header: { agency: 'Ủy ban nhân dân huyện Đông Hưng', number: '1250/QĐ-UBND', place: 'Đông Hưng', date: at('2026-11-26T02:00:00Z') },
  subject: 'Về việc hỗ trợ kinh phí sửa chữa nhà ở cho hộ nghèo năm 2026',
  issuer: 'Chủ tịch Ủy ban nhân dân huyện Đông Hưng',
  legalBasis: [
    'Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015',
    'Quyết định số 33/2015/QĐ-TTg ngày 10 tháng 8 năm 2015 của Thủ tướng Chính phủ về chính sách hỗ trợ nhà ở đối với hộ nghèo',
  ],
  proposal: 'Trưởng phòng Lao động - Thương binh và Xã hội huyện',
  articles: [
    'Hỗ trợ bà Nguyễn Thị Thu Hằng, thôn Lạc Thành, xã Đông La số tiền 50.000.000 đồng (Bằng chữ: Năm mươi triệu đồng) để sửa chữa nhà ở.',
    'Quyết định này có hiệu lực kể từ ngày ký.',
    'Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Lao động - Thương binh và Xã hội, Chủ tịch UBND xã Đông La và bà Nguyễn Thị Thu Hằng chịu trách nhiệm thi hành Quyết định này.',
  ],
  recipients: ['Như Điều 3', 'Chủ tịch, các PCT UBND huyện', 'Lưu: VT, LĐTBXH'],
  signer: { authority: ['KT. CHỦ TỊCH'], title: 'PHÓ CHỦ TỊCH', name: 'Hoàng Văn Đức' },
};
