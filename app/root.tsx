import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import stylesheet from "./styles.css";
import { currentUser } from "./services/auth.server";
import { readDisplayPreferences } from "./services/display.server";
import { ROLE_NAMES } from "./labels";
import { useNonce } from "./nonce";
import { RoleSwitcher, type RoleChoice } from "./components/role-switcher";
import { roleChoicesFor } from "./services/permissions.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Cổng Dịch vụ công tỉnh Thái Bình — Một Cửa điện tử" },
  { name: "description", content: "Tra cứu thủ tục hành chính, nộp hồ sơ trực tuyến và theo dõi kết quả giải quyết." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(context.services.database.db, request);
  const url = new URL(request.url);
  return json({
    user: user ? { fullName: user.fullName, role: user.role, roleChoices: await roleChoicesFor(context.services, user) } : null,
    display: readDisplayPreferences(request),
    here: url.pathname + url.search,
  });
}

function Header({ user }: { user: { fullName: string; role: keyof typeof ROLE_NAMES; roleChoices: RoleChoice[] } | null }) {
  const officer = user && user.role !== "citizen";
  return (
    <header className="site-header">
      <div className="brand">
        <Link to="/" className="brand-link">
          <span className="brand-emblem" aria-hidden="true">★</span>
          <span>
            <strong>Cổng Dịch vụ công tỉnh Thái Bình</strong>
            <small>Hệ thống thông tin giải quyết thủ tục hành chính — Một Cửa điện tử</small>
          </span>
        </Link>
      </div>
      <nav aria-label="Điều hướng chính" className="main-nav">
        <Link to="/thu-tuc">Thủ tục hành chính</Link>
        <Link to="/tra-cuu">Tra cứu hồ sơ</Link>
        <Link to="/tra-cuu/xac-thuc">Xác thực văn bản</Link>
        {user?.role === "citizen" ? <Link to="/ho-so-cua-toi">Hồ sơ của tôi</Link> : null}
        {officer && user.role !== "admin" && user.role !== "monitor" ? <Link to="/can-bo">Hồ sơ cần xử lý</Link> : null}
        {user?.role === "admin" ? <Link to="/quan-tri">Quản trị</Link> : null}
        {user ? (
          <Form method="post" action="/dang-xuat" className="inline-form">
            <span className="who">
              {user.fullName} <small data-testid="active-role">({ROLE_NAMES[user.role]})</small>
            </span>
            <button type="submit" className="link-button">
              Đăng xuất
            </button>{" "}
            <Link to="/dang-xuat">Đăng xuất mọi nơi</Link>
          </Form>
        ) : null}
        {user ? (
          <RoleSwitcher choices={user.roleChoices} />
        ) : (
          <Link to="/dang-nhap">Đăng nhập</Link>
        )}
      </nav>
    </header>
  );
}

function DisplayControls({ display, here }: { display: { largeText: boolean; highContrast: boolean }; here: string }) {
  return (
    <div className="display-controls" role="group" aria-label="Tùy chọn hiển thị">
      {(
        [
          ["largeText", "Cỡ chữ lớn", display.largeText],
          ["highContrast", "Tương phản cao", display.highContrast],
        ] as const
      ).map(([toggle, label, on]) => (
        <Form method="post" action="/hien-thi" key={toggle} className="inline-form">
          <input type="hidden" name="toggle" value={toggle} />
          <input type="hidden" name="back" value={here} />
          <button type="submit" className="link-button" aria-pressed={on}>
            {label}
          </button>
        </Form>
      ))}
    </div>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const classes = [data?.display.largeText ? "text-large" : "", data?.display.highContrast ? "high-contrast" : ""].filter(Boolean).join(" ");
  return (
    <html lang="vi" className={classes || undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#noi-dung" className="skip-link">
          Bỏ qua, đến nội dung chính
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, display, here } = useLoaderData<typeof loader>();
  return (
    <>
      <DisplayControls display={display} here={here} />
      <Header user={user} />
      <main id="noi-dung" className="content">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>Trung tâm Phục vụ hành chính công tỉnh Thái Bình — 76 Lý Thường Kiệt, TP Thái Bình.</p>
        <p>Phần mềm nguồn mở Một Cửa. Dữ liệu minh hoạ: mã định danh cơ quan cấp dưới là dữ liệu mẫu.</p>
      </footer>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : error.statusText
    : "Đã có lỗi xảy ra. Vui lòng thử lại sau.";
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <main id="noi-dung" className="content">
      <h1>{status === 404 ? "Không tìm thấy trang" : status === 403 ? "Không có quyền truy cập" : "Có lỗi xảy ra"}</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/">Về trang chủ</Link>
      </p>
    </main>
  );
}
