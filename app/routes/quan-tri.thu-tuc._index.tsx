import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listProcedures } from "../services/admin/procedures.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Thủ tục, quy trình — Quản trị" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:procedures:all");
  return json({ procedures: await listProcedures(context.services) });
}

const LEVELS = { province: "Cấp tỉnh", district: "Cấp huyện", commune: "Cấp xã" } as const;

export default function ProcedureList() {
  const { procedures } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Thủ tục hành chính và quy trình</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Tên thủ tục</th>
              <th scope="col">Cơ quan thực hiện</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {procedures.map((p) => (
              <tr key={p.code}>
                <td className="nowrap">{p.code}</td>
                <td>
                  {p.name}
                  <div className="hint">
                    {p.field} · {LEVELS[p.level]}
                  </div>
                </td>
                <td>{p.agencyName}</td>
                <td>
                  <Link to={`/quan-tri/thu-tuc/${p.code}`} aria-label={`Sửa thủ tục ${p.code}`}>
                    Sửa thủ tục
                  </Link>
                  <br />
                  <Link to={`/quan-tri/thu-tuc/${p.code}/quy-trinh`} aria-label={`Quy trình của thủ tục ${p.code}`}>
                    Quy trình
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
