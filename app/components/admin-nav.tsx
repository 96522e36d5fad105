import { NavLink } from "@remix-run/react";

/** The administrator's pages, in the order of her work; shown on the admin home and atop each admin page. */
export const ADMIN_PAGES = [
  { to: "/quan-tri/co-quan", label: "Cơ quan, đơn vị", hint: "Cây cơ quan, cấp, mã định danh, phòng, giờ làm việc" },
  { to: "/quan-tri/nguoi-dung", label: "Người dùng", hint: "Tài khoản, vai trò, phòng, mật khẩu, chứng thư số" },
  { to: "/quan-tri/thu-tuc", label: "Thủ tục, quy trình", hint: "Thành phần hồ sơ, phí, thời hạn, biểu mẫu, các bước xử lý" },
  { to: "/quan-tri/ngay-nghi", label: "Ngày nghỉ lễ", hint: "Ngày nghỉ lễ và ngày làm bù theo năm" },
  { to: "/quan-tri/mau-thu", label: "Mẫu thư điện tử", hint: "Tiêu đề, nội dung thư gửi công dân và cán bộ" },
  { to: "/quan-tri/bao-cao-dinh-ky", label: "Báo cáo định kỳ", hint: "Người nhận báo cáo tháng, quý; các báo cáo đã gửi" },
  { to: "/quan-tri/doi-tac", label: "Đối tác bưu chính", hint: "Đối tác, khoá API, khoá ký webhook" },
  { to: "/quan-tri/dong-bo", label: "Đồng bộ", hint: "Đồng bộ với Cổng DVC quốc gia và bưu chính" },
  { to: "/quan-tri/tac-vu-loi", label: "Tác vụ lỗi", hint: "Tác vụ thất bại, chạy lại" },
  { to: "/quan-tri/nhat-ky", label: "Nhật ký quản trị", hint: "Ai đã thay đổi gì, khi nào, trước và sau" },
] as const;

export function AdminNav() {
  return (
    <nav aria-label="Quản trị hệ thống" className="admin-nav">
      <NavLink to="/quan-tri" end>
        Trang quản trị
      </NavLink>
      {ADMIN_PAGES.map((p) => (
        <NavLink key={p.to} to={p.to}>
          {p.label}
        </NavLink>
      ))}
    </nav>
  );
}
