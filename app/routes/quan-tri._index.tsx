import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ADMIN_PAGES } from "../components/admin-nav";
import { adminOverview } from "../services/admin/overview.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Quản trị hệ thống" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:users:all");
  return json(await adminOverview(context.services));
}

export default function AdminHome() {
  const overview = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Quản trị hệ thống</h1>
      <p className="lead">
        {overview.agencies} cơ quan, đơn vị · {overview.activeUsers} tài khoản đang hoạt động · {overview.procedures} thủ tục hành chính · {overview.auditEntries} thay đổi
        trong nhật ký quản trị.
      </p>
      <ul className="grid" style={{ listStyle: "none", padding: 0 }}>
        {ADMIN_PAGES.map((p) => (
          <li key={p.to} className="card">
            <h2 style={{ fontSize: "1.1rem", margin: "0 0 .25rem" }}>
              <Link to={p.to}>{p.label}</Link>
            </h2>
            <p className="hint" style={{ margin: 0 }}>
              {p.hint}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
